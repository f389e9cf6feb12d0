// Windows ("24h", "2bd"), verification intervals ("90d", "6m") and times written in the
// offset they were made in, so a due time reads the way the team's own clock does.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const WINDOW_PATTERN = /^([1-9][0-9]*)(h|d|w|bd)$/;
export const INTERVAL_PATTERN = /^([1-9][0-9]*)([dwm])$/;

/** A point in time with the UTC offset (minutes) it was written or committed in. */
export interface Instant {
  ms: number;
  offset: number;
}

/** Parses an ISO 8601 date-time; a date alone is midnight UTC. Undefined when it is not one. */
export function parseInstant(value: unknown): Instant | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
  const text = value instanceof Date ? value.toISOString() : value.trim();
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(text);
  const offset = m && /T/.test(text) ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return { ms, offset };
}

/** "2026-11-24T10:00:00+08:00": the time in the given offset, to the second. */
export function formatInstant(ms: number, offset: number): string {
  const local = new Date(ms + offset * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${date}T${time}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "2026-11-24 10:00 +08:00", for messages. */
export function formatShort(ms: number, offset: number): string {
  const iso = formatInstant(ms, offset);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} ${iso.slice(19)}`;
}

export function isWindow(value: unknown): value is string {
  return typeof value === 'string' && WINDOW_PATTERN.test(value);
}

/**
 * The due time of a change made at `start` with a window like "24h", "2d", "1w" or "2bd"
 * (business days: Saturdays and Sundays in the change's own offset do not count).
 */
export function addWindow(start: Instant, window: string): number {
  const m = WINDOW_PATTERN.exec(window);
  if (!m) throw new Error(`invalid window "${window}"`);
  const n = Number(m[1]);
  switch (m[2]) {
    case 'h':
      return start.ms + n * HOUR;
    case 'd':
      return start.ms + n * DAY;
    case 'w':
      return start.ms + n * 7 * DAY;
    default: {
      let ms = start.ms;
      for (let left = n; left > 0; ) {
        ms += DAY;
        const day = new Date(ms + start.offset * 60_000).getUTCDay();
        if (day !== 0 && day !== 6) left--;
      }
      return ms;
    }
  }
}

/** The end of a verification interval like "90d", "12w" or "6m" (calendar months) after `start`. */
export function addInterval(start: Instant, interval: string): number | undefined {
  const m = INTERVAL_PATTERN.exec(interval);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2] === 'd') return start.ms + n * DAY;
  if (m[2] === 'w') return start.ms + n * 7 * DAY;
  const local = new Date(start.ms + start.offset * 60_000);
  const day = local.getUTCDate();
  local.setUTCDate(1);
  local.setUTCMonth(local.getUTCMonth() + n);
  // 31 January plus one month is the last day of February, not 3 March.
  const last = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
  local.setUTCDate(Math.min(day, last));
  return local.getTime() - start.offset * 60_000;
}

/** "2d 3h", "5h 20m", "12m": compact, for messages and tables. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return mins > 0 ? `${hours}h ${mins}m` : `${hours}h`;
  return `${mins}m`;
}

/** ISO 8601 duration in hours, minutes and seconds ("PT25H", "PT1H30M"), for JSON. */
export function isoDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (seconds === 0) return 'PT0S';
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
}

/** The local offset of the machine at `ms`, in minutes east of UTC. */
export function localOffset(ms: number): number {
  return -new Date(ms).getTimezoneOffset();
}
