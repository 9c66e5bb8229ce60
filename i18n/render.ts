// Renders a model's message (models/message.ts) in a language: its parts first, lists joined with
// "; ", then the message itself with its figures.
import type { TFunction } from 'i18next';
import type { Message, MessageParam, Moment } from '../models/message.ts';
import { INTL_TAG, type Locale } from './locales.ts';
import { translator } from './translate.ts';

/** How figures and moments are written: as `number` and `moment` write them, else as they are. */
export interface Figures {
  number?: (n: number) => string;
  moment?: (m: Moment) => string;
}

/** Figures as `figures` writes them (a decimal comma in the Nordic languages). */
export function render(message: Message, t: TFunction, figures: Figures = {}): string {
  const params: Record<string, string | number> = {};
  // `count` stays a number: i18next picks the plural form by it.
  for (const [name, value] of Object.entries(message.params ?? {})) params[name] = name === 'count' && typeof value === 'number' ? value : part(value, t, figures);
  return t(message.key, message.fallback !== undefined ? { ...params, defaultValue: message.fallback } : params) as string;
}

function part(value: MessageParam, t: TFunction, figures: Figures): string | number {
  if (typeof value === 'number') return figures.number ? figures.number(value) : value;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((m) => render(m, t, figures)).join('; ');
  if ('show' in value) return figures.moment ? figures.moment(value) : new Date(value.time).toISOString();
  return render(value, t, figures);
}

/**
 * Messages worded in `locale`: figures with its decimal mark, grouped from five digits on (25 000
 * in Norwegian, as the tables write it) so that a school year stays 2027 and a reason's 712,5 reads
 * as Norwegian writes it; moments in `timeZone`.
 */
export function wording(locale: Locale, timeZone = 'UTC'): (message: Message) => string {
  const t = translator(locale);
  const figures = new Intl.NumberFormat(INTL_TAG[locale], { useGrouping: 'min2', maximumFractionDigits: 2 });
  const weekdayHour = new Intl.DateTimeFormat(INTL_TAG[locale], { weekday: 'long', hour: '2-digit', minute: '2-digit', timeZone });
  // A month is a calendar month wherever the reader is: the middle of it, read in UTC.
  const monthYear = new Intl.DateTimeFormat(INTL_TAG[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return (message) => render(message, t, { number: (n) => figures.format(n), moment: (m) => (m.show === 'month-year' ? monthYear : weekdayHour).format(m.time) });
}
