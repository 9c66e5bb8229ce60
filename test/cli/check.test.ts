// `kapasitet check` on a config as a user writes it: the success line in the municipality's
// language with its plurals right (one school, two buildings).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../simulator/demo.ts';
import { CLI } from '../support/cli.ts';

const run = promisify(execFile);
const EXAMPLE = join(import.meta.dirname, '..', '..', 'kapasitet.example.yaml');
const dir = mkdtempSync(join(tmpdir(), 'kapasitet-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kapasitet check', () => {
  it('says what it checked in the reader\'s language, one school and two buildings as such', async () => {
    const demo = demoConfig();
    // One school of the demo: Nordli, with its two buildings.
    const schools = demo.schools.filter((s) => s.id === 'nordli-ungdomsskole');
    const config = { ...demo, schools, flows: undefined, secretsFile: join(dir, 'secrets.yaml') };
    writeFileSync(join(dir, 'secrets.yaml'), 'demo-community: public\n');
    const file = join(dir, 'kapasitet.yaml');
    writeFileSync(file, stringify(JSON.parse(JSON.stringify(config))));
    // The demo municipality writes Norwegian.
    const { stdout } = await run(process.execPath, [CLI, 'check', '--config', file]);
    expect(stdout).toMatch(/: ok \(1 skole, 2 bygninger, 4 enheter\)$/m);
  });

  it('passes kapasitet.example.yaml after the README\'s steps, and its catalogue prices the network too', async () => {
    const here = join(dir, 'example');
    mkdirSync(here);
    copyFileSync(EXAMPLE, join(here, 'kapasitet.yaml'));
    writeFileSync(join(here, 'secrets.yaml'), 'bakken-ro: public\n', { mode: 0o600 });
    const env = { ...process.env, KAPASITET_V3_AUTH: 'example-auth-key', KAPASITET_V3_PRIV: 'example-priv-key' };
    const { stdout } = await run(process.execPath, [CLI, 'check'], { cwd: here, env });
    expect(stdout.trim()).toBe('kapasitet.yaml: ok (1 skole, 2 bygninger, 3 enheter)');
    // Without the README's variables, it says which are missing and where.
    const { KAPASITET_V3_AUTH: _auth, KAPASITET_V3_PRIV: _priv, ...without } = env;
    const missing = await run(process.execPath, [CLI, 'check'], { cwd: here, env: without }).catch((e) => e);
    expect(missing.code).not.toBe(0);
    expect(`${missing.stdout}${missing.stderr}`).toContain('KAPASITET_V3_AUTH');
    // The catalogue prices access points, cabling, uplinks, lines, routers and charging, not the pupils' devices alone.
    const catalogue = (parse(readFileSync(EXAMPLE, 'utf8')) as { catalogue: Record<string, unknown[]> }).catalogue;
    for (const key of ['accessPoints', 'uplinks', 'internetTiers', 'routers', 'switches', 'devices']) expect(catalogue[key]?.length, key).toBeGreaterThan(0);
  });
});
