// baton checklists [paths] [--format table|json|markdown] [--overdue] [--require-complete GLOB] [--now ISO]
// Progress per document and section, overdue and unowned items, the KB total, and a go-live gate.
import picomatch from 'picomatch';
import { buildChecklist, formatProgress, isValidDate, localDate, orderChecklists, percent, rollup, type ChecklistItem, type DocumentChecklist, type Progress } from '../../core/checklists';
import type { Engine } from '../../core/engine';
import { relative } from '../../core/paths';
import { parseOptions, UsageError, type CommandContext } from '../main';
import { openEngine } from '../workspace';
import { selectDocuments } from './lint';

export const CHECKLISTS_HELP = `Usage: baton checklists [paths...] [options]

Prints checklist progress: per document and per section (leaf items done/total), the
overdue and unowned open items, progress by folder and the KB total. Every document with
task items counts, checklist documents first.

Options:
  --format <name>             table (default), json or markdown
  --overdue                   only documents and items that are overdue
  --require-complete <glob>   exit 1 unless every matching document is 100% done (a gate
                              before go-live); a path glob, relative to the current folder
                              or the repository, or a document id; repeat it or separate
                              globs with commas
  --now <date>                "today" for overdue checks, as YYYY-MM-DD or an ISO time
                              (default: the system clock)
  --lang <en|zh-CN>           language of messages (default: from LANG)

Exit codes: 0 done, 1 a --require-complete document is not complete, 2 a usage or
configuration problem.
`;

const FORMATS = ['table', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

/** `--now`: a plain date is that day; anything else must be an ISO time Date can read. */
export function parseNow(ctx: CommandContext, value: string | undefined): string {
  if (value === undefined) return localDate(ctx.host.clock.now());
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!isValidDate(value)) throw new UsageError(ctx.t.t('--now takes a date as YYYY-MM-DD or an ISO time, not "{0}"', value));
    return value;
  }
  const time = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(time.getTime())) throw new UsageError(ctx.t.t('--now takes a date as YYYY-MM-DD or an ISO time, not "{0}"', value));
  // The calendar date the time names where it was written: 2026-11-23T01:00+08:00 is the 23rd.
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(value);
  if (offset) {
    const minutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
    return new Date(time.getTime() + minutes * 60_000).toISOString().slice(0, 10);
  }
  return /Z$/i.test(value) ? time.toISOString().slice(0, 10) : localDate(time);
}

export function checklistModels(engine: Engine, today: string, paths?: string[]): DocumentChecklist[] {
  const selected = paths ? new Set(paths) : undefined;
  const models: DocumentChecklist[] = [];
  for (const doc of engine.index.documents()) {
    if (doc.tasks.length === 0 || (selected && !selected.has(doc.path))) continue;
    models.push(buildChecklist(doc, { today, team: engine.config.team }));
  }
  return orderChecklists(models);
}

