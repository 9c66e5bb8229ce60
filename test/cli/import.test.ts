// `kapasitet import enrolment`: a spreadsheet's enrolment into the config, all of it or nothing.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../config/load.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'bin', 'kapasitet.js');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const env = { ...process.env, KAP_AUTH: 'auth-pass-phrase', KAP_PRIV: 'priv-pass-phrase' };

function workspace(csv: string, what: 'enrolment' | 'fleet' = 'enrolment') {
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-import-'));
  copyFileSync(join(FIXTURES, 'small-secrets.yaml'), join(dir, 'small-secrets.yaml'));
  const config = join(dir, 'kapasitet.yaml');
  writeFileSync(config, `# Testby's network\n${readFileSync(join(FIXTURES, 'small.yaml'), 'utf8')}`);
  writeFileSync(join(dir, `${what}.csv`), csv);
  const importIt = () => run(process.execPath, [CLI, 'import', what, join(dir, `${what}.csv`), '--config', config], { env });
  return { config, importIt };
}

describe('kapasitet import enrolment', () => {
  it('replaces the years the file gives, adds new ones, keeps the rest of the file', async () => {
    // As a Nordic spreadsheet saves it: semicolons.
    const { config, importIt } = workspace('school;year;grade;count\ns1;2026;1;22\ns1;2026;8;31\ns1;2027;1;25\ns1;2027;8;33\ns1;2027;staff;11\n');
    const { stdout } = await importIt();
    expect(stdout).toContain('enrolment for s1 (2026, 2027)');
    const text = readFileSync(config, 'utf8');
    expect(text.startsWith("# Testby's network\n")).toBe(true);
    expect(loadConfigFile(config, env).config.schools[0]!.enrolment).toEqual([
      // 2026 had staff 10 in the config and the file gives none: it stays.
      { year: 2026, pupils: { '1': 22, '8': 31 }, staff: 10 },
      { year: 2027, pupils: { '1': 25, '8': 33 }, staff: 11 },
    ]);
  });

  it('reports every bad row with its line and changes nothing', async () => {
    const { config, importIt } = workspace('school,year,grade,count\ns1,2027,1,25\nnowhere,2027,1,3\ns1,2027,14,3\ns1,2027,1,26\ns1,2027,2,-4\n');
    const before = readFileSync(config, 'utf8');
    const err = await importIt().catch((e) => e);
    expect(err.code).toBe(2);
    const lines = err.stderr.trim().split('\n').slice(1);
    expect(lines).toEqual([
      expect.stringMatching(/school \(line 3\): no school "nowhere" in the config/),
      expect.stringMatching(/grade \(line 4\): a grade from 0 to 13, or "staff" \(got "14"\)/),
      expect.stringMatching(/grade \(line 5\): s1 2027 grade 1 is already on line 2/),
      expect.stringMatching(/count \(line 6\): .*\(got "-4"\)/),
      expect.stringMatching(/s1 2027: no staff row, and the config has no staff count for that year/),
    ]);
    expect(readFileSync(config, 'utf8')).toBe(before);
  });

  it('names the columns it wants when the header is wrong', async () => {
    const { importIt } = workspace('skole,år,trinn,antall\ns1,2027,1,25\n');
    const err = await importIt().catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('the first line must name the columns school, year, grade, count (got: skole, år, trinn, antall)');
  });
});

describe('kapasitet import fleet', () => {
  it('reads an asset register with a row per device and purchase dates into the school\'s devices by type and school year', async () => {
    // Bought 2023-06-20 is school year 2022/23; 2023-08-15 is 2023/24. A batch row gives its count.
    const { config, importIt } = workspace('school,type,acquired\ns1,laptop,2023-06-20\ns1,laptop,2023-08-15\ns1,laptop,2023-08-16\ns1,tablet,2024\n', 'fleet');
    const { stdout } = await importIt();
    expect(stdout).toContain('devices for s1 (4)');
    expect(loadConfigFile(config, env).config.schools[0]!.fleet).toEqual([
      { type: 'laptop', count: 1, acquired: 2022 },
      { type: 'laptop', count: 2, acquired: 2023 },
      { type: 'tablet', count: 1, acquired: 2024 },
    ]);
    const { importIt: batch, config: batchConfig } = workspace('school;type;acquired;count\ns1;laptop;2022;120\ns1;laptop;2022;30\n', 'fleet');
    await batch();
    expect(loadConfigFile(batchConfig, env).config.schools[0]!.fleet).toEqual([{ type: 'laptop', count: 150, acquired: 2022 }]);
  });

  it('reports every bad row with its line and changes nothing', async () => {
    const { config, importIt } = workspace('school,type,acquired,count\ns1,laptop,2023,10\nnowhere,laptop,2023,1\ns1,chromebook,2023,1\ns1,laptop,last year,1\ns1,laptop,2023,-2\n', 'fleet');
    const before = readFileSync(config, 'utf8');
    const err = await importIt().catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('line 3');
    expect(err.stderr).toContain('no school "nowhere" in the config');
    expect(err.stderr).toMatch(/line 4\): a device type: tablet, laptop, desktop, phone \(got "chromebook"\)/);
    expect(err.stderr).toMatch(/line 5\): a school year \(2023\) or a date \(2023-08-15\) \(got "last year"\)/);
    expect(err.stderr).toContain('line 6');
    expect(readFileSync(config, 'utf8')).toBe(before);
  });
});
