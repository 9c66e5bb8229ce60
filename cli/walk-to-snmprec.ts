// A walk of a user's own device, as `snmpwalk -On` prints it or as snmprec, turned into the snmprec
// that snmpsimd serves, sorted by OID: so `kapasitet profile test` can check a profile against it.
// The walk is the user's file, so every line that cannot be read is named with its number.
import { compareOids } from '../collector/snmp-session.ts';

/** snmprec's tags (snmpsim's documentation: the ASN.1 tag of each SNMP type; "x" for hex values). */
const TAGS: Record<string, (value: string) => [string, string] | undefined> = {
  'STRING': (v) => ['4x', Buffer.from(unquote(v), 'utf8').toString('hex')],
  'Hex-STRING': (v) => (/^([0-9A-Fa-f]{2}\s*)*$/.test(v) ? ['4x', v.replace(/\s+/g, '').toLowerCase()] : undefined),
  'INTEGER': (v) => integer(/\((-?\d+)\)\s*$/.exec(v)?.[1] ?? v, '2'),
  'Counter32': (v) => integer(v, '65'),
  'Gauge32': (v) => integer(v, '66'),
  'Unsigned32': (v) => integer(v, '66'),
  'Counter64': (v) => integer(v, '70'),
  'Timeticks': (v) => integer(/^\((\d+)\)/.exec(v)?.[1] ?? v, '67'),
  'OID': (v) => (/^\.?\d+(\.\d+)*$/.test(v) ? ['6', v.replace(/^\./, '')] : undefined),
  'IpAddress': (v) => (/^\d{1,3}(\.\d{1,3}){3}$/.test(v) ? ['64x', Buffer.from(v.split('.').map(Number)).toString('hex')] : undefined),
};

const integer = (v: string, tag: string): [string, string] | undefined => (/^-?\d+$/.test(v.trim()) ? [tag, v.trim()] : undefined);
const unquote = (v: string) => (v.startsWith('"') && v.endsWith('"') && v.length >= 2 ? v.slice(1, -1).replace(/\\"/g, '"') : v);

export class WalkError extends Error {}

/** Lines a walk may have, at most: a large controller's whole walk is about 1.5 million. */
const MAX_LINES = 3_000_000;

export function walkToSnmprec(text: string, file: string): string {
  const lines = text.split(/\r?\n/);
  if (lines.length > MAX_LINES) throw new WalkError(`${file}: more than ${MAX_LINES.toLocaleString('en')} lines; walk only the subtrees the profile reads`);
  const first = lines.find((l) => l.trim());
  if (first === undefined) throw new WalkError(`${file}: empty`);
  const records = /^\d+(\.\d+)*\|/.test(first) ? fromSnmprec(lines, file) : fromSnmpwalk(lines, file);
  if (records.length === 0) throw new WalkError(`${file}: no objects in it`);
  records.sort((a, b) => compareOids(a[0], b[0]));
  return `${records.map((r) => r.join('|')).join('\n')}\n`;
}

function fromSnmprec(lines: string[], file: string): [string, string, string][] {
  return lines.flatMap((line, i) => {
    if (!line.trim()) return [];
    // A tag may carry snmpsim's encoding letter (4x) and variation module (67:numeric, with its options as the value).
    const m = /^(\d+(?:\.\d+)*)\|(\d+[a-z]?(?::[\w-]+)?)\|(.*)$/.exec(line);
    if (!m) throw new WalkError(`${file} line ${i + 1}: not an snmprec line (OID|tag|value)`);
    return [[m[1]!, m[2]!, m[3]!]];
  });
}

/** `snmpwalk -On` output: ".1.3.6… = TYPE: value"; a string with line breaks goes on over the next lines. */
function fromSnmpwalk(lines: string[], file: string): [string, string, string][] {
  const records: [string, string, string][] = [];
  let open: { oid: string; text: string } | undefined;
  const close = () => {
    if (!open) return;
    records.push([open.oid, '4x', Buffer.from(unquote(open.text), 'utf8').toString('hex')]);
    open = undefined;
  };
  lines.forEach((line, i) => {
    const m = /^\.?(\d+(?:\.\d+)+) = (?:([\w-]+): ?)?(.*)$/.exec(line);
    if (!m) {
      // The rest of a string that held a line break.
      if (open) return void (open.text += `\n${line}`);
      if (!line.trim()) return;
      throw new WalkError(`${file} line ${i + 1}: not a line of \`snmpwalk -On\` (".1.3.6… = TYPE: value") nor of snmprec`);
    }
    close();
    const [, oid, type, value] = m as unknown as [string, string, string | undefined, string];
    // No Such Object / No Such Instance / No more variables: the agent had nothing there.
    if (type === undefined) {
      if (value === '""') records.push([oid, '4', '']);
      return;
    }
    if (type === 'STRING' && value.startsWith('"') && !(value.length >= 2 && value.endsWith('"') && !value.endsWith('\\"'))) {
      open = { oid, text: value };
      return;
    }
    const convert = TAGS[type];
    if (!convert) throw new WalkError(`${file} line ${i + 1}: type ${type} is not one Kapasitet reads (use snmpwalk -On, without -Oq or -Ov)`);
    const record = convert(value.trim());
    if (!record) throw new WalkError(`${file} line ${i + 1}: "${value.slice(0, 40)}" is not a ${type}`);
    records.push([oid, ...record]);
  });
  close();
  return records;
}
