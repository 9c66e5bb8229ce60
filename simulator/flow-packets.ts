// Builds IPFIX and NetFlow v9 messages field by field: the demo's simulated routers export their
// lines' traffic with them, and the flow tests build what softflowd never sends (templates redefined
// mid-stream, data before its template, options records, gaps in the sequence) to break on purpose.

export interface Field {
  id: number;
  length: number;
}

/** A template set (IPFIX set id 2, v9 flowset id 0) defining `id` with `fields`. */
export function templateSet(version: 9 | 10, id: number, fields: Field[]): Buffer {
  const body = Buffer.alloc(4 + fields.length * 4);
  body.writeUInt16BE(id, 0);
  body.writeUInt16BE(fields.length, 2);
  fields.forEach((f, i) => {
    body.writeUInt16BE(f.id, 4 + i * 4);
    body.writeUInt16BE(f.length, 6 + i * 4);
  });
  return set(version === 10 ? 2 : 0, body);
}

/** An IPFIX options template set: `scope` fields first, then `fields`. */
export function optionsTemplateSet(id: number, scope: Field[], fields: Field[]): Buffer {
  const all = [...scope, ...fields];
  const body = Buffer.alloc(6 + all.length * 4);
  body.writeUInt16BE(id, 0);
  body.writeUInt16BE(all.length, 2);
  body.writeUInt16BE(scope.length, 4);
  all.forEach((f, i) => {
    body.writeUInt16BE(f.id, 6 + i * 4);
    body.writeUInt16BE(f.length, 8 + i * 4);
  });
  return set(3, body);
}

/** A data set for template `id`: each record's values in the template's field order and lengths. */
export function dataSet(id: number, fields: Field[], records: (number | string)[][]): Buffer {
  const length = fields.reduce((n, f) => n + f.length, 0);
  const body = Buffer.alloc(length * records.length);
  records.forEach((values, r) => {
    let at = r * length;
    fields.forEach((f, i) => {
      const v = values[i]!;
      if (typeof v === 'string') Buffer.from(v.split('.').map(Number)).copy(body, at);
      else if (f.length === 8) body.writeBigUInt64BE(BigInt(v), at);
      else body.writeUIntBE(v, at, f.length);
      at += f.length;
    });
  });
  return set(id, body);
}

function set(id: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(id, 0);
  head.writeUInt16BE(4 + body.length, 2);
  return Buffer.concat([head, body]);
}

/** An IPFIX message (RFC 7011 §3.1) of the sets given. */
export function ipfixMessage(sets: Buffer[], sequence: number, domain = 1, exportTime = 1_764_489_600): Buffer {
  const head = Buffer.alloc(16);
  const length = 16 + sets.reduce((n, s) => n + s.length, 0);
  head.writeUInt16BE(10, 0);
  head.writeUInt16BE(length, 2);
  head.writeUInt32BE(exportTime, 4);
  head.writeUInt32BE(sequence, 8);
  head.writeUInt32BE(domain, 12);
  return Buffer.concat([head, ...sets]);
}

/** A NetFlow v9 packet (RFC 3954 §5.1) of the flowsets given. */
export function v9Packet(sets: Buffer[], sequence: number, sourceId = 1): Buffer {
  const head = Buffer.alloc(20);
  head.writeUInt16BE(9, 0);
  head.writeUInt16BE(sets.length, 2);
  head.writeUInt32BE(1000, 4);
  head.writeUInt32BE(1_764_489_600, 8);
  head.writeUInt32BE(sequence, 12);
  head.writeUInt32BE(sourceId, 16);
  return Buffer.concat([head, ...sets]);
}

/** The fields of a plain IPv4 flow record: source, destination, ports, protocol, bytes, packets. */
export const V4_FIELDS: Field[] = [
  { id: 8, length: 4 },
  { id: 12, length: 4 },
  { id: 7, length: 2 },
  { id: 11, length: 2 },
  { id: 4, length: 1 },
  { id: 1, length: 8 },
  { id: 2, length: 4 },
];

/** A router's record: the IPv4 flow and the interfaces it came in and went out on. */
export const ROUTER_FIELDS: Field[] = [...V4_FIELDS, { id: 10, length: 4 }, { id: 14, length: 4 }];
