import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { configJsonSchema } from '../../config/json-schema.ts';

it('docs/config.schema.json is the schema the code validates with (regenerate: npm run schema)', () => {
  const committed = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'config.schema.json'), 'utf8'));
  expect(committed).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
});
