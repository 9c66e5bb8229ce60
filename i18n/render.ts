// Renders a model's message (models/message.ts) in a language: its parts first, lists joined with
// "; ", then the message itself with its figures.
import type { TFunction } from 'i18next';
import type { Message, MessageParam } from '../models/message.ts';
import { INTL_TAG, type Locale } from './locales.ts';
import { translator } from './translate.ts';

/** Figures as `number` writes them (a decimal comma in the Nordic languages); as they are when absent. */
export function render(message: Message, t: TFunction, number?: (n: number) => string): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.params ?? {})) params[name] = part(value, t, number);
  return t(message.key, message.fallback !== undefined ? { ...params, defaultValue: message.fallback } : params) as string;
}

function part(value: MessageParam, t: TFunction, number: ((n: number) => string) | undefined): string | number {
  if (typeof value === 'number') return number ? number(value) : value;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((m) => render(m, t, number)).join('; ');
  return render(value, t, number);
}

/**
 * Messages worded in `locale`: figures with its decimal mark and no grouping, so a school year
 * stays 2027 and a reason's 712,5 reads as Norwegian writes it.
 */
export function wording(locale: Locale): (message: Message) => string {
  const t = translator(locale);
  const figures = new Intl.NumberFormat(INTL_TAG[locale], { useGrouping: false, maximumFractionDigits: 2 });
  return (message) => render(message, t, (n) => figures.format(n));
}
