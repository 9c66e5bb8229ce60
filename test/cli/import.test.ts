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

function workspace(csv: string) {
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-import-'));
  copyFileSync(join(FIXTURES, 'small-secrets.yaml'), join(dir, 'small-secrets.yaml'));
  const config = join(dir, 'kapasitet.yaml');
  writeFileSync(config, `# Testby's network\n${readFileSync(join(FIXTURES, 'small.yaml'), 'utf8')}`);
  writeFileSync(join(dir, 'enrolment.csv'), csv);
  const importIt = () => run(process.execPath, [CLI, 'import', 'enrolment', join(dir, 'enrolment.csv'), '--config', config], { env });
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
