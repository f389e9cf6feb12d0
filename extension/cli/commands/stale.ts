// baton stale [paths...] [--now ISO] [--format table|json|markdown|github] [--allow-shallow]
// Documents due for an update after a change they cover, from git history; exits 1 when any is stale.
import type { Engine } from '../../core/engine';
import { describeChange, freshnessRange, pendingMessage, reviewMessage, shortTime, staleMessage } from '../../core/freshness/describe';
import { formatDuration, isoDuration } from '../../core/freshness/duration';
import { fileHistoryStore, onTimeRate, trackerFor, updateFreshness, type DocumentFreshness, type FreshnessReport } from '../../core/freshness';
import { escapeData, escapeProperty } from '../formatters/github';
import { parseOptions, UsageError, type CommandContext } from '../main';
import { openEngine } from '../workspace';
import { selectDocuments } from './lint';

export const STALE_HELP = `Usage: baton stale [paths...] [options]

Lists the documents due for an update after a change they cover (a commit to a path in
their "covers", a change record whose "affects" names them, a P0 case's resolution) and
those due for review (verify_every), from the git history of the current branch.

Options:
  --format <name>      table (default), json, markdown or github
  --now <ISO 8601>     judge as of this time instead of now
  --allow-shallow      check a shallow clone with the history it has
  --all                list fresh documents too (table and markdown)
  --lang <en|zh-CN>    language of messages (default: from LANG)

Exit codes: 0 nothing stale, 1 some document is stale, 2 freshness cannot be checked
(not a git repository, or a shallow clone without --allow-shallow).
`;

const FORMATS = ['table', 'json', 'markdown', 'github'];

/** Parses --now; a date-time without an offset is refused, since the window depends on it. */
export function parseNow(ctx: CommandContext, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!/T.*(?:Z|[+-]\d{2}:?\d{2})$/.test(value) || Number.isNaN(ms)) throw new UsageError(ctx.t.t('--now takes an ISO 8601 date-time with an offset, e.g. 2026-11-23T10:00:00+08:00, not "{0}"', value));
  return new Date(ms);
}

/**
 * Freshness for lint and summary: computed with the history there is (a shallow clone's
 * findings are still true ones), and one line on stderr when it cannot be checked.
 */
export async function freshnessForLint(ctx: CommandContext, engine: Engine): Promise<FreshnessReport> {
  const report = await updateFreshness(engine, { fetch: true, store: fileHistoryStore(ctx.host.fs) });
  if (!report.available && report.message) ctx.stderr.write(`${ctx.t.t('note')}: ${ctx.t.m(report.message)}\n`);
  else if (report.note) ctx.stderr.write(`${ctx.t.t('note')}: ${ctx.t.m(report.note)}\n`);
  return report;
}

/** One line for `baton summary`: stale and pending counts and the on-time figure, if anything is tracked. */
export function freshnessSummary(ctx: CommandContext, report: FreshnessReport): string | undefined {
  if (!report.available || report.documents.size === 0) return undefined;
  const docs = [...report.documents.values()];
  const count = (k: Row) => docs.filter((f) => rowKind(f) === k).length;
  const rate = onTimeRate(report.metric);
  const figure = rate === undefined ? '' : ` · ${ctx.t.t('{0}% updated on time', Math.floor(rate * 1000) / 10)}`;
  return `${ctx.t.t('Freshness')}: ${ctx.t.t('{0} stale, {1} pending, {2} due for review', count('stale'), count('pending'), count('due'))}${figure}`;
}

/** Characters as wide as a terminal shows them: CJK counts twice. */
function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) || ch.codePointAt(0)! > 0x1ffff ? 2 : 1;
  return w;
}

const pad = (text: string, to: number) => text + ' '.repeat(Math.max(0, to - width(text)));

const ORDER = { stale: 0, pending: 1, due: 2, unknown: 3, fresh: 4 } as const;
type Row = keyof typeof ORDER;

function rowKind(f: DocumentFreshness): Row {
  if (f.state === 'fresh' && f.review?.due) return 'due';
  return f.state;
}

