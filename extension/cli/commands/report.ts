// baton report [--base REF] [--format markdown|json] [--now ISO]
// One page for a pull request's reviewer: what changed and its findings, checklist progress
// against the base, newly overdue items, stale and pending documents, new cases, the SLA.
import type { Progress } from '../../core/checklists';
import { shortTime } from '../../core/freshness/describe';
import { formatDuration } from '../../core/freshness/duration';
import { fileHistoryStore, updateFreshness } from '../../core/freshness';
import { commitTime } from '../../core/review/git-changes';
import { buildReviewReport, type DocRef, type ReviewReport } from '../../core/review/review-report';
import type { Share } from '../../core/sla/report';
import type { Finding } from '../../core/types';
import { parseOptions, UsageError, type CommandContext } from '../main';
import { branchChanges, openRepository, withGit } from '../review-scope';
import { openEngine } from '../workspace';
import { parseNow } from './stale';

export const REPORT_HELP = `Usage: baton report [options]

Writes one page for the reviewer of a branch: the documents it changes and their findings
(and what the changes break elsewhere), checklist progress against the base, items that
fell overdue since the base, stale and pending documents, the share of documentation
updated on time, new cases by severity, and the SLA. Changes are counted from where the
branch left the base (the merge base), so a base that moved on or was rebased is fine.

Options:
  --base <ref>         what to compare with (default: the pull request's target in CI,
                       else origin/HEAD, origin/main, main or master)
  --format <name>      markdown (default; e.g. >> "$GITHUB_STEP_SUMMARY") or json
  --now <ISO 8601>     judge overdue and freshness as of this time instead of now
  --lang <en|zh-CN>    language of messages (default: from LANG)

Exit codes: 0 the report was written, 2 a usage, configuration or git problem.
`;

const FORMATS = ['markdown', 'json'];
const MAX_FINDINGS = 50;
/** Rows per list: a long list is cut, with how many more there are, to keep the page short. */
const MAX_ROWS = 30;

