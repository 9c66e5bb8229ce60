// Renders a model's message (models/message.ts) in a language: its parts first, lists joined with
// "; ", then the message itself with its figures.
import type { TFunction } from 'i18next';
import type { Message, MessageParam } from '../models/message.ts';

export function render(message: Message, t: TFunction): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.params ?? {})) params[name] = part(value, t);
  return t(message.key, message.fallback !== undefined ? { ...params, defaultValue: message.fallback } : params) as string;
}

function part(value: MessageParam, t: TFunction): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map((m) => render(m, t)).join('; ');
  return render(value, t);
}
