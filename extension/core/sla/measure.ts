// One case against its severity's SLA: how long the first response and the resolution took,
// on the target's own clock, when each was due, and by how much a target was missed.
import { formatInstant, parseInstant, type Instant } from '../freshness/duration';
import { BusinessCalendar, dueTime, elapsed, parseSlaDuration, type SlaDuration } from './calendar';
import { mergeSla, type SlaConfig } from './settings';

export interface ResolvedSla {
  calendar: BusinessCalendar;
  targets: Record<string, { response?: SlaDuration; resolution?: SlaDuration; escalation?: SlaDuration }>;
}

const resolved = new Map<string, ResolvedSla>();

/** The `sla` block of a config, parsed once; throws on an invalid calendar or duration (config validation says where). */
export function resolveSla(given: Partial<SlaConfig> | undefined): ResolvedSla {
  const sla = mergeSla(given);
  const key = JSON.stringify(sla);
  let out = resolved.get(key);
  if (!out) {
    const calendar = new BusinessCalendar(sla.calendar);
    const targets: ResolvedSla['targets'] = {};
    for (const [severity, t] of Object.entries(sla.targets)) {
      targets[severity] = {
        response: t.response ? parseSlaDuration(t.response, calendar) : undefined,
        resolution: t.resolution ? parseSlaDuration(t.resolution, calendar) : undefined,
        escalation: t.escalation ? parseSlaDuration(t.escalation, calendar) : undefined,
      };
    }
    out = { calendar, targets };
    resolved.set(key, out);
  }
  return out;
}

/**
 * - met: it happened within the target;
 * - missed: it happened after the target;
 * - open: it has not happened and is not due yet (or there is no "now" to judge by);
 * - overdue: it has not happened and the target has passed.
 */
export type MeasureState = 'met' | 'missed' | 'open' | 'overdue';

export interface SlaMeasure {
  /** The target as written in config: "15m", "1bd". */
  target: string;
  business: boolean;
  targetMs: number;
  /** Whole business days, when the target is exactly that many. */
  targetDays?: number;
  /** When it was due, in the offset of `occurred_at`. */
  dueAt?: string;
  /** When it happened, as written in the case. */
  at?: string;
  /** How long it took (or has taken so far) on the target's clock. */
  actualMs?: number;
  state: MeasureState;
  /** How far past the target, for missed and overdue. */
  overrunMs?: number;
}

export interface CaseTimes {
  occurred?: Instant;
  responded?: Instant;
  resolved?: Instant;
}

export function caseTimes(data: Record<string, unknown>): CaseTimes {
  return { occurred: parseInstant(data.occurred_at), responded: parseInstant(data.responded_at), resolved: parseInstant(data.resolved_at) };
}

/** True when the timestamps that are present follow each other. */
export function inOrder(times: CaseTimes): boolean {
  const { occurred, responded, resolved } = times;
  if (occurred && responded && responded.ms < occurred.ms) return false;
  if (occurred && resolved && resolved.ms < occurred.ms) return false;
  if (responded && resolved && resolved.ms < responded.ms) return false;
  return true;
}

function measure(target: SlaDuration, sla: ResolvedSla, occurred: Instant, at: Instant | undefined, raw: unknown, now: number | undefined): SlaMeasure {
  const due = dueTime(target, sla.calendar, occurred.ms);
  const out: SlaMeasure = { target: target.text, business: target.business, targetMs: target.ms, state: 'open' };
  if (target.days !== undefined) out.targetDays = target.days;
  if (due !== undefined) out.dueAt = formatInstant(due, occurred.offset);
  const end = at?.ms ?? (now !== undefined && now > occurred.ms ? now : undefined);
  if (end === undefined) return out;
  out.actualMs = elapsed(target, sla.calendar, occurred.ms, end);
  if (at) out.at = typeof raw === 'string' ? raw : formatInstant(at.ms, at.offset);
  const over = out.actualMs - target.ms;
  if (at) out.state = over > 0 ? 'missed' : 'met';
  else out.state = over > 0 ? 'overdue' : 'open';
  if (over > 0) out.overrunMs = over;
  return out;
}

export interface CaseMeasures {
  severity: string;
  response?: SlaMeasure;
  resolution?: SlaMeasure;
  /** Still unresolved after the escalation time (or resolved only after it). */
  escalation?: { target: string; exceeded: boolean };
}

/**
 * Measures a case from its frontmatter. Without `now`, only recorded timestamps count (as in
 * the lint rule); with it, an unanswered or unresolved case can be overdue. Undefined when
 * the case has no severity with targets, no occurred_at, or timestamps out of order.
 */
export function measureCase(data: Record<string, unknown>, sla: ResolvedSla, now?: number): CaseMeasures | undefined {
  const severity = typeof data.severity === 'string' ? data.severity : undefined;
  const targets = severity ? sla.targets[severity] : undefined;
  const times = caseTimes(data);
  if (!severity || !targets || !times.occurred || !inOrder(times)) return undefined;
  const occurred = times.occurred;
  const out: CaseMeasures = { severity };
  if (targets.response) out.response = measure(targets.response, sla, occurred, times.responded, data.responded_at, now);
  if (targets.resolution) out.resolution = measure(targets.resolution, sla, occurred, times.resolved, data.resolved_at, now);
  if (targets.escalation) {
    const e = measure(targets.escalation, sla, occurred, times.resolved, data.resolved_at, now);
    out.escalation = { target: targets.escalation.text, exceeded: e.state === 'missed' || e.state === 'overdue' };
  }
  return out;
}
