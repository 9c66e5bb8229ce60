// npm run refresh:m365 [endpoints.json]: rewrites flows/classes.yaml's Microsoft 365 lists from
// Microsoft's endpoint web service (or a copy of its JSON saved by hand), and says what changed.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { CATALOGUE_FILE } from '../flows/classifier.ts';
import { endpointSetSchema, refreshM365 } from '../flows/refresh-lists.ts';

const SERVICE = 'https://endpoints.office.com';
const file = process.argv[2];
const request = `clientrequestid=${randomUUID()}`;
const json = file ? JSON.parse(readFileSync(file, 'utf8')) : await (await fetch(`${SERVICE}/endpoints/worldwide?${request}`)).json();
// The service's version is YYYYMMDDNN; a saved copy is dated by the day it was read.
const latest = file ? undefined : ((await (await fetch(`${SERVICE}/version/worldwide?${request}`)).json()) as { latest?: string }).latest;
const version = latest ? `${latest.slice(0, 4)}-${latest.slice(4, 6)}-${latest.slice(6, 8)}` : new Date().toISOString().slice(0, 10);
const sets = z.array(endpointSetSchema).parse(json);
const { text, changed } = refreshM365(readFileSync(CATALOGUE_FILE, 'utf8'), sets, version);
writeFileSync(CATALOGUE_FILE, text);
console.log(changed.length ? changed.join('\n') : `no list changed; dated ${version}`);
