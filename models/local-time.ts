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

export function localWeekTime(epochMs: number, timeZone: string): LocalWeekTime {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(epochMs).map((p) => [p.type, p.value]));
  return {
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 1,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
  };
}

/** The school year an instant falls in, named by its first calendar year (August starts a new one). */
export function schoolYearOf(epochMs: number, timeZone: string): number {
  const t = localWeekTime(epochMs, timeZone);
  return t.month >= 8 ? t.year : t.year - 1;
}
