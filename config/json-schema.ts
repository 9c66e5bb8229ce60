// The config file's JSON Schema, generated from the zod schema, for editors and for docs/.
import { z } from 'zod';
import { configSchema } from './schema.ts';

export function configJsonSchema(): object {
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
}
