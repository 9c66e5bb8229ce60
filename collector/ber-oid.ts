// A faster reader of object identifiers for net-snmp's BER codec (asn1-ber). Every varbind of every
// answer has an OID; asn1-ber reads each by cutting a Buffer out of the packet, pushing its arcs into
// an array, shifting the first apart and joining them: about 500 bytes of garbage and 0.3 µs per OID,
// a fifth of what a poll allocates (bench/polling.ts, heap sampling, 2026-12-01). This reader writes
// the digits into one reused buffer and makes one string of them: 0.12 µs and one string per OID.
// It reads only a well-formed OID of up to MAX_BYTES bytes and leaves everything else (a wrong tag,
// a truncated packet, an empty or longer OID) to asn1-ber's own reader, so its errors are unchanged.
import { createRequire } from 'node:module';

/** asn1-ber's reader, as far as this uses it (the package ships no types). */
export interface BerReader {
  _buf: Buffer;
  _size: number;
  _len: number;
  _offset: number;
  readLength(offset: number): number | null;
  readOID: OidReader;
}

/** A reader of OIDs; the faster one carries asn1-ber's own as `original`, which it leaves the rest to. */
type OidReader = ((this: BerReader, tag?: number) => string | null) & { original?: OidReader };

const OID_TAG = 0x06;
/** An OID's encoded length this reader takes: the digits of its arcs (at most 11 characters each, with the dot) then fit the buffer. */
const MAX_BYTES = 128;
const digits = Buffer.allocUnsafe((MAX_BYTES + 1) * 11);
const DOT = 46;
const ZERO = 48;

/** Writes `n` (a whole number below 2^32) in decimal at `at`; returns where it ends. */
function writeNumber(n: number, at: number): number {
  let width = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) width++;
  for (let i = at + width - 1; i >= at; i--) {
    digits[i] = ZERO + (n % 10);
    n = Math.floor(n / 10);
  }
  return at + width;
}

/**
 * Replaces asn1-ber's `Reader.prototype.readOID` (the one net-snmp decodes with) by the reader above.
 * Its answers are asn1-ber's, arc for arc, including how it splits the first subidentifier.
 */
export function installOidReader(): void {
  const { Reader } = (createRequire(import.meta.url)('asn1-ber') as { Ber: { Reader: { prototype: BerReader } } }).Ber;
  if (Reader.prototype.readOID.original) return;
  const original = Reader.prototype.readOID;
  const readOID = function (this: BerReader, tag?: number): string | null {
    const start = this._offset;
    if (this._size - start < 1 || this._buf[start] !== (tag || OID_TAG)) return original.call(this, tag);
    const from = this.readLength(start + 1);
    if (from === null || this._len === 0 || this._len > MAX_BYTES || this._len > this._size - from) return original.call(this, tag);
    const buf = this._buf;
    const end = from + this._len;
    let at = 0;
    let value = 0;
    let first = true;
    for (let i = from; i < end; i++) {
      const byte = buf[i]!;
      // As asn1-ber does: 32-bit shifts, the arc read unsigned.
      value = (value << 7) + (byte & 0x7f);
      if ((byte & 0x80) !== 0) continue;
      const arc = value >>> 0;
      if (first) {
        at = writeNumber((arc / 40) >> 0, at);
        digits[at++] = DOT;
        at = writeNumber(arc % 40, at);
        first = false;
      } else {
        digits[at++] = DOT;
        at = writeNumber(arc, at);
      }
      value = 0;
    }
    // No arc ended (every byte said more follows): asn1-ber's reader decides what that reads as. An
    // unfinished arc after whole ones is dropped, as asn1-ber drops it.
    if (first) {
      this._offset = start;
      return original.call(this, tag);
    }
    this._offset = end;
    return digits.toString('latin1', 0, at);
  };
  Reader.prototype.readOID = Object.assign(readOID, { original });
}
