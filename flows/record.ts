// One flow record as the decoders hand it on: the fields a capacity view needs (addresses, ports,
// protocol, counts, interfaces, sampling). A decoder fills one record object in place and calls back
// for each record, so decoding hundreds of thousands a second allocates nothing per record; a
// consumer that keeps a record copies what it needs.

export interface FlowRecord {
  /** 4 or 6; 0 when the template carries no addresses (such a record is counted, not classified). */
  family: 0 | 4 | 6;
  /** IPv4 addresses as unsigned 32-bit numbers. */
  src4: number;
  dst4: number;
  /** IPv6 addresses as four big-endian 32-bit words. */
  readonly src6: Uint32Array;
  readonly dst6: Uint32Array;
  protocol: number;
  srcPort: number;
  dstPort: number;
  /** As exported: before scaling for sampling. */
  bytes: number;
  packets: number;
  /** A biflow's other direction (RFC 5103 reverse elements), from dst to src; 0 for a one-way flow. */
  reverseBytes: number;
  reversePackets: number;
  /** SNMP ifIndex of the interfaces the flow came in and went out on; 0 when not exported. */
  inIf: number;
  outIf: number;
  /** A sampling interval the record itself carries (v9/IPFIX element 34), else 0. */
  samplingInterval: number;
}

export function emptyRecord(): FlowRecord {
  return { family: 0, src4: 0, dst4: 0, src6: new Uint32Array(4), dst6: new Uint32Array(4), protocol: 0, srcPort: 0, dstPort: 0, bytes: 0, packets: 0, reverseBytes: 0, reversePackets: 0, inIf: 0, outIf: 0, samplingInterval: 0 };
}

export function resetRecord(r: FlowRecord): void {
  r.family = 0;
  r.src4 = r.dst4 = r.protocol = r.srcPort = r.dstPort = r.bytes = r.packets = r.reverseBytes = r.reversePackets = r.inIf = r.outIf = r.samplingInterval = 0;
  r.src6.fill(0);
  r.dst6.fill(0);
}

/** What a datagram was, for the receiver's counters: its format, exporter stream and the records it held. */
export interface DatagramInfo {
  version: 5 | 9 | 10;
  /** The v9 source id or IPFIX observation domain; the v5 engine type and id. */
  domain: number;
  sequence: number;
  records: number;
  /** The sampling interval the header states (v5 only), else 0. */
  headerSampling: number;
}

/** Why a datagram or part of one could not be read: the names the self-metrics count under. */
export const dropReasons = ['truncated', 'bad_length', 'unknown_version', 'no_template', 'bad_template', 'unknown_exporter', 'too_many_templates', 'too_many_records', 'impossible_rate'] as const;
export type DropReason = (typeof dropReasons)[number];

/** A datagram, or a set within one, that could not be read. */
export class FlowDecodeError extends Error {
  override name = 'FlowDecodeError';
  constructor(
    readonly reason: DropReason,
    message: string,
  ) {
    super(message);
  }
}