export async function staleCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseOptions(ctx, {
    format: { type: 'string', default: 'table' },
    now: { type: 'string' },
    'allow-shallow': { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(STALE_HELP);
    return 0;
  }
  const { t, m } = ctx.t;
  const format = String(values.format);
  if (!FORMATS.includes(format)) throw new UsageError(t('Unknown format "{0}", expected one of {1}', format, FORMATS.join(', ')));
  const now = parseNow(ctx, values.now as string | undefined);

  // Only fields are needed, so only frontmatter is read, while git reads the history beside it.
  // The workers start only if a file is parsed in full (one named outside the roots), with the time limit.
  const engine = await openEngine(ctx.host, ctx.cwd);
  try {
    const store = fileHistoryStore(ctx.host.fs);
    trackerFor(engine, store).prefetch(engine.config.roots);
    await engine.scan({ frontmatterOnly: true });
    const selected = await selectDocuments(ctx, engine, positionals);
    const report = await updateFreshness(engine, { now, fetch: true, store });
    if (!report.available) {
      ctx.stderr.write(`baton stale: ${m(report.message!)}\n`);
      return 2;
    }
    if (report.shallow && !values['allow-shallow']) {
      ctx.stderr.write(`baton stale: ${m(report.note!)}\n${t('Or run with --allow-shallow to check with the history fetched.')}\n`);
      return 2;
    }
    if (report.note) ctx.stderr.write(`${t('note')}: ${m(report.note)}\n`);
    const wanted = selected ? new Set(selected) : undefined;
    const docs = [...report.documents.values()]
      .filter((f) => !wanted || wanted.has(f.file))
      .sort((a, b) => ORDER[rowKind(a)] - ORDER[rowKind(b)] || (a.dueMs ?? Infinity) - (b.dueMs ?? Infinity) || a.file.localeCompare(b.file));
    const nowMs = report.computedMs;

    if (format === 'json') ctx.stdout.write(JSON.stringify(docs.map((f) => toJson(ctx, f, nowMs)), null, 2) + '\n');
    else if (format === 'github') ctx.stdout.write(github(ctx, engine, docs, nowMs));
    else if (format === 'markdown') ctx.stdout.write(markdown(ctx, docs, report, nowMs, values.all === true));
    else ctx.stdout.write(table(ctx, docs, report, nowMs, values.all === true));
    return docs.some((f) => f.state === 'stale') ? 1 : 0;
  } finally {
    engine.dispose();
  }
}

function toJson(ctx: CommandContext, f: DocumentFreshness, now: number) {
  return {
    file: ctx.display(f.file),
    id: f.id ?? null,
    state: f.state,
    dueAt: f.dueAt ?? null,
    overdueBy: f.state === 'stale' && f.dueMs !== undefined ? isoDuration(now - f.dueMs) : null,
    timeLeft: f.state === 'pending' && f.dueMs !== undefined ? isoDuration(f.dueMs - now) : null,
    change: f.change
      ? { kind: f.change.kind, ref: f.change.ref, at: f.change.at, author: f.change.author ?? null, subject: f.change.subject ?? null, paths: f.change.paths }
      : null,
    window: f.window,
    ...(f.updating ? { updating: true } : {}),
    ...(f.unmatched ? { unmatchedCovers: f.unmatched.map((u) => u.entry) } : {}),
    review: f.review ? { every: f.review.every, verifier: f.review.verifier ?? null, since: f.review.since, dueAt: f.review.dueAt, due: f.review.due } : null,
    lastUpdate: f.lastUpdate ? { ref: f.lastUpdate.ref, at: f.lastUpdate.at } : null,
    reason: f.reason ? ctx.t.m(f.reason) : null,
    metric: { ...f.metric, rate: onTimeRate(f.metric) ?? null },
  };
}

/** The state column and the due column of one document. */
function cells(ctx: CommandContext, f: DocumentFreshness, now: number): { state: string; due: string; change: string } {
  const { t, m } = ctx.t;
  const kind = rowKind(f);
  const change = f.change ? `${m(describeChange(f.change))}${f.change.paths.length && f.change.kind === 'commit' ? ` (${f.change.paths.join(', ')})` : ''}` : '';
  switch (kind) {
    case 'stale':
      return { state: t('stale'), due: t('overdue by {0} (due {1})', formatDuration(now - f.dueMs!), shortTime(f.dueAt!)), change };
    case 'pending':
      return { state: f.updating ? t('being updated') : t('pending'), due: t('{0} left (due {1})', formatDuration(f.dueMs! - now), shortTime(f.dueAt!)), change };
    case 'due':
      return { state: t('review due'), due: t('review was due {0}', shortTime(f.review!.dueAt)), change: f.review!.verifier ? t('verifier: {0}', f.review!.verifier) : '' };
    case 'unknown':
      return { state: t('unknown'), due: '', change: f.reason ? m(f.reason) : '' };
    default:
      return { state: t('fresh'), due: '', change: '' };
  }
}

function summaryLines(ctx: CommandContext, docs: DocumentFreshness[], report: FreshnessReport): string[] {
  const { t } = ctx.t;
  const count = (k: Row) => docs.filter((f) => rowKind(f) === k).length;
  const lines = [t('{0} documents: {1} stale, {2} pending, {3} due for review, {4} unknown, {5} fresh', docs.length, count('stale'), count('pending'), count('due'), count('unknown'), count('fresh'))];
  const rate = onTimeRate(report.metric);
  const total = report.metric.onTime + report.metric.late + report.metric.missed;
  if (rate !== undefined) lines.push(t('Documentation updated on time: {0}% ({1} of {2} changes, target 95%)', (Math.floor(rate * 1000) / 10).toString(), report.metric.onTime, total));
  const unmatched = docs.filter((f) => f.unmatched).length;
  if (unmatched > 0) lines.push(t('{0} documents have covers entries that match no committed file, so no change reaches them: baton lint shows where', unmatched));
  return lines;
}

function table(ctx: CommandContext, docs: DocumentFreshness[], report: FreshnessReport, now: number, all: boolean): string {
  const { t } = ctx.t;
  const rows = docs.filter((f) => all || rowKind(f) !== 'fresh').map((f) => ({ file: ctx.display(f.file), ...cells(ctx, f, now) }));
  const out: string[] = [];
  if (rows.length > 0) {
    const head = { state: t('STATE'), file: t('DOCUMENT'), due: t('DUE'), change: t('CHANGE') };
    // Column widths once, not per row: a 10k-document table must stay linear.
    const widths = { state: 0, file: 0, due: 0 };
    for (const k of ['state', 'file', 'due'] as const) widths[k] = Math.max(width(head[k]), ...rows.map((r) => width(r[k])));
    const line = (r: typeof head) => `${pad(r.state, widths.state)}  ${pad(r.file, widths.file)}  ${pad(r.due, widths.due)}  ${r.change}`.trimEnd();
    out.push(line(head), ...rows.map(line), '');
  }
  out.push(...summaryLines(ctx, docs, report));
  return out.join('\n') + '\n';
}

function markdown(ctx: CommandContext, docs: DocumentFreshness[], report: FreshnessReport, now: number, all: boolean): string {
  const { t } = ctx.t;
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = docs.filter((f) => all || rowKind(f) !== 'fresh');
  const out = [`## ${t('Documentation freshness')}`, ''];
  if (rows.length > 0) {
    out.push(`| ${t('State')} | ${t('Document')} | ${t('Due')} | ${t('Change')} |`, '|---|---|---|---|');
    for (const f of rows) {
      const c = cells(ctx, f, now);
      out.push(`| ${cell(c.state)} | ${cell(ctx.display(f.file))} | ${cell(c.due)} | ${cell(c.change)} |`);
    }
    out.push('');
  }
  out.push(...summaryLines(ctx, docs, report).map((l) => `${l}  `));
  return out.join('\n') + '\n';
}

function github(ctx: CommandContext, engine: Engine, docs: DocumentFreshness[], now: number): string {
  const out: string[] = [];
  for (const f of docs) {
    const doc = engine.index.get(f.file);
    if (!doc) continue;
    const emit = (level: string, rule: string, range: { line: number; column: number }, text: string) =>
      out.push(`::${level} file=${escapeProperty(ctx.display(f.file))},line=${range.line},col=${range.column},title=${escapeProperty(`baton(${rule})`)}::${escapeData(text)}\n`);
    if (f.state === 'stale') emit('error', 'stale', freshnessRange(doc, f, 'change'), ctx.t.m(staleMessage(f, now)));
    else if (f.state === 'pending') emit('notice', 'pending', freshnessRange(doc, f, 'change'), ctx.t.m(pendingMessage(f, now)));
    if (f.review?.due && f.state !== 'stale') emit('warning', 'stale', freshnessRange(doc, f, 'review'), ctx.t.m(reviewMessage(f)));
  }
  return out.join('');
}
