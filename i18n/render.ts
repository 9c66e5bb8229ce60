// Renders a model's message (models/message.ts) in a language: its parts first, lists joined with
// "; ", then the message itself with its figures.
import type { TFunction } from 'i18next';
import type { Message, MessageParam } from '../models/message.ts';

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
