// baton sla [--since DATE] [--until DATE] [--format table|json|markdown] [--now ISO]
// The SLA audit of the case records, per severity; `baton report` reuses the markdown form.
import { formatDuration, formatShort, parseInstant } from '../../core/freshness/duration';
import { updateFreshness } from '../../core/freshness';
import { parseReportDate, slaReport, type SeveritySla, type Share, type SlaCase, type SlaReport } from '../../core/sla/report';
import type { KbUpdate } from '../../core/sla/report';
import type { SlaMeasure } from '../../core/sla/measure';
import type { Translator } from '../l10n';
import { parseOptions, UsageError, type CommandContext } from '../main';
import { openEngine } from '../workspace';

export const SLA_HELP = `Usage: baton sla [options]

Audits the case records against the support levels in config (sla.targets): per severity
the cases, the share responded to and resolved on time, the median times, the escalations,
and the cases whose knowledge-base update missed its window (from git history).

Options:
  --since <date>      only cases that occurred on or after this day (YYYY-MM-DD, in the
                      calendar's offset) or ISO time
  --until <date>      only cases that occurred before this day or time
  --format <name>     table (default), json or markdown
  --now <time>        judge open cases at this ISO time (default: the system clock)
  --lang <en|zh-CN>   language of messages (default: from LANG)
`;

const FORMATS = ['table', 'json', 'markdown'] as const;

export interface SlaFormatContext {
  t: Translator;
  display(file: string): string;
}

function severityName(t: Translator['t'], severity: string): string {
  switch (severity) {
    case 'P0':
      return t('P0 urgent');
    case 'P1':
      return t('P1 important');
    case 'P2':
      return t('P2 normal');
    case 'P3':
      return t('P3 question');
    default:
      return severity;
  }
}

function rate(t: Translator['t'], s: Share): string {
  if (s.rate === undefined) return t('none due');
  return `${s.onTime}/${s.due} (${Math.round(s.rate * 100)}%)`;
}

function duration(t: Translator['t'], ms: number | undefined, business: boolean): string {
  if (ms === undefined) return '-';
  return business ? t('{0} in business hours', formatDuration(ms)) : formatDuration(ms);
}

/** "2026-09-28 09:20 +08:00", in the offset the case was written in. */
function when(value: string | undefined): string {
  const at = value ? parseInstant(value) : undefined;
  return at ? formatShort(at.ms, at.offset) : '-';
}

function measureText(t: Translator['t'], m: SlaMeasure | undefined): string {
  if (!m) return '-';
  const took = m.actualMs !== undefined ? formatDuration(m.actualMs) : '';
  switch (m.state) {
    case 'met':
      return `${took} ✓`;
    case 'missed':
      return t('{0} ✗ ({1} over)', took, formatDuration(m.overrunMs ?? 0));
    case 'overdue':
      return t('not yet, overdue by {0}', formatDuration(m.overrunMs ?? 0));
    case 'open':
      return m.dueAt ? t('not yet, due {0}', when(m.dueAt)) : t('not yet');
  }
}

function kbText(t: Translator['t'], k: KbUpdate | undefined): string {
  if (!k) return '-';
  switch (k.state) {
    case 'on-time':
      return t('on time');
    case 'late':
      return t('late (window {0})', k.window);
    case 'missed':
      return k.dueAt ? t('missed (due {0})', when(k.dueAt)) : t('missed');
    case 'pending':
      return t('due {0}', when(k.dueAt));
    case 'unknown':
      return t('unknown');
  }
}

function caseName(c: SlaCase): string {
  return c.id ?? c.title ?? c.file;
}

function targetsLine(t: Translator['t'], s: SeveritySla): string {
  const parts = [
    t('response {0}', s.targets.response ?? '-'),
    t('resolution {0}', s.targets.resolution ?? '-'),
    s.targets.escalation ? t('escalate after {0}', s.targets.escalation) : t('no escalation'),
  ];
  if (s.targets.kbUpdate) parts.push(t('KB update {0}', s.targets.kbUpdate));
  return parts.join(' · ');
}

