// A user's walk, as `snmpwalk -On` prints it, becomes the snmprec snmpsimd serves; what cannot be
// read is named by its line.
import { describe, expect, it } from 'vitest';
import { walkToSnmprec } from '../../cli/walk-to-snmprec.ts';

const WALK = `.1.3.6.1.2.1.1.1.0 = STRING: "Linux ap 4.4"
.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.10002.1
.1.3.6.1.2.1.1.3.0 = Timeticks: (12345) 0:02:03.45
.1.3.6.1.2.1.1.5.0 = STRING: "two
lines"
.1.3.6.1.2.1.2.2.1.8.1 = INTEGER: up(1)
.1.3.6.1.2.1.2.2.1.6.1 = Hex-STRING: 00 1A 2B 3C 4D 5E
.1.3.6.1.2.1.2.2.1.10.1 = Counter32: 4294967295
.1.3.6.1.2.1.31.1.1.1.6.1 = Counter64: 18446744073709551615
.1.3.6.1.2.1.2.2.1.5.1 = Gauge32: 1000000000
.1.3.6.1.2.1.4.20.1.1.10.0.0.1 = IpAddress: 10.0.0.1
.1.3.6.1.2.1.1.6.0 = ""
.1.3.6.1.2.1.1.9.0 = No Such Object available on this agent at this OID
`;

describe('a walk into snmprec', () => {
  it('reads every type snmpwalk -On prints, strings over several lines, and sorts by OID', () => {
    expect(walkToSnmprec(WALK, 'walk.txt').split('\n')).toEqual([
      `1.3.6.1.2.1.1.1.0|4x|${Buffer.from('Linux ap 4.4').toString('hex')}`,
      '1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.10002.1',
      '1.3.6.1.2.1.1.3.0|67|12345',
      `1.3.6.1.2.1.1.5.0|4x|${Buffer.from('two\nlines').toString('hex')}`,
      '1.3.6.1.2.1.1.6.0|4|',
      '1.3.6.1.2.1.2.2.1.5.1|66|1000000000',
      '1.3.6.1.2.1.2.2.1.6.1|4x|001a2b3c4d5e',
      '1.3.6.1.2.1.2.2.1.8.1|2|1',
      '1.3.6.1.2.1.2.2.1.10.1|65|4294967295',
      '1.3.6.1.2.1.4.20.1.1.10.0.0.1|64x|0a000001',
      '1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551615',
      '',
    ]);
  });

  it('keeps snmprec lines as they are, variation modules included', () => {
    expect(walkToSnmprec('1.3.6.1.2.1.1.5.0|4|ap\n1.3.6.1.2.1.1.3.0|67:numeric|rate=100\n', 'rec.snmprec')).toBe('1.3.6.1.2.1.1.3.0|67:numeric|rate=100\n1.3.6.1.2.1.1.5.0|4|ap\n');
  });

  it('names the file and line of what it cannot read', () => {
    expect(() => walkToSnmprec('.1.3.6.1.2.1.1.3.0 = Timeticks: (1) 0:00:00.01\nnot a walk\n', 'walk.txt')).toThrow('walk.txt line 2: not a line of `snmpwalk -On`');
    expect(() => walkToSnmprec('.1.3.6.1.2.1.1.3.0 = Counter32: many\n', 'walk.txt')).toThrow('walk.txt line 1: "many" is not a Counter32');
    expect(() => walkToSnmprec('.1.3.6.1.2.1.1.3.0 = Opaque: 1\n', 'walk.txt')).toThrow('walk.txt line 1: type Opaque is not one Kapasitet reads');
    expect(() => walkToSnmprec('1.3.6.1.2.1.1.5.0|4|ap\n1.3.6|4\n', 'rec.snmprec')).toThrow('rec.snmprec line 2: not an snmprec line');
    expect(() => walkToSnmprec('\n\n', 'empty.txt')).toThrow('empty.txt: empty');
  });

  it('refuses a file of more than three million lines before reading it', () => {
    expect(() => walkToSnmprec('\n'.repeat(3_000_000), 'huge.txt')).toThrow('huge.txt: more than 3,000,000 lines');
    expect(() => walkToSnmprec(`.1.3.6.1.2.1.1.3.0 = Timeticks: (1) 0:00:00.01${'\n'.repeat(2_999_998)}`, 'big.txt')).not.toThrow();
  });
});
