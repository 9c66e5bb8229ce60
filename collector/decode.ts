// Turns varbinds into typed values and table indexes into their parts. Agents are untrusted: a value
// of the wrong type or an index of the wrong shape is refused with a reason, never guessed at.
import snmp from 'net-snmp';
import type { IndexPart, ValueSource } from './profile-schema.ts';

export type Value = string | number | bigint;

/** Longest device-supplied string kept: enough for any ifAlias or AP name, not for a flood. */
const MAX_STRING = 255;

const EXPECTED: Record<ValueSource['type'], number[]> = {
  string: [snmp.ObjectType.OctetString],
  integer: [snmp.ObjectType.Integer],
  enum: [snmp.ObjectType.Integer],
  gauge: [snmp.ObjectType.Gauge32, snmp.ObjectType.Integer, snmp.ObjectType.Unsigned32, snmp.ObjectType.Counter32],
  counter32: [snmp.ObjectType.Counter32],
  counter64: [snmp.ObjectType.Counter64],
  timeticks: [snmp.ObjectType.TimeTicks],
};

/**
 * Text an agent sent (sysName, ifAlias, AP names): cut to MAX_STRING characters, with control
 * characters replaced, so that no device can send escape sequences to a terminal or a log.
 */
export function deviceText(raw: unknown): string {
  const text = Buffer.isBuffer(raw) ? raw.subarray(0, MAX_STRING * 4).toString('utf8') : String(raw);
  return text.slice(0, MAX_STRING).replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}

export function decodeValue(varbind: snmp.Varbind, source: ValueSource): Value | Error {
  if (snmp.isVarbindError(varbind)) return new Error(snmp.varbindError(varbind));
  if (!EXPECTED[source.type].includes(varbind.type as number)) {
    return new Error(`${varbind.oid}: expected ${source.type}, got ASN.1 type ${varbind.type}`);
  }
  const raw = varbind.value as unknown;
  switch (source.type) {
    case 'string': {
      const text = deviceText(raw);
      return source.values?.[text] ?? text;
    }
    case 'counter64': {
      if (!Buffer.isBuffer(raw) || raw.length === 0 || raw.length > 9) return new Error(`${varbind.oid}: malformed Counter64`);
      // BER sends the fewest octets that hold the value; up to 6 fit a number exactly, which is cheaper to read.
      if (raw.length <= 6) return BigInt(raw.readUIntBE(0, raw.length));
      return BigInt(`0x${raw.toString('hex')}`) & 0xffffffffffffffffn;
    }
    case 'counter32':
      // Counters are bigints whatever their width, so rate arithmetic is exact for both.
      return Number.isInteger(raw) && (raw as number) >= 0 && (raw as number) <= 0xffffffff ? BigInt(raw as number) : new Error(`${varbind.oid}: malformed Counter32`);
    case 'enum':
      return source.values?.[String(raw)] ?? String(raw);
    default:
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return new Error(`${varbind.oid}: not a number`);
      if (source.ranges) return source.ranges.find((r) => raw >= r.from && raw <= r.to)?.name ?? String(raw);
      return raw * (source.scale ?? 1) + (source.offset ?? 0);
  }
}

/** Splits the index after a column OID into named parts, or explains why it does not fit. */
export function decodeIndex(suffix: number[], parts: IndexPart[]): Record<string, string | number> | Error {
  const out: Record<string, string | number> = {};
  let at = 0;
  for (const part of parts) {
    if (part.kind === 'integer') {
      const v = suffix[at++];
      if (v === undefined) return new Error('index too short');
      out[part.name] = v;
    } else {
      // A MAC index is six sub-identifiers; some agents (Ruckus) send the octet string's length first.
      if (part.kind === 'mac-with-length' && suffix[at++] !== 6) return new Error('index is not a MAC address with its length (6) first');
      const octets = suffix.slice(at, at + 6);
      at += 6;
      if (octets.length !== 6 || octets.some((o) => o > 255)) return new Error('index is not a MAC address');
      out[part.name] = octets.map((o) => o.toString(16).padStart(2, '0')).join(':');
    }
  }
  if (at !== suffix.length) return new Error('index longer than the profile says');
  return out;
}
