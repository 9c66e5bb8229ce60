// `kapasitet serve` with a store it cannot open: one sentence naming the store and the fault, exit 1.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { freeTcpPort } from '../support/servers.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'bin', 'kapasitet.js');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

it('refuses to start on an InfluxDB that does not answer, in one line and without a stack trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-serve-store-'));
  const port = await freeTcpPort();
  copyFileSync(join(FIXTURES, 'small-secrets.yaml'), join(dir, 'small-secrets.yaml'));
  writeFileSync(join(dir, 'kapasitet.yaml'), `${readFileSync(join(FIXTURES, 'small.yaml'), 'utf8')}store: { kind: influxdb, url: 'http://127.0.0.1:${port}', database: kapasitet }\n`);
  const env = { ...process.env, KAP_AUTH: 'auth-pass-phrase', KAP_PRIV: 'priv-pass-phrase' };
  const err = await run(process.execPath, [CLI, 'serve', '--config', join(dir, 'kapasitet.yaml'), '--port', '0'], { env, cwd: dir }).catch((e) => e);
  expect(err.code).toBe(1);
  expect(err.stderr.trim()).toBe(`kapasitet serve: InfluxDB at http://127.0.0.1:${port}: nothing answers there (connection refused)`);
});
