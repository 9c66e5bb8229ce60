// The faster OID reader must read every OID as asn1-ber's own does, and leave it every malformed one.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installOidReader, type BerReader } from '../../collector/ber-oid.ts';

interface Ber {
  Reader: { new (data: Buffer): BerReader; prototype: BerReader };
  Writer: new () => { buffer: Buffer; writeOID(oid: string): void; startSequence(): void; endSequence(): void };
}
const { Ber } = createRequire(import.meta.url)('asn1-ber') as { Ber: Ber };
installOidReader();
const fast = Ber.Reader.prototype.readOID;
const original = fast.original!;

const RECORDED = join(import.meta.dirname, '..', 'fixtures', 'snmprec', 'recorded');
/** Every OID of the recorded controllers, as names and as OID-typed values. */
function recordedOids(): string[] {
  const oids = new Set<string>();
  for (const file of readdirSync(RECORDED).filter((f) => f.endsWith('.snmprec'))) {
    for (const line of readFileSync(join(RECORDED, file), 'utf8').split('\n')) {
      const [oid, type, value] = line.split('|');
      if (oid) oids.add(oid);
      if (type === '6' && value) oids.add(value);
    }
  }
  return [...oids];
}

/** What a reader makes of each item of a sequence: the OID, null, or the error it threw. */
function readEach(packet: Buffer, reader: BerReader['readOID']): unknown[] {
  const r = new Ber.Reader(packet) as BerReader & { readSequence(): number | null; remain: number };
  r.readSequence();
  const out: unknown[] = [];
  while (r.remain > 0) {
    const before = r._offset;
    try {
      out.push(reader.call(r));
    } catch (err) {
      out.push(`threw ${(err as Error).message}`);
      break;
    }
    if (r._offset === before) break;
  }
  return out;
}

describe('OID reader', () => {
  it("reads every OID of the recorded controllers, and arcs at each width up to 32 bits, as asn1-ber's reader does", () => {
    const oids = [...recordedOids(), '0.0', '1.3', '2.39.1', '1.3.6.1.4.1.9.9.513.1.1.1.1.5.0.38.203.4294967295', ...[127, 128, 16383, 16384, 2 ** 21 - 1, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 31, 2 ** 32 - 1].map((n) => `1.3.6.${n}.7`)];
    expect(oids.length).toBeGreaterThan(1000);
    const w = new Ber.Writer();
    w.startSequence();
    for (const oid of oids) w.writeOID(oid);
    w.endSequence();
    const read = readEach(w.buffer, fast);
    expect(read).toEqual(readEach(w.buffer, original));
    expect(read).toEqual(oids);
  });

  it('answers a truncated OID, one that never ends, a wrong tag and an empty OID as asn1-ber does', () => {
    const packets = [
      Buffer.from([0x30, 0x05, 0x06, 0x08, 0x2b, 0x06, 0x01]), // says 8 bytes, has 3
      Buffer.from([0x30, 0x04, 0x06, 0x02, 0x2b, 0x86]), // the last arc never ends
      Buffer.from([0x30, 0x03, 0x06, 0x01, 0x86]), // no arc ends
      Buffer.from([0x30, 0x03, 0x04, 0x01, 0x2b]), // an octet string, not an OID
      Buffer.from([0x30, 0x02, 0x06, 0x00]), // no arcs
    ];
    for (const packet of packets) expect(readEach(packet, fast)).toEqual(readEach(packet, original));
  });
});
