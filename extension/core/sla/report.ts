// The SLA audit as plain data, for `baton sla` and `baton report`: per severity the cases,
// the share answered and resolved on time, the median times, the escalations, and the cases
// whose knowledge-base update missed its window (from freshness, which reads git).
import type { BatonConfig } from '../config';
import type { FreshnessReport } from '../freshness/types';
import type { IndexedDocument } from '../kb-index';
import { msg } from '../message';
import type { Message } from '../types';
import { formatInstant, parseInstant } from '../freshness/duration';
import { parseOffset } from './calendar';
import { caseTimes, inOrder, measureCase, resolveSla, type SlaMeasure } from './measure';
import { SEVERITIES } from './settings';

/** The teams' quality target: first response on time in at least 95% of cases. */
export const RESPONSE_ON_TIME_TARGET = 0.95;

export type KbUpdateState = 'on-time' | 'late' | 'missed' | 'pending' | 'unknown';

export interface KbUpdate {
  /** The window as config writes it ("48h", "2bd"). */
  window: string;
  state: KbUpdateState;
  dueAt?: string;
  /** The last commit that updated the case document. */
  updatedAt?: string;
}

export interface SlaCase {
  file: string;
  id?: string;
  title?: string;
  status?: string;
  category?: string;
  severity: string;
  /** Timestamps as the case writes them; the offset is never converted. */
  occurredAt: string;
  respondedAt?: string;
  resolvedAt?: string;
  response?: SlaMeasure;
  resolution?: SlaMeasure;
  escalation?: { target: string; exceeded: boolean };
  kbUpdate?: KbUpdate;
}

export interface Share {
  onTime: number;
  /** Cases the target applies to: answered (or resolved), or past due without it. */
  due: number;
  /** onTime / due, or undefined when nothing is due yet. */
  rate?: number;
}

export interface SeveritySla {
  severity: string;
  targets: { response?: string; resolution?: string; escalation?: string; kbUpdate?: string };
  cases: SlaCase[];
  response: Share;
  resolution: Share;
  medianResponseMs?: number;
  medianResolutionMs?: number;
  /** Whether the medians are business time (the target is in business days or hours). */
  responseBusiness: boolean;
  resolutionBusiness: boolean;
  /** Cases still unresolved after the escalation time, or resolved only after it. */
  escalated: number;
  /** Cases whose knowledge-base update came late or not at all. */
  kbUpdateMissed: SlaCase[];
}

export interface SlaReport {
  /** When the audit was made, in the calendar's offset. */
  now: string;
  since?: string;
  until?: string;
  severities: SeveritySla[];
  total: { cases: number; response: Share; resolution: Share };
  responseTarget: number;
  /** Whether knowledge-base updates could be judged; `message` says why not. */
  kbUpdates: { available: boolean; message?: Message };
  /** Cases left out of the figures, and why. */
  skipped: Array<{ file: string; id?: string; reason: Message }>;
}