export async function reportCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseOptions(ctx, {
    base: { type: 'string' },
    format: { type: 'string', default: 'markdown' },
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(REPORT_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(ctx.t.t('{0} takes no paths: "{1}"', 'baton report', positionals[0]));
  const format = String(values.format);
  if (!FORMATS.includes(format)) throw new UsageError(ctx.t.t('Unknown format "{0}", expected one of {1}', format, FORMATS.join(', ')));
  const now = parseNow(ctx, values.now as string | undefined) ?? ctx.host.clock.now();

  const engine = await openEngine(ctx.host, ctx.cwd);
  try {
    await engine.scan();
    const repo = await openRepository(ctx, engine, 'baton report');
    const { base, changes, before, fallback } = await branchChanges(ctx, engine, repo, values.base as string | undefined, true);
    const baseTime = await withGit(ctx, () => commitTime(ctx.host.git!, repo, base.mergeBase));
    const freshness = await updateFreshness(engine, { now, fetch: true, store: fileHistoryStore(ctx.host.fs) });
    const report = await buildReviewReport({ engine, base, baseTime, changes, before, now, freshness });
    ctx.stdout.write(format === 'json' ? JSON.stringify({ ...toJson(ctx, report), ...(fallback ? { noBase: fallback } : {}) }, null, 2) + '\n' : markdown(ctx, report, fallback));
    return 0;
  } finally {
    engine.dispose();
  }
}

const pct = (rate: number) => `${Math.floor(rate * 1000) / 10}%`;

/** `45/134 → 60/134 (+15)`; a side that did not exist shows as a dash. */
export function progressDelta(before: Progress | undefined, after: Progress | undefined): string {
  const side = (p: Progress | undefined) => (p ? `${p.done}/${p.total}` : '—');
  const diff = (after?.done ?? 0) - (before?.done ?? 0);
  return `${side(before)} → ${side(after)} (${diff >= 0 ? '+' : ''}${diff})`;
}

function toJson(ctx: CommandContext, r: ReviewReport) {
  const file = (path: string) => ctx.display(path);
  const finding = (f: Finding) => ({ file: file(f.file), line: f.range.line, column: f.range.column, ruleId: f.ruleId, severity: f.severity, message: ctx.t.m(f.message) });
  const ref = (d: DocRef) => ({ file: file(d.path), id: d.id ?? null, title: d.title ?? null, type: d.type ?? null });
  const share = (s: Share) => ({ onTime: s.onTime, due: s.due, rate: s.rate ?? null });
  return {
    base: { ref: r.base.ref, commit: r.base.commit, mergeBase: r.base.mergeBase, mergeBaseTime: r.base.time, head: r.base.head, ancestor: r.base.ancestor },
    now: r.now,
    changed: r.changed.map((c) => ({ ...ref(c), status: c.status, oldFile: c.oldPath ? file(c.oldPath) : null, findings: c.findings.map(finding) })),
    caused: r.caused.map(finding),
    checklists: r.checklists.map((c) => ({ ...ref(c), name: c.name, before: c.before ?? null, after: c.after ?? null, delta: (c.after?.done ?? 0) - (c.before?.done ?? 0) })),
    checklistTotal: { ...r.checklistTotal, delta: r.checklistTotal.after.done - r.checklistTotal.before.done },
    newlyOverdue: r.newlyOverdue.map((o) => ({ ...ref(o), name: o.name, line: o.line, text: o.text ?? null, count: o.count, due: o.due, owner: o.owner ?? null })),
    freshness: {
      available: r.freshness.available,
      message: r.freshness.message ? ctx.t.m(r.freshness.message) : null,
      stale: r.freshness.stale.map((f) => ({ file: file(f.file), id: f.id ?? null, dueAt: f.dueAt ?? null, change: f.change?.ref ?? null })),
      pending: r.freshness.pending.map((f) => ({ file: file(f.file), id: f.id ?? null, dueAt: f.dueAt ?? null, change: f.change?.ref ?? null })),
      onTime: { ...r.freshness.onTime, rate: r.freshness.onTime.rate ?? null },
    },
    newCases: Object.fromEntries(r.newCases.map((g) => [g.severity || 'none', g.cases.map((c) => ({ ...ref(c), response: c.sla?.response?.state ?? null, resolution: c.sla?.resolution?.state ?? null }))])),
    sla: { cases: r.sla.cases, response: share(r.sla.response), resolution: share(r.sla.resolution), responseTarget: r.sla.responseTarget, kbUpdateMissed: r.sla.kbUpdateMissed },
  };
}

/** Table cells and list items: no pipes or line breaks from document text. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function markdown(ctx: CommandContext, r: ReviewReport, fallback?: string[]): string {
  const { t, m } = ctx.t;
  const out: string[] = [];
  const file = (path: string) => code(ctx.display(path));
  const label = (d: DocRef) => [d.id, d.title].filter(Boolean).join(' ');
  const severityWord = (f: Finding) => (f.severity === 'error' ? t('error') : f.severity === 'warning' ? t('warning') : t('info'));
  const statusWord = { added: t('added'), modified: t('modified'), deleted: t('deleted'), renamed: t('renamed') };
  const line = (f: Finding) => `- ${code(`${ctx.display(f.file)}:${f.range.line}:${f.range.column}`)} ${severityWord(f)} ${cell(m(f.message))} (${f.ruleId})`;
  const more = (total: number, shown = MAX_ROWS) => {
    if (total > shown) out.push(t('… and {0} more', total - shown), '');
  };
  const counts = (findings: Finding[]) => {
    if (findings.length === 0) return t('none');
    const n = (s: string) => findings.filter((f) => f.severity === s).length;
    return [n('error') ? t('{0} errors', n('error')) : '', n('warning') ? t('{0} warnings', n('warning')) : '', n('info') ? t('{0} info', n('info')) : ''].filter(Boolean).join(', ');
  };

  out.push(`## ${t('Baton review')}`, '');
  const findings = r.changed.flatMap((c) => c.findings);
  const errors = [...findings, ...r.caused].filter((f) => f.severity === 'error').length;
  out.push(
    t('Base {0} · merge base {1} ({2}) → HEAD {3}', code(r.base.ref), code(r.base.mergeBase.slice(0, 7)), r.base.time.slice(0, 10), code(r.base.head.slice(0, 7))) +
      ' · ' +
      t('{0} documents changed, {1} errors', r.changed.length, errors),
  );
  if (fallback) out.push('', `> ${t('No base to compare with (tried {0}), so nothing counts as changed; name one with --base. The rest of the page is the KB as it is.', fallback.join(', '))}`);
  else if (!r.base.ancestor) out.push('', `> ${t('The base is not an ancestor of HEAD (it moved on, or was rebased): changes are counted from the merge base.')}`);
  out.push('');

  out.push(`### ${t('Documents changed')} (${r.changed.length})`, '');
  if (r.changed.length === 0) out.push(t('No documents changed against the base.'), '');
  else {
    out.push(`| ${t('Document')} | ${t('Change')} | ${t('Findings')} |`, '|---|---|---|');
    for (const c of r.changed.slice(0, MAX_ROWS)) {
      const name = `${file(c.path)}${label(c) ? ` ${cell(label(c))}` : ''}${c.oldPath ? ` ${t('(from {0})', file(c.oldPath))}` : ''}`;
      out.push(`| ${name} | ${statusWord[c.status]} | ${counts(c.findings)} |`);
    }
    out.push('');
    more(r.changed.length);
    if (findings.length > 0) {
      out.push(`<details><summary>${t('Findings')} (${findings.length})</summary>`, '');
      for (const f of findings.slice(0, MAX_FINDINGS)) out.push(line(f));
      if (findings.length > MAX_FINDINGS) out.push(`- ${t('… and {0} more: run "baton lint --changed" for all of them', findings.length - MAX_FINDINGS)}`);
      out.push('', '</details>', '');
    }
  }
  if (r.caused.length > 0) {
    out.push(`**${t('Broken elsewhere by these changes')} (${r.caused.length})**`, '');
    for (const f of r.caused.slice(0, MAX_FINDINGS)) out.push(line(f));
    out.push('');
    more(r.caused.length, MAX_FINDINGS);
  }

  out.push(`### ${t('Checklist progress')}`, '');
  for (const c of r.checklists) out.push(`- **${cell(c.name)}** ${progressDelta(c.before, c.after)}`);
  const total = r.checklistTotal;
  if (r.checklists.length === 0) out.push(t('No checklist progress changed; all checklists {0}/{1}.', total.after.done, total.after.total));
  else out.push(`- ${t('All checklists')} ${progressDelta(total.before, total.after)}`);
  out.push('');

  out.push(`### ${t('Newly overdue')} (${r.newlyOverdue.reduce((n, o) => n + o.count, 0)})`, '');
  if (r.newlyOverdue.length === 0) out.push(t('Nothing fell overdue since the base.'));
  for (const o of r.newlyOverdue.slice(0, MAX_ROWS)) {
    if (o.text === undefined) out.push(`- **${cell(o.name)}** ${t('{0} open items due with the checklist on {1}', o.count, o.due)}`);
    else out.push(`- **${cell(o.name)}** ${t('line {0}: {1}', o.line, cell(o.text))} · ${o.owner ? `@${o.owner}` : t('no owner')} · ${t('due {0}', o.due)}`);
  }
  out.push('');
  more(r.newlyOverdue.length);

  out.push(`### ${t('Freshness')}`, '');
  const f = r.freshness;
  if (!f.available) out.push(f.message ? m(f.message) : t('Freshness is not checked.'));
  else {
    const rate = f.onTime.rate;
    out.push(
      rate === undefined
        ? t('Documentation updated on time: no change has come due yet (target {0}).', pct(f.onTime.target))
        : t('Documentation updated on time: {0} ({1} of {2} changes, target {3}).', pct(rate), f.onTime.onTime, f.onTime.total, pct(f.onTime.target)),
    );
    if (f.note) out.push('', `> ${m(f.note)}`);
    const nowMs = Date.parse(r.now);
    const docLine = (d: (typeof f.stale)[number], when: string) => `- ${file(d.file)}${d.id ? ` ${d.id}` : ''} · ${when}${d.change?.ref ? ` · ${d.change.kind === 'commit' ? code(d.change.ref.slice(0, 7)) : d.change.ref}` : ''}`;
    if (f.stale.length === 0 && f.pending.length === 0) out.push('', t('No stale or pending documents.'));
    if (f.stale.length > 0) out.push('', `**${t('Stale')}** (${f.stale.length})`, '');
    for (const d of f.stale.slice(0, MAX_ROWS)) out.push(docLine(d, t('overdue by {0} (due {1})', formatDuration(nowMs - (d.dueMs ?? nowMs)), d.dueAt ? shortTime(d.dueAt) : '')));
    if (f.stale.length > MAX_ROWS) out.push('', t('… and {0} more', f.stale.length - MAX_ROWS));
    if (f.pending.length > 0) out.push('', `**${t('Pending')}** (${f.pending.length})`, '');
    for (const d of f.pending.slice(0, MAX_ROWS)) out.push(docLine(d, t('{0} left (due {1})', formatDuration((d.dueMs ?? nowMs) - nowMs), d.dueAt ? shortTime(d.dueAt) : '')));
    if (f.pending.length > MAX_ROWS) out.push('', t('… and {0} more', f.pending.length - MAX_ROWS));
  }
  out.push('');

  out.push(`### ${t('New cases')} (${r.newCases.reduce((n, g) => n + g.cases.length, 0)})`, '');
  if (r.newCases.length === 0) out.push(t('No new cases in this branch.'));
  else {
    out.push(`| ${t('Severity')} | ${t('Cases added')} |`, '|---|---|');
    for (const g of r.newCases) out.push(`| ${g.severity || t('none')} (${g.cases.length}) | ${g.cases.map((c) => cell(label(c) || ctx.display(c.path))).join('<br>')} |`);
  }
  out.push('');

  out.push(`### ${t('SLA')}`, '');
  const share = (s: Share) => (s.rate === undefined ? t('nothing due yet') : t('{0} of {1} ({2})', s.onTime, s.due, pct(s.rate)));
  out.push(
    r.sla.cases === 0
      ? t('No cases with SLA targets.')
      : t('{0} cases · first response on time {1}, target {2} · resolved on time {3} · KB updates late or missed: {4}', r.sla.cases, share(r.sla.response), pct(r.sla.responseTarget), share(r.sla.resolution), r.sla.kbUpdateMissed),
  );
  out.push('');
  return out.join('\n') + '\n';
}
