// The `sla` block of baton.config.json: targets per severity and the business calendar,
// with the support levels teams agree on as defaults (P0 15 min / 2 h … P3 1 / 3 business days).

export interface SlaTargets {
  /** First response, e.g. "15m", "2h", "1bd" (business day), "4bh" (business hours); null for none. */
  response?: string | null;
  resolution?: string | null;
  /** Escalate when a case is still unresolved after this long. */
  escalation?: string | null;
}

export interface SlaCalendarConfig {
  /** The offset working hours and holidays are in, e.g. "+08:00". */
  utcOffset: string;
  /** Working hours of a working day, e.g. ["09:00-18:00"] or ["09:00-12:00", "13:30-18:00"]. */
  workingHours: string[];
  /** Working days of the week, 1 = Monday … 7 = Sunday. */
  workingDays: number[];
  /** Days off: "2026-10-01" or a range "2026-10-01/2026-10-07". */
  holidays: string[];
  /** Weekend days worked instead (调休), same forms as holidays. */
  workdays: string[];
}

export interface SlaConfig {
  calendar: SlaCalendarConfig;
  targets: Record<string, SlaTargets>;
}

export const SEVERITIES = ['P0', 'P1', 'P2', 'P3'] as const;

export const DEFAULT_SLA: SlaConfig = {
  calendar: { utcOffset: '+08:00', workingHours: ['09:00-18:00'], workingDays: [1, 2, 3, 4, 5], holidays: [], workdays: [] },
  targets: {
    P0: { response: '15m', resolution: '2h', escalation: '30m' },
    P1: { response: '30m', resolution: '4h', escalation: '2h' },
    P2: { response: '2h', resolution: '1bd', escalation: '8h' },
    P3: { response: '1bd', resolution: '3bd', escalation: null },
  },
};

/** A partial `sla` block from a config file, filled in with the defaults key by key. */
export function mergeSla(partial: { calendar?: Partial<SlaCalendarConfig>; targets?: Record<string, SlaTargets> } | undefined): SlaConfig {
  const targets: Record<string, SlaTargets> = {};
  for (const [severity, defaults] of Object.entries(DEFAULT_SLA.targets)) targets[severity] = { ...defaults, ...partial?.targets?.[severity] };
  for (const [severity, given] of Object.entries(partial?.targets ?? {})) targets[severity] ??= { ...given };
  return { calendar: { ...DEFAULT_SLA.calendar, ...partial?.calendar }, targets };
}

/** "15m", "2h", "1h30m", "1d" run on the clock; "1bd", "4bh", "1bd4bh" in business time. */
export const DURATION_PATTERN = /^(?=\d)(?:(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?|(?:(\d+)bd)?(?:(\d+)bh)?(?:(\d+)bm)?)$/;
export const HOURS_PATTERN = /^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}(?:\/\d{4}-\d{2}-\d{2})?$/;
export const OFFSET_PATTERN = /^(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)$/;