export interface SlaReportOptions {
  /** Only cases that occurred at or after this instant. */
  since?: Date;
  /** Only cases that occurred before this instant. */
  until?: Date;
  /** Freshness, for the knowledge-base updates; without it they are unknown. */
  freshness?: FreshnessReport;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function share(measures: Array<SlaMeasure | undefined>): Share {
  let onTime = 0;
  let due = 0;
  for (const m of measures) {
    if (!m || m.state === 'open') continue;
    due++;
    if (m.state === 'met') onTime++;
  }
  return due > 0 ? { onTime, due, rate: onTime / due } : { onTime, due };
}

function kbUpdateOf(file: string, window: string, freshness: FreshnessReport | undefined): KbUpdate {
  const doc = freshness?.available ? freshness.documents.get(file) : undefined;
  if (!doc) return { window, state: 'unknown' };
  const out: KbUpdate = { window, state: 'unknown' };
  if (doc.lastUpdate) out.updatedAt = doc.lastUpdate.at;
  if (doc.change?.cause === 'resolved' && (doc.state === 'stale' || doc.state === 'pending')) {
    out.state = doc.state === 'stale' ? 'missed' : 'pending';
    out.dueAt = doc.dueAt;
  } else if (doc.metric.missed > 0) out.state = 'missed';
  else if (doc.metric.late > 0) out.state = 'late';
  else if (doc.metric.onTime > 0) out.state = 'on-time';
  return out;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The SLA audit of every case in `documents` at `now`. */
export function slaReport(documents: Iterable<IndexedDocument>, config: BatonConfig, now: Date, options: SlaReportOptions = {}): SlaReport {
  const sla = resolveSla(config.sla);
  const offset = parseOffset(config.sla.calendar.utcOffset);
  const bySeverity = new Map<string, SlaCase[]>();
  const skipped: SlaReport['skipped'] = [];
  const windows = config.freshness?.severities ?? {};
  for (const doc of documents) {
    if (doc.type !== 'case' || doc.limit) continue;
    const data = doc.frontmatter.data;
    const times = caseTimes(data);
    const severity = text(data.severity);
    if (!severity || !sla.targets[severity]) {
      skipped.push({ file: doc.path, id: doc.id, reason: msg('No severity with SLA targets (P0–P3)') });
      continue;
    }
    if (!times.occurred) {
      skipped.push({ file: doc.path, id: doc.id, reason: msg('No valid "occurred_at"') });
      continue;
    }
    if (options.since && times.occurred.ms < options.since.getTime()) continue;
    if (options.until && times.occurred.ms >= options.until.getTime()) continue;
    if (!inOrder(times)) {
      skipped.push({ file: doc.path, id: doc.id, reason: msg('Timestamps out of order (see case-timeline)') });
      continue;
    }
    const measures = measureCase(data, sla, now.getTime());
    if (!measures) continue;
    const entry: SlaCase = {
      file: doc.path,
      id: doc.id,
      title: doc.title,
      status: text(data.status),
      category: text(data.category),
      severity,
      occurredAt: text(data.occurred_at) ?? formatInstant(times.occurred.ms, times.occurred.offset),
      respondedAt: text(data.responded_at),
      resolvedAt: text(data.resolved_at),
      response: measures.response,
      resolution: measures.resolution,
      escalation: measures.escalation,
    };
    const window = windows[severity];
    if (window && times.resolved) entry.kbUpdate = kbUpdateOf(doc.path, window, options.freshness);
    const list = bySeverity.get(severity) ?? [];
    list.push(entry);
    bySeverity.set(severity, list);
  }
  const order = [...SEVERITIES, ...Object.keys(sla.targets).filter((s) => !(SEVERITIES as readonly string[]).includes(s)).sort()];
  const severities: SeveritySla[] = order.map((severity) => {
    const cases = (bySeverity.get(severity) ?? []).sort((a, b) => (parseInstant(a.occurredAt)?.ms ?? 0) - (parseInstant(b.occurredAt)?.ms ?? 0));
    const t = sla.targets[severity] ?? {};
    const happened = (m: SlaMeasure | undefined) => (m && (m.state === 'met' || m.state === 'missed') ? m.actualMs : undefined);
    const responses = cases.map((c) => happened(c.response)).filter((v): v is number => v !== undefined);
    const resolutions = cases.map((c) => happened(c.resolution)).filter((v): v is number => v !== undefined);
    return {
      severity,
      targets: { response: t.response?.text, resolution: t.resolution?.text, escalation: t.escalation?.text, kbUpdate: windows[severity] },
      cases,
      response: share(cases.map((c) => c.response)),
      resolution: share(cases.map((c) => c.resolution)),
      medianResponseMs: median(responses),
      medianResolutionMs: median(resolutions),
      responseBusiness: t.response?.business ?? false,
      resolutionBusiness: t.resolution?.business ?? false,
      escalated: cases.filter((c) => c.escalation?.exceeded).length,
      kbUpdateMissed: cases.filter((c) => c.kbUpdate?.state === 'missed' || c.kbUpdate?.state === 'late'),
    };
  });
  const all = severities.flatMap((s) => s.cases);
  const freshness = options.freshness;
  return {
    now: formatInstant(now.getTime(), offset),
    since: options.since ? formatInstant(options.since.getTime(), offset) : undefined,
    until: options.until ? formatInstant(options.until.getTime(), offset) : undefined,
    severities,
    total: { cases: all.length, response: share(all.map((c) => c.response)), resolution: share(all.map((c) => c.resolution)) },
    responseTarget: RESPONSE_ON_TIME_TARGET,
    kbUpdates: freshness?.available
      ? { available: true }
      : { available: false, message: freshness?.message ?? msg('Knowledge-base updates are not judged: freshness needs the git history') },
    skipped,
  };
}

/** "2026-10-01" (midnight in the calendar's offset) or a full ISO date-time; undefined when neither. */
export function parseReportDate(value: string, utcOffset: string): Date | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const ms = Date.parse(`${value}T00:00:00${utcOffset === 'Z' ? 'Z' : utcOffset}`);
    return Number.isNaN(ms) ? undefined : new Date(ms);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