export function formatSlaTable(report: SlaReport, ctx: SlaFormatContext): string {
  const { t } = ctx.t;
  const out: string[] = [];
  out.push(t('SLA audit: {0} cases, as of {1}', report.total.cases, when(report.now)) + (report.since ? ` · ${t('since {0}', when(report.since))}` : '') + (report.until ? ` · ${t('until {0}', when(report.until))}` : ''));
  for (const s of report.severities) {
    out.push('', `${severityName(t, s.severity)} — ${targetsLine(t, s)}`);
    if (s.cases.length === 0) {
      out.push(`  ${t('No cases.')}`);
      continue;
    }
    const rows = s.cases.map((c) => [caseName(c), when(c.occurredAt), `${t('response')} ${measureText(t, c.response)}`, `${t('resolution')} ${measureText(t, c.resolution)}`, c.kbUpdate ? `${t('KB update')} ${kbText(t, c.kbUpdate)}` : '']);
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
    for (const r of rows) out.push(`  ${r.map((cell, i) => cell + ' '.repeat(widths[i] - [...cell].length)).join('  ').trimEnd()}`);
    out.push(
      `  ${t('Responded on time')} ${rate(t, s.response)} · ${t('resolved on time')} ${rate(t, s.resolution)} · ${t('median response')} ${duration(t, s.medianResponseMs, s.responseBusiness)} · ${t('median resolution')} ${duration(t, s.medianResolutionMs, s.resolutionBusiness)}`,
    );
    const extras = [`${t('needed escalation')} ${s.escalated}`];
    if (s.targets.kbUpdate) extras.push(t('KB update missed: {0}', s.kbUpdateMissed.length ? s.kbUpdateMissed.map(caseName).join(', ') : t('none')));
    out.push(`  ${extras.join(' · ')}`);
  }
  out.push('', t('All cases: {0}', `${t('responded on time')} ${rate(t, report.total.response)} (${t('target ≥ {0}%', Math.round(report.responseTarget * 100))}) · ${t('resolved on time')} ${rate(t, report.total.resolution)}`));
  if (!report.kbUpdates.available && report.kbUpdates.message) out.push(ctx.t.m(report.kbUpdates.message));
  for (const skip of report.skipped) out.push(t('Not counted: {0}: {1}', ctx.display(skip.file), ctx.t.m(skip.reason)));
  return out.join('\n') + '\n';
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function formatSlaMarkdown(report: SlaReport, ctx: SlaFormatContext): string {
  const { t } = ctx.t;
  const out: string[] = [`## ${t('SLA audit')}`, ''];
  out.push(t('{0} cases, as of {1}', report.total.cases, when(report.now)) + (report.since ? `, ${t('since {0}', when(report.since))}` : '') + (report.until ? `, ${t('until {0}', when(report.until))}` : '') + '.', '');
  out.push(`| ${[t('Severity'), t('Targets'), t('Cases'), t('Responded on time'), t('Resolved on time'), t('Median response'), t('Median resolution'), t('Needed escalation'), t('KB update missed')].join(' | ')} |`);
  out.push(`|${' --- |'.repeat(9)}`);
  for (const s of report.severities) {
    out.push(
      `| ${[
        severityName(t, s.severity),
        cell(targetsLine(t, s)),
        String(s.cases.length),
        rate(t, s.response),
        rate(t, s.resolution),
        duration(t, s.medianResponseMs, s.responseBusiness),
        duration(t, s.medianResolutionMs, s.resolutionBusiness),
        String(s.escalated),
        s.targets.kbUpdate ? (s.kbUpdateMissed.length ? cell(s.kbUpdateMissed.map(caseName).join(', ')) : t('none')) : '-',
      ].join(' | ')} |`,
    );
  }
  out.push(`| **${t('All cases')}** | | ${report.total.cases} | ${rate(t, report.total.response)} | ${rate(t, report.total.resolution)} | | | | |`);
  const cases = report.severities.flatMap((s) => s.cases);
  if (cases.length > 0) {
    out.push('', `### ${t('Cases')}`, '');
    out.push(`| ${[t('Case'), t('Severity'), t('Occurred'), t('Response'), t('Resolution'), t('KB update')].join(' | ')} |`);
    out.push(`|${' --- |'.repeat(6)}`);
    for (const c of cases) {
      out.push(`| ${[cell(`${caseName(c)}${c.title && c.id ? ` ${c.title}` : ''}`), c.severity, when(c.occurredAt), cell(measureText(t, c.response)), cell(measureText(t, c.resolution)), cell(kbText(t, c.kbUpdate))].join(' | ')} |`);
    }
  }
  const notes: string[] = [];
  notes.push(t('First response on time target: ≥ {0}%.', Math.round(report.responseTarget * 100)));
  if (!report.kbUpdates.available && report.kbUpdates.message) notes.push(ctx.t.m(report.kbUpdates.message));
  for (const skip of report.skipped) notes.push(t('Not counted: {0}: {1}', ctx.display(skip.file), ctx.t.m(skip.reason)));
  out.push('', ...notes.map((n) => `- ${n}`));
  return out.join('\n') + '\n';
}

/** The report as JSON: paths relative to the cwd, messages in the chosen language. */
export function slaJson(report: SlaReport, ctx: SlaFormatContext): unknown {
  const relCase = (c: SlaCase) => ({ ...c, file: ctx.display(c.file) });
  return {
    ...report,
    severities: report.severities.map((s) => ({ ...s, cases: s.cases.map(relCase), kbUpdateMissed: s.kbUpdateMissed.map((c) => c.id ?? ctx.display(c.file)) })),
    kbUpdates: { available: report.kbUpdates.available, message: report.kbUpdates.message ? ctx.t.m(report.kbUpdates.message) : undefined },
    skipped: report.skipped.map((s) => ({ file: ctx.display(s.file), id: s.id, reason: ctx.t.m(s.reason) })),
  };
}

export async function slaCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseOptions(ctx, {
    since: { type: 'string' },
    until: { type: 'string' },
    format: { type: 'string', default: 'table' },
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(SLA_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(ctx.t.t('Unexpected argument "{0}"', positionals[0]));
  const format = String(values.format);
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(ctx.t.t('Unknown format "{0}", expected one of {1}', format, FORMATS.join(', ')));
  const engine = await openEngine(ctx.host, ctx.cwd);
  try {
    const offset = engine.config.sla.calendar.utcOffset;
    const date = (name: 'since' | 'until') => {
      const value = values[name];
      if (value === undefined) return undefined;
      const parsed = parseReportDate(String(value), offset);
      if (!parsed) throw new UsageError(ctx.t.t('--{0} takes a date as YYYY-MM-DD or an ISO time, not "{1}"', name, String(value)));
      return parsed;
    };
    const since = date('since');
    const until = date('until');
    let now = ctx.host.clock.now();
    if (values.now !== undefined) {
      const parsed = parseReportDate(String(values.now), offset);
      if (!parsed) throw new UsageError(ctx.t.t('--{0} takes a date as YYYY-MM-DD or an ISO time, not "{1}"', 'now', String(values.now)));
      now = parsed;
    }
    await engine.scan();
    const freshness = await updateFreshness(engine, { now });
    const report = slaReport(engine.index.documents(), engine.config, now, { since, until, freshness });
    const fctx = { t: ctx.t, display: ctx.display };
    if (format === 'json') ctx.stdout.write(JSON.stringify(slaJson(report, fctx), null, 2) + '\n');
    else if (format === 'markdown') ctx.stdout.write(formatSlaMarkdown(report, fctx));
    else ctx.stdout.write(formatSlaTable(report, fctx));
    return 0;
  } finally {
    engine.dispose();
  }
}
