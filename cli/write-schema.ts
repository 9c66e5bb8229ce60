// npm run schema: writes docs/config.schema.json from the zod schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema } from '../config/json-schema.ts';

writeFileSync(join(import.meta.dirname, '..', 'docs', 'config.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
