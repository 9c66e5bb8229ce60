// sFlow version 5 (sflow.org, sflow_version_5.txt), as switches without NetFlow send it (HPE Aruba
// ProCurve and CX, Juniper, Arista, Dell, Extreme): a datagram of samples. A flow sample holds the
// first bytes of one packet in N (its raw header record) with the interfaces it crossed: each becomes
// a flow record of one packet of the frame's length, scaled by N like a sampled NetFlow record.
// Counter samples report the interfaces' own counters; SNMP polling already measures those, so they
// are counted, not stored. Every length is checked against the bytes there before it is read.
import { FlowDecodeError, resetRecord, type FlowRecord } from './record.ts';

export interface SflowInfo {
  /** The agent's datagram sequence number, and its sub-agent: one stream each. */
  sequence: number;
  domain: number;
  records: number;
  counterSamples: number;
}

/** Samples one datagram may carry; an honest 1,500-byte datagram holds a few tens. */
const MAX_SAMPLES = 1024;
/** Ethernet types the raw header is read through. */
const IPV4 = 0x0800;
const IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);

/** Reads a 4-byte-aligned XDR block's padded length. */
const padded = (n: number) => (n + 3) & ~3;

type Need = (at: number, n: number, what: string) => void;

export function decodeSflow(view: DataView, record: FlowRecord, onRecord: (r: FlowRecord, sampling: number) => void): SflowInfo {
  const need: Need = (at, n, what) => {
    if (at + n > view.byteLength) throw new FlowDecodeError('truncated', `sFlow ${what} runs past the datagram's ${view.byteLength} bytes`);
  };
  need(0, 8, 'header');
  const addressType = view.getUint32(4);
  const addressLength = addressType === 1 ? 4 : addressType === 2 ? 16 : -1;
  if (addressLength < 0) throw new FlowDecodeError('bad_length', `sFlow agent address type ${addressType} is neither IPv4 (1) nor IPv6 (2)`);
  let at = 8 + addressLength;
  need(at, 16, 'header');
  const domain = view.getUint32(at);
  const sequence = view.getUint32(at + 4);
  const samples = view.getUint32(at + 12);
  if (samples > MAX_SAMPLES) throw new FlowDecodeError('bad_length', `sFlow says ${samples} samples; a datagram may hold at most ${MAX_SAMPLES}`);
  at += 16;
  let records = 0;
  let counterSamples = 0;
  for (let s = 0; s < samples; s++) {
    need(at, 8, 'sample header');
    const format = view.getUint32(at);
    const length = view.getUint32(at + 4);
    at += 8;
    need(at, length, `sample ${s + 1}`);
    const end = at + length;
    const enterprise = format >>> 12;
    const kind = format & 0xfff;
    if (enterprise === 0 && (kind === 1 || kind === 3)) {
      const sampling = flowSample(view, at, end, kind === 3, record);
      if (sampling > 0) {
        records++;
        onRecord(record, sampling);
      }
    } else if (enterprise === 0 && (kind === 2 || kind === 4)) counterSamples++;
    at = end;
  }
  return { sequence, domain, records, counterSamples };
}

/**
 * Reads a flow sample (expanded or compact) into `r`: its sampling rate (1 in N, at least 1), or 0
 * when it holds no packet header Kapasitet reads (no raw header record, or not IP over Ethernet).
 */
function flowSample(v: DataView, at: number, end: number, expanded: boolean, r: FlowRecord): number {
  const head = expanded ? 44 : 32;
  if (at + head > end) throw new FlowDecodeError('bad_length', 'an sFlow flow sample is shorter than its fields');
  resetRecord(r);
  const sampling = Math.max(1, v.getUint32(at + (expanded ? 12 : 8)));
  // Interfaces: the compact form keeps the format in the top two bits; the expanded one a word apart.
  if (expanded) {
    r.inIf = v.getUint32(at + 28);
    r.outIf = v.getUint32(at + 36);
  } else {
    r.inIf = v.getUint32(at + 20) & 0x3fffffff;
    r.outIf = v.getUint32(at + 24) & 0x3fffffff;
  }
  const count = v.getUint32(at + head - 4);
  let p = at + head;
  let read = false;
  for (let i = 0; i < count && p + 8 <= end; i++) {
    const format = v.getUint32(p);
    const length = v.getUint32(p + 4);
    p += 8;
    if (p + length > end) throw new FlowDecodeError('bad_length', `an sFlow flow record of ${length} bytes runs past its sample`);
    // Raw packet header (enterprise 0, format 1): protocol, frame length, stripped, header length, header.
    if (format === 1 && length >= 16) {
      const protocol = v.getUint32(p);
      const frameLength = v.getUint32(p + 4);
      const headerLength = v.getUint32(p + 12);
      if (16 + padded(headerLength) > length) throw new FlowDecodeError('bad_length', `an sFlow packet header of ${headerLength} bytes runs past its record`);
      // Header protocol 1 is Ethernet (ISO 8802-3), the form switches send.
      if (protocol === 1 && readEthernet(v, p + 16, p + 16 + headerLength, r)) {
        r.bytes = frameLength;
        r.packets = 1;
        read = true;
      }
    }
    p += length;
  }
  return read ? sampling : 0;
}

/** Reads addresses, protocol and ports from an Ethernet frame's first bytes; false where it is not IP. */
function readEthernet(v: DataView, at: number, end: number, r: FlowRecord): boolean {
  let p = at + 12;
  if (p + 2 > end) return false;
  let type = v.getUint16(p);
  p += 2;
  while (VLAN_TAGS.has(type) && p + 4 <= end) {
    type = v.getUint16(p + 2);
    p += 4;
  }
  let transport = -1;
  if (type === IPV4 && p + 20 <= end) {
    const ihl = (v.getUint8(p) & 0x0f) * 4;
    r.family = 4;
    r.protocol = v.getUint8(p + 9);
    r.src4 = v.getUint32(p + 12);
    r.dst4 = v.getUint32(p + 16);
    // A later fragment has no ports.
    if ((v.getUint16(p + 6) & 0x1fff) === 0) transport = p + ihl;
  } else if (type === IPV6 && p + 40 <= end) {
    r.family = 6;
    r.protocol = v.getUint8(p + 6);
    for (let w = 0; w < 4; w++) {
      r.src6[w] = v.getUint32(p + 8 + 4 * w);
      r.dst6[w] = v.getUint32(p + 24 + 4 * w);
    }
    transport = p + 40;
  } else return false;
  if ((r.protocol === 6 || r.protocol === 17) && transport >= 0 && transport + 4 <= end) {
    r.srcPort = v.getUint16(transport);
    r.dstPort = v.getUint16(transport + 2);
  }
  return true;
}
