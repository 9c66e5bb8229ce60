// Wall-clock time in the municipality's time zone: the school timetable, busy hours and weekday
// patterns are all local. Pure: the instant comes in as an argument.

export interface LocalWeekTime {
  /** 1 = Monday … 7 = Sunday (ISO 8601). */
  weekday: number;
  /** Minutes since local midnight, 0 … 1439. */
  minuteOfDay: number;
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const HOUR_MS = 3_600_000;

function fromFormatter(epochMs: number, timeZone: string): LocalWeekTime {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(epochMs).map((p) => [p.type, p.value]));
  return {
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 1,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
  };
}

/** The zone's offset from UTC at an instant on a whole minute, in ms. */
function offsetAt(epochMs: number, timeZone: string): number {
  const t = fromFormatter(epochMs, timeZone);
  return Date.UTC(t.year, t.month - 1, t.day, 0, t.minuteOfDay) - epochMs;
}

/**
 * Offsets by time zone and UTC hour, or null for an hour in which the offset changes. formatToParts
 * costs tens of microseconds; a month of ten-second points asks hundreds of thousands of times, and
 * the offset changes twice a year. Bounded: a zone's hours are cleared past about eleven years of them.
 */
const offsets = new Map<string, Map<number, number | null>>();

function hourOffset(hour: number, timeZone: string): number | null {
  let hours = offsets.get(timeZone);
  if (!hours) offsets.set(timeZone, (hours = new Map()));
  let offset = hours.get(hour);
  if (offset === undefined) {
    const atStart = offsetAt(hour, timeZone);
    // The same offset at both ends of the hour: no change within it (changes are months apart).
    offset = atStart === offsetAt(hour + HOUR_MS, timeZone) ? atStart : null;
    if (hours.size > 100_000) hours.clear();
    hours.set(hour, offset);
  }
  return offset;
}

export function localWeekTime(epochMs: number, timeZone: string): LocalWeekTime {
  const offset = hourOffset(Math.floor(epochMs / HOUR_MS) * HOUR_MS, timeZone);
  if (offset === null) return fromFormatter(epochMs, timeZone);
  const local = new Date(epochMs + offset);
  return {
    weekday: local.getUTCDay() === 0 ? 7 : local.getUTCDay(),
    minuteOfDay: local.getUTCHours() * 60 + local.getUTCMinutes(),
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
  };
}

/** The month school years start in: August in the Nordic countries. */
export const SCHOOL_YEAR_START_MONTH = 8;

/** The school year an instant falls in, named by its first calendar year (August starts a new one). */
export function schoolYearOf(epochMs: number, timeZone: string): number {
  const t = localWeekTime(epochMs, timeZone);
  return t.month >= SCHOOL_YEAR_START_MONTH ? t.year : t.year - 1;
}