/** Terminal columns of a string: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return width;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

const paint = (on: boolean, code: number, text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);

function leaves(model: DocumentChecklist, keep: (item: ChecklistItem) => boolean): ChecklistItem[] {
  return model.items.filter((item) => item.children.length === 0 && keep(item));
}

const isUnowned = (item: ChecklistItem) => !item.done && !item.effectiveOwner;

function itemMeta(item: ChecklistItem): string {
  const parts: string[] = [];
  if (item.effectiveOwner) parts.push(`@${item.effectiveOwner}`);
  if (item.effectiveDue) parts.push(`📅 ${item.effectiveDue}`);
  return parts.join(' ');
}

function formatTable(ctx: CommandContext, models: DocumentChecklist[], options: { overdueOnly: boolean; rootDir: string }): string {
  const { t } = ctx.t;
  const out: string[] = [];
  const progressText = (p: Progress) => {
    const text = formatProgress(p);
    return p.total > 0 && p.done === p.total ? paint(ctx.color, 32, text) : text;
  };
  const overdueText = (n: number) => (n > 0 ? paint(ctx.color, 31, t('{0} overdue', n)) : '');
  for (const model of models) {
    const head = [paint(ctx.color, 1, model.title), model.id ? `(${model.id})` : '', progressText(model.progress), overdueText(model.overdue)].filter(Boolean);
    out.push(head.join('  '));
    out.push(`  ${paint(ctx.color, 90, ctx.display(model.path))}`);
    const sections = options.overdueOnly ? model.sections.filter((s) => s.overdue > 0) : model.sections;
    const width = Math.max(0, ...sections.map((s) => displayWidth(s.text) + 2 * (depthOf(model, s.parent) + 1)));
    for (const s of sections) {
      const indent = '  '.repeat(depthOf(model, s.parent) + 1);
      out.push(`  ${pad(indent + s.text, width)}  ${progressText(s.progress)}${s.overdue ? `  ${overdueText(s.overdue)}` : ''}`);
    }
    const overdue = leaves(model, (i) => i.overdue);
    if (overdue.length > 0) {
      out.push(`  ${t('Overdue')}:`);
      for (const item of overdue) out.push(`    ${paint(ctx.color, 90, `L${item.line}`.padEnd(6))}${item.text}  ${paint(ctx.color, 31, itemMeta(item))}`);
    }
    if (!options.overdueOnly) {
      const unowned = leaves(model, isUnowned);
      if (unowned.length > 0) {
        out.push(`  ${t('Unowned')}:`);
        for (const item of unowned) out.push(`    ${paint(ctx.color, 90, `L${item.line}`.padEnd(6))}${item.text}${item.effectiveDue ? `  📅 ${item.effectiveDue}` : ''}`);
      }
    }
    out.push('');
  }
  const { total, folders } = rollup(models, options.rootDir);
  // A folder holding every document only repeats the total.
  const folderRows = [...folders].filter(([, r]) => r.documents < total.documents).sort(([a], [b]) => (a < b ? -1 : 1));
  if (folderRows.length > 1) {
    out.push(t('By folder') + ':');
    const width = Math.max(...folderRows.map(([dir]) => displayWidth(relative(ctx.cwd, dir) || '.')));
    for (const [dir, r] of folderRows) out.push(`  ${pad(relative(ctx.cwd, dir) || '.', width)}  ${progressText(r)}${r.overdue ? `  ${overdueText(r.overdue)}` : ''}`);
    out.push('');
  }
  const unowned = models.reduce((n, m) => n + m.unowned, 0);
  out.push(paint(ctx.color, 1, t('Total: {0} documents with tasks, {1}, {2} overdue, {3} unowned', total.documents, formatProgress(total), total.overdue, unowned)));
  return out.join('\n') + '\n';
}

function depthOf(model: DocumentChecklist, parent: number): number {
  let depth = 0;
  for (let p = parent; p >= 0; p = model.sections[p].parent) depth++;
  return depth;
}

/** The `--format json` shape: one object per document. */
export function toJson(ctx: CommandContext, models: DocumentChecklist[], overdueOnly: boolean): unknown[] {
  return models.map((model) => ({
    file: ctx.display(model.path),
    id: model.id ?? null,
    title: model.title,
    done: model.progress.done,
    total: model.progress.total,
    sections: (overdueOnly ? model.sections.filter((s) => s.overdue > 0) : model.sections).map((s) => ({ heading: s.text, line: s.line, done: s.progress.done, total: s.progress.total })),
    items: (overdueOnly ? model.items.filter((i) => i.overdue) : model.items).map((item) => ({
      line: item.line,
      text: item.text,
      checked: item.checked,
      depth: item.depth,
      owner: item.effectiveOwner ?? null,
      due: item.effectiveDue ?? null,
      overdue: item.overdue,
    })),
  }));
}

