import snmp from 'net-snmp';
import { describe, expect, it } from 'vitest';
import { decodeIndex, decodeValue } from '../../collector/decode.ts';

const text = (value: Buffer) => decodeValue({ oid: '1.3.6.1.2.1.31.1.1.1.18.1', type: snmp.ObjectType.OctetString, value }, { oid: '1.3.6.1.2.1.31.1.1.1.18', type: 'string' });

describe('decoding what an agent sends', () => {
  it('keeps device text as text, with control characters (terminal escapes) replaced', () => {
    expect(text(Buffer.from('Uplink \u001b[2J\u001b]0;pwned\u0007 Sørfløyen'))).toBe('Uplink \ufffd[2J\ufffd]0;pwned\ufffd Sørfløyen');
  });

  it('cuts a flood of text to 255 characters', () => {
    expect(text(Buffer.alloc(100_000, 'a'))).toHaveLength(255);
  });

  it('reads a Counter64 of any byte length up to 64 bits', () => {
    const c64 = (bytes: number[]) => decodeValue({ oid: '1.2.3', type: snmp.ObjectType.Counter64, value: Buffer.from(bytes) }, { oid: '1.2', type: 'counter64' });
    expect(c64([0x01, 0x00])).toBe(256n);
    // Six octets and seven, on either side of the shorter path.
    expect(c64([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).toBe(2n ** 48n - 1n);
    expect(c64([0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00])).toBe(2n ** 48n);
    // Nine, with the leading zero BER adds when the top bit is set.
    expect(c64([0x00, 0x80, 0, 0, 0, 0, 0, 0, 0x01])).toBe(2n ** 63n + 1n);
    expect(c64([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).toBe(2n ** 64n - 1n);
    expect(c64([])).toBeInstanceOf(Error);
  });

  it('splits a MAC-and-slot index and refuses one of the wrong shape', () => {
    const parts = [{ name: 'ap', kind: 'mac' as const }, { name: 'slot', kind: 'integer' as const }];
    expect(decodeIndex([0, 26, 30, 16, 0, 10, 1], parts)).toEqual({ ap: '00:1a:1e:10:00:0a', slot: 1 });
    expect(decodeIndex([0, 26, 30, 300, 0, 10, 1], parts)).toEqual(new Error('index is not a MAC address'));
    expect(decodeIndex([0, 26, 30, 16, 0, 10, 1, 9], parts)).toEqual(new Error('index longer than the profile says'));
  });
});
