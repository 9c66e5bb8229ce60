import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfigText } from '../../config/load.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'small.yaml');
const env = { KAP_AUTH: 'auth-secret-1', KAP_PRIV: 'priv-secret-2' };

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config file', () => {
  it('loads a valid file with defaults filled in', () => {
    const { config } = loadConfigFile(FIXTURE, env);
    expect(config.schools[0]!.buildings[0]!.devices[0]!.snmp.port).toBe(161);
    // Files the config names are found from its own folder, wherever the command runs.
    expect(config.store).toEqual({ kind: 'embedded', path: join(import.meta.dirname, '..', 'fixtures', 'data', 'kapasitet.sqlite') });
    expect(config.collector.spoolPath).toBe(join(import.meta.dirname, '..', 'fixtures', 'data', 'spool.jsonl'));
    expect(config.planning.headroom).toBe(0.7);
  });

  it('takes one grade for an exam, and says what a grade range looks like in words, not the schema library\'s', () => {
    const withExam = (grades: string) => `${readFileSync(FIXTURE, 'utf8')}\nplanning:\n  examDay: { grades: ${grades}, mbpsPerDevice: 2 }\n`;
    const exam = (grades: string) => parseConfigText(withExam(grades), FIXTURE, env).config.planning.examDay!.grades;
    expect(exam('[9]')).toEqual([9, 9]);
    expect(exam('9')).toEqual([9, 9]);
    expect(exam('[8, 10]')).toEqual([8, 10]);
    const err = errorOf(() => parseConfigText(withExam('[8, 9, 10]'), FIXTURE, env));
    expect(err.message).toContain('planning.examDay.grades');
    expect(err.message).toContain('[first, last] grade, e.g. [5, 7], or one grade such as 9');
    expect(err.message).not.toMatch(/Too (small|big)/);
  });

  it('says a bound as a person would: at least so many items, at most so much', () => {
    const text = readFileSync(FIXTURE, 'utf8').replace('classrooms: 4', 'classrooms: -1');
    const err = errorOf(() => parseConfigText(text, FIXTURE, env));
    expect(err.issues.find((i) => i.path === 'schools[0].buildings[0].classrooms')?.message).toBe('expected at least 0, got -1');
  });

  it('names the path and line of a wrong type', () => {
    const text = readFileSync(FIXTURE, 'utf8').replace('port: 16161', 'port: "sixteen"');
    const err = errorOf(() => parseConfigText(text, FIXTURE, env));
    expect(err.issues).toContainEqual({ path: 'schools[0].devices[0].snmp.port', message: 'expected number, got "sixteen"', line: 10 });
    expect(err.message).toContain('schools[0].devices[0].snmp.port (line 10): expected number');
  });

  it('reports every error at once, including references to devices that do not exist', () => {
    const text = readFileSync(FIXTURE, 'utf8').replace('device: s1-sw,', 'device: s1-nope,').replace('classrooms: 4', 'classrooms: -1');
    const err = errorOf(() => parseConfigText(text, FIXTURE, env));
    expect(err.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['schools[0].buildings[0].classrooms', 'schools[0].buildings[0].uplink.device']));
  });

  it('names a DHCP scope with a VLAN out of range or an unknown group, by path and line', () => {
    const text = readFileSync(FIXTURE, 'utf8').replace('classrooms: 4\n', 'classrooms: 4\n        dhcpScopes:\n          - { name: elev, vlan: 5000, size: 254, serves: elever }\n');
    const err = errorOf(() => parseConfigText(text, FIXTURE, env));
    expect(err.issues.map((i) => [i.path, i.line])).toEqual([
      ['schools[0].buildings[0].dhcpScopes[0].vlan', 18],
      ['schools[0].buildings[0].dhcpScopes[0].serves', 18],
    ]);
    expect(err.message).toContain('pupils');
  });

  it('names a missing environment variable for a secret, without any secret value', () => {
    const err = errorOf(() => loadConfigFile(FIXTURE, { KAP_AUTH: 'auth-secret-1' }));
    expect(err.issues).toEqual([{ path: 'schools[0].buildings[0].devices[0].snmp.privKey', message: 'environment variable KAP_PRIV is not set', line: 21 }]);
    expect(err.message).not.toContain('auth-secret-1');
  });

  it('rejects a secret written inline', () => {
    const text = readFileSync(FIXTURE, 'utf8').replace('community: { secret: s1 }', 'community: public');
    const err = errorOf(() => parseConfigText(text, FIXTURE, env));
    expect(err.issues[0]!.path).toBe('schools[0].devices[0].snmp.community');
  });

  it('reports broken YAML with its line', () => {
    const err = errorOf(() => parseConfigText('municipality: { id: x\nschools: [', 'bad.yaml', env));
    expect(err.issues[0]!.line).toBeGreaterThan(0);
    expect(err.issues[0]!.message).toMatch(/^YAML: /);
  });

  it('teaches: one syntax error at its line and column with the line shown, a did-you-mean for a misspelt key, how to write a grade range', () => {
    // A tab among spaces: the parser finds many faults; the user is shown the one to fix.
    const tabbed = errorOf(() => parseConfigText('municipality: { id: x, name: X, timezone: Europe/Oslo }\nschools:\n  - id: a\n\tname: A\n    buildings: []\n', 'tab.yaml', env));
    expect(tabbed.issues).toHaveLength(1);
    expect(tabbed.issues[0]).toMatchObject({ line: 4, source: { text: '\tname: A', column: 1 } });
    expect(tabbed.message).toContain('(line 4, column 1): YAML: ');
    expect(tabbed.message).toContain('\n      \tname: A\n      ^');
    const text = readFileSync(FIXTURE, 'utf8');
    const misspelt = errorOf(() => parseConfigText(`${text}\nplaning: { headroom: 0.7 }\n`, 'small.yaml', env));
    expect(misspelt.issues.map((i) => i.message)).toContain('unknown key(s): planing (did you mean planning?)');
    const building = ['municipality: { id: x, name: X, timezone: Europe/Oslo }', 'schools:', '  - id: a', '    name: A', '    enrolment: [{ year: 2026, pupils: { "5": 20 }, staff: 3 }]', '    buildings: [{ id: b, name: B, classrooms: 3, grades: [5-7] }]', 'devicePolicies: [{ name: today, effectiveFrom: 2024, bands: [{ grades: [1, 10], pupilsPerDevice: 1, deviceType: laptop }] }]'].join('\n');
    const range = errorOf(() => parseConfigText(building, 'range.yaml', env));
    expect(range.issues.find((i) => i.path.endsWith('grades[0]'))?.message).toBe('expected number, got "5-7" (a range? list each number: [5, 6, 7])');
  });

  it('suggests for the first ten unknown keys of an object only, and never for a key longer than any the schema has', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const keys = Array.from({ length: 5000 }, (_, i) => `planing${i}: 1`).join('\n');
    // YAML allows a plain key of 1,024 characters at most.
    const long = `${'planning'.repeat(120)}: 1`;
    const err = errorOf(() => parseConfigText(`${text}\nplaning: 1\n${keys}\n${long}\n`, 'many.yaml', env));
    const message = err.issues.find((i) => i.message.startsWith('unknown key(s)'))!.message;
    // planing, planing0 … planing8 are each within two edits of planning: ten suggestions, then none.
    expect(message.match(/did you mean/g)).toHaveLength(10);
    expect(message).toMatch(/^unknown key\(s\): planing \(did you mean planning\?\), planing0 \(did you mean planning\?\), /);
    expect(message).toContain('planing8 (did you mean planning?), planing9, planing10, ');
    expect(message).toMatch(/(planning){120}$/);
  });

  it('warns, without refusing, where a policy leaves a taught grade without devices', () => {
    const config = ['municipality: { id: x, name: X, timezone: Europe/Oslo }', 'schools:', '  - id: a', '    name: A', '    enrolment: [{ year: 2026, pupils: { "3": 20, "4": 22, "5": 21 }, staff: 3 }]', '    buildings: [{ id: b, name: B, classrooms: 3 }]', 'devicePolicies: [{ name: today, effectiveFrom: 2024, bands: [{ grades: [1, 3], pupilsPerDevice: 2, deviceType: tablet }, { grades: [5, 10], pupilsPerDevice: 1, deviceType: laptop }] }]'].join('\n');
    const { warnings } = parseConfigText(config, 'gap.yaml', env);
    expect(warnings).toContain('devicePolicies[0] (today): no band covers grade 4, which the schools teach: those pupils get no devices in the plan');
    expect(warnings.some((w) => w.includes('building b: no uplink, devices or access points'))).toBe(true);
  });

  it('accepts the example config shipped in the repository', () => {
    const example = join(import.meta.dirname, '..', '..', 'kapasitet.example.yaml');
    const text = readFileSync(example, 'utf8').replace('secretsFile: secrets.yaml', '');
    const err = errorOf(() => parseConfigText(text, example, { KAPASITET_V3_AUTH: 'a', KAPASITET_V3_PRIV: 'b' }));
    // Only the { secret: … } references are left unresolved, with no secrets file given.
    expect(new Set(err.issues.map((i) => i.message))).toEqual(new Set(['refers to secret "bakken-ro" but no secretsFile is configured']));
  });

  it('masks resolved secrets in logs and JSON', () => {
    const { secrets } = loadConfigFile(FIXTURE, env);
    const secret = secrets.resolve({ env: 'KAP_AUTH' });
    expect(`${secret} ${JSON.stringify({ secret })} ${inspect(secret)}`).not.toContain('auth-secret-1');
    expect(secret.reveal()).toBe('auth-secret-1');
  });

  it('refuses a community written out in the config, saying how to refer to it', () => {
    const text = readFileSync(FIXTURE, 'utf8').replace('community: { secret: s1 }', 'community: public');
    const err = errorOf(() => parseConfigText(text, FIXTURE, env));
    expect(err.issues).toEqual([{ path: 'schools[0].devices[0].snmp.community', line: 10, message: 'a reference to the secret, not the secret itself: { secret: NAME } for NAME in the secretsFile, or { env: VARIABLE }' }]);
  });

  it('refuses an alias bomb before expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefg'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`)].join('\n');
    const err = errorOf(() => parseConfigText(bomb, FIXTURE, env));
    expect(err.issues).toEqual([{ path: '', message: 'YAML: more than 1000 uses of aliases (*name); write the values out' }]);
  });

  it('names a secrets file that is missing, broken or writable by everyone, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kapasitet-secrets-'));
    const withSecrets = (path: string) => readFileSync(FIXTURE, 'utf8').replace('secretsFile: small-secrets.yaml', `secretsFile: ${path}`);
    const issue = (path: string) => errorOf(() => parseConfigText(withSecrets(path), FIXTURE, env)).issues[0]!;
    expect(issue(join(dir, 'nope.yaml'))).toEqual({ path: 'secretsFile', line: 2, message: `the secrets file ${join(dir, 'nope.yaml')} does not exist` });
    writeFileSync(join(dir, 'broken.yaml'), 's1: [public\n', { mode: 0o600 });
    expect(issue(join(dir, 'broken.yaml')).message).toBe(`secrets file ${join(dir, 'broken.yaml')}: cannot be read as YAML (YAMLParseError)`);
    // The error names the file, never its text (which holds the secrets).
    expect(issue(join(dir, 'broken.yaml')).message).not.toContain('public');
    writeFileSync(join(dir, 'open.yaml'), readFileSync(join(import.meta.dirname, '..', 'fixtures', 'small-secrets.yaml')));
    chmodSync(join(dir, 'open.yaml'), 0o666);
    expect(issue(join(dir, 'open.yaml')).message).toMatch(/may be written by every user of this machine; make it the service's own \(chmod 600 /);
    chmodSync(join(dir, 'open.yaml'), 0o640);
    expect(parseConfigText(withSecrets(join(dir, 'open.yaml')), FIXTURE, env).warnings).toEqual([]);
    // Readable by every user: it loads, with a warning that says what to do.
    chmodSync(join(dir, 'open.yaml'), 0o644);
    expect(parseConfigText(withSecrets(join(dir, 'open.yaml')), FIXTURE, env).warnings).toEqual([`the secrets file ${join(dir, 'open.yaml')} may be read by every user of this machine; make it the service's own (chmod 600 ${join(dir, 'open.yaml')})`]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 10 MB of random bytes, or of random text, with a few lines naming what is wrong, not megabytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kapasitet-garbage-'));
    // A seeded generator: the same bytes on every run.
    let state = 0x2545f491;
    const random = () => ((state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
    const bytes = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    writeFileSync(join(dir, 'binary.yaml'), bytes);
    const binary = errorOf(() => loadConfigFile(join(dir, 'binary.yaml'), env));
    expect(binary.issues).toHaveLength(1);
    expect(binary.message).toMatch(/the file is not UTF-8 text \(at character \d+ of this line\): is this the config\? Save it as UTF-8$/);
    // Printable text with the characters YAML reads as structure.
    const alphabet = 'abc: -[]{}#&*!|>\'"%@`\n\t ,?';
    const text = Array.from({ length: 10 * 1024 * 1024 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    writeFileSync(join(dir, 'text.yaml'), text);
    const garbled = errorOf(() => loadConfigFile(join(dir, 'text.yaml'), env));
    const lines = garbled.message.split('\n');
    // The first syntax error only, with its line shown and marked: the rest follow from it.
    expect(garbled.issues).toHaveLength(1);
    expect(lines).toHaveLength(1 + 1 + 2);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(300);
    rmSync(dir, { recursive: true, force: true });
  });
});
