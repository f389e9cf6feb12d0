// The business calendar: working hours on working days in one fixed UTC offset, minus
// holidays, plus weekend days worked instead (调休). Business time is counted only inside it.
import { DAY_PATTERN, DURATION_PATTERN, HOURS_PATTERN, OFFSET_PATTERN, type SlaCalendarConfig } from './settings';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** No SLA looks further ahead than this; a calendar with no working time at all stops here. */
const HORIZON_DAYS = 3660;

export function parseOffset(text: string): number {
  if (!OFFSET_PATTERN.test(text)) throw new Error(`invalid UTC offset "${text}"`);
  if (text === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  return sign * (Number(text.slice(1, 3)) * 60 + Number(text.slice(4, 6)));
}

/** "2026-10-01" at midnight UTC, as a day number; the calendar's own days use the same numbering. */
function dayNumber(key: string): number {
  return Math.floor(Date.parse(`${key}T00:00:00Z`) / DAY);
}

function expandDays(entries: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const entry of entries) {
    if (!DAY_PATTERN.test(entry)) throw new Error(`invalid day "${entry}"`);
    const [from, to = from] = entry.split('/');
    const a = dayNumber(from);
    const b = dayNumber(to);
    if (Number.isNaN(a) || Number.isNaN(b) || b < a || b - a > 366) throw new Error(`invalid day range "${entry}"`);
    for (let d = a; d <= b; d++) out.add(d);
  }
  return out;
}

export class BusinessCalendar {
  /** Minutes east of UTC. */
  readonly offset: number;
  /** Working intervals of a working day, in ms after local midnight. */
  readonly intervals: ReadonlyArray<readonly [number, number]>;
  /** Business time in one working day. */
  readonly dayMs: number;
  private readonly weekdays: Set<number>;
  private readonly holidays: Set<number>;
  private readonly workdays: Set<number>;

  constructor(config: SlaCalendarConfig) {
    this.offset = parseOffset(config.utcOffset);
    const intervals = config.workingHours.map((text): [number, number] => {
      const m = HOURS_PATTERN.exec(text);
      if (!m) throw new Error(`invalid working hours "${text}"`);
      const start = Number(m[1]) * HOUR + Number(m[2]) * MINUTE;
      const end = Number(m[3]) * HOUR + Number(m[4]) * MINUTE;
      if (end <= start || end > DAY) throw new Error(`working hours "${text}" end before they start`);
      return [start, end];
    });
    intervals.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < intervals.length; i++) {
      if (intervals[i][0] < intervals[i - 1][1]) throw new Error(`working hours "${config.workingHours.join(', ')}" overlap`);
    }
    this.intervals = intervals;
    this.dayMs = intervals.reduce((sum, [s, e]) => sum + e - s, 0);
    this.weekdays = new Set(config.workingDays);
    this.holidays = expandDays(config.holidays);
    this.workdays = expandDays(config.workdays);
  }

  /** The calendar day (days since 1970-01-01 in the calendar's offset) an instant falls on. */
  dayOf(ms: number): number {
    return Math.floor((ms + this.offset * MINUTE) / DAY);
  }

  /** The instant the calendar day starts. */
  private startOf(day: number): number {
    return day * DAY - this.offset * MINUTE;
  }

  isWorkingDay(day: number): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    const weekday = ((new Date(day * DAY).getUTCDay() + 6) % 7) + 1; // 1 = Monday
    return this.weekdays.has(weekday);
  }

  /** Business time between two instants; zero when `to` is not after `from`. */
  between(from: number, to: number): number {
    if (to <= from) return 0;
    let total = 0;
    for (let day = this.dayOf(from); this.startOf(day) < to; day++) {
      if (!this.isWorkingDay(day)) continue;
      const start = this.startOf(day);
      for (const [s, e] of this.intervals) total += Math.max(0, Math.min(to, start + e) - Math.max(from, start + s));
    }
    return total;
  }

  /** The instant `amount` of business time after `from`; undefined when there is no working time ahead. */
  add(from: number, amount: number): number | undefined {
    if (amount <= 0) return from;
    let left = amount;
    const first = this.dayOf(from);
    for (let day = first; day < first + HORIZON_DAYS; day++) {
      if (!this.isWorkingDay(day)) continue;
      const start = this.startOf(day);
      for (const [s, e] of this.intervals) {
        const begin = Math.max(from, start + s);
        const available = start + e - begin;
        if (available <= 0) continue;
        if (left <= available) return begin + left;
        left -= available;
      }
    }
    return undefined;
  }
}

/** A target or window: how long, and whether it runs on the clock or in business time. */
export interface SlaDuration {
  /** As written in config: "15m", "1bd". */
  text: string;
  business: boolean;
  /** Length in ms of clock time, or of business time. */
  ms: number;
  /** Whole business days, when the duration is exactly that many. */
  days?: number;
}

export function parseSlaDuration(text: string, calendar: BusinessCalendar): SlaDuration {
  const m = DURATION_PATTERN.exec(text);
  if (!m) throw new Error(`invalid duration "${text}"`);
  const n = (i: number) => Number(m[i] ?? 0);
  if (/b[dhm]/.test(text)) {
    const ms = n(4) * calendar.dayMs + n(5) * HOUR + n(6) * MINUTE;
    return { text, business: true, ms, days: m[5] === undefined && m[6] === undefined ? n(4) : undefined };
  }
  return { text, business: false, ms: n(1) * DAY + n(2) * HOUR + n(3) * MINUTE };
}

/** Elapsed time between two instants on a duration's clock. */
export function elapsed(duration: SlaDuration, calendar: BusinessCalendar, from: number, to: number): number {
  return duration.business ? calendar.between(from, to) : Math.max(0, to - from);
}

/** When a duration started at `from` runs out; undefined when the calendar has no working time ahead. */
export function dueTime(duration: SlaDuration, calendar: BusinessCalendar, from: number): number | undefined {
  return duration.business ? calendar.add(from, duration.ms) : from + duration.ms;
}