/** Markdown, e.g. for a weekly report or a pull request comment. */
function formatMarkdown(ctx: CommandContext, models: DocumentChecklist[], overdueOnly: boolean): string {
  const { t } = ctx.t;
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const out: string[] = [`# ${t('Checklist progress')}`, ''];
  out.push(`| ${t('Document')} | ${t('Done')} | % | ${t('Overdue')} |`, '|---|---|---|---|');
  for (const m of models) out.push(`| [${cell(m.title)}](${encodeURI(ctx.display(m.path))}) | ${m.progress.done}/${m.progress.total} | ${percent(m.progress)}% | ${m.overdue} |`);
  const { total } = rollup(models);
  out.push(`| **${t('Total')}** | **${total.done}/${total.total}** | **${percent(total)}%** | **${total.overdue}** |`, '');
  for (const m of models) {
    out.push(`## ${cell(m.title)}`, '');
    out.push(`${formatProgress(m.progress)}${m.overdue ? ` · ${t('{0} overdue', m.overdue)}` : ''}`, '');
    const sections = overdueOnly ? m.sections.filter((s) => s.overdue > 0) : m.sections;
    if (sections.length > 0) {
      out.push(`| ${t('Section')} | ${t('Done')} | % | ${t('Overdue')} |`, '|---|---|---|---|');
      for (const s of sections) out.push(`| ${'&emsp;'.repeat(depthOf(m, s.parent))}${cell(s.text)} | ${s.progress.done}/${s.progress.total} | ${percent(s.progress)}% | ${s.overdue} |`);
      out.push('');
    }
    const overdue = leaves(m, (i) => i.overdue);
    if (overdue.length > 0) {
      out.push(`${t('Overdue')}:`, '');
      for (const item of overdue) out.push(`- [ ] ${cell(item.text)} ${itemMeta(item)} (L${item.line})`);
      out.push('');
    }
    const unowned = overdueOnly ? [] : leaves(m, isUnowned);
    if (unowned.length > 0) {
      out.push(`${t('Unowned')}:`, '');
      for (const item of unowned) out.push(`- [ ] ${cell(item.text)}${item.effectiveDue ? ` 📅 ${item.effectiveDue}` : ''} (L${item.line})`);
      out.push('');
    }
  }
  return out.join('\n');
}

/** Globs from repeated and comma-separated --require-complete values. */
function gateGlobs(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** Documents with tasks that a glob names: by path from the cwd or the repository root, or by id. */
export function matchGate(ctx: CommandContext, engine: Engine, all: DocumentChecklist[], glob: string): DocumentChecklist[] {
  const isMatch = picomatch(glob.replace(/^\.\//, ''), { dot: true });
  return all.filter((m) => m.id === glob || isMatch(relative(ctx.cwd, m.path)) || isMatch(relative(engine.rootDir, m.path)) || isMatch(m.path));
}

export async function checklistsCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseOptions(ctx, {
    format: { type: 'string', default: 'table' },
    overdue: { type: 'boolean', default: false },
    'require-complete': { type: 'string', multiple: true },
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(CHECKLISTS_HELP);
    return 0;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(ctx.t.t('Unknown format "{0}", expected one of {1}', String(values.format), FORMATS.join(', ')));
  const today = parseNow(ctx, values.now as string | undefined);
  const globs = gateGlobs(values['require-complete'] as string[] | undefined);
  const engine = await openEngine(ctx.host, ctx.cwd);
  try {
    await engine.scan();
    const paths = await selectDocuments(ctx, engine, positionals);
    let models = checklistModels(engine, today, paths);
    const overdueOnly = values.overdue === true;
    if (overdueOnly) models = models.filter((m) => m.overdue > 0);

    if (format === 'json') ctx.stdout.write(JSON.stringify(toJson(ctx, models, overdueOnly), null, 2) + '\n');
    else if (format === 'markdown') ctx.stdout.write(formatMarkdown(ctx, models, overdueOnly));
    else if (models.length === 0) ctx.stdout.write((overdueOnly ? ctx.t.t('No overdue items.') : ctx.t.t('No task items found.')) + '\n');
    else ctx.stdout.write(formatTable(ctx, models, { overdueOnly, rootDir: engine.rootDir }));

    if (globs.length === 0) return 0;
    // The gate looks at the whole KB, whatever paths narrowed the report to.
    const all = checklistModels(engine, today);
    const gated = new Map<string, DocumentChecklist>();
    for (const glob of globs) {
      const matched = matchGate(ctx, engine, all, glob);
      if (matched.length === 0) throw new UsageError(ctx.t.t('--require-complete "{0}" matches no document with task items', glob));
      for (const m of matched) gated.set(m.path, m);
    }
    const open = [...gated.values()].filter((m) => m.progress.done < m.progress.total);
    for (const m of open) ctx.stderr.write(ctx.t.t('Not complete: {0} ({1}) {2}', m.title, ctx.display(m.path), formatProgress(m.progress)) + '\n');
    if (open.length > 0) return 1;
    ctx.stderr.write(ctx.t.t('Complete: all {0} required checklists are done.', gated.size) + '\n');
    return 0;
  } finally {
    engine.dispose();
  }
}
