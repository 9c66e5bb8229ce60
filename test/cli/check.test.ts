// `kapasitet check` on a config as a user writes it: the success line in the municipality's
// language with its plurals right (one school, two buildings).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../simulator/demo.ts';
import { CLI } from '../support/cli.ts';

const run = promisify(execFile);
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
});
