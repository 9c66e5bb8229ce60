// The information elements Kapasitet reads from NetFlow v9 and IPFIX records, by element id (the
// ids are shared: RFC 3954 §8 and the IANA IPFIX registry, RFC 7012). Everything else a template
// names is skipped by its length. Adding an element is a row here and a case in the setter below.
import type { FlowRecord } from './record.ts';

export type ElementKind = 'bytes' | 'packets' | 'protocol' | 'srcPort' | 'dstPort' | 'src4' | 'dst4' | 'src6' | 'dst6' | 'inIf' | 'outIf' | 'sampling' | 'packetInterval' | 'packetSpace';

export const ELEMENTS: ReadonlyMap<number, ElementKind> = new Map<number, ElementKind>([
  [1, 'bytes'], // octetDeltaCount (v9 IN_BYTES)
  [2, 'packets'], // packetDeltaCount (v9 IN_PKTS)
  [4, 'protocol'], // protocolIdentifier
  [7, 'srcPort'], // sourceTransportPort
  [8, 'src4'], // sourceIPv4Address
  [10, 'inIf'], // ingressInterface
  [11, 'dstPort'], // destinationTransportPort
  [12, 'dst4'], // destinationIPv4Address
  [14, 'outIf'], // egressInterface
  [27, 'src6'], // sourceIPv6Address
  [28, 'dst6'], // destinationIPv6Address
  [34, 'sampling'], // samplingInterval (v9 SAMPLING_INTERVAL): 1 in N packets
  [50, 'sampling'], // samplerRandomInterval (v9 FLOW_SAMPLER_RANDOM_INTERVAL), as Cisco's sampler options carry it
  [305, 'packetInterval'], // samplingPacketInterval: packets sampled in a row (RFC 5477)
  [306, 'packetSpace'], // samplingPacketSpace: packets skipped between them
]);

/** Reads an unsigned big-endian integer of 1 to 8 bytes (reduced-size encoding, RFC 7011 §6.2). */
export function readUnsigned(view: DataView, at: number, length: number): number {
  if (length === 1) return view.getUint8(at);
  if (length === 2) return view.getUint16(at);
  if (length === 4) return view.getUint32(at);
  let n = 0;
  for (let i = 0; i < length && i < 8; i++) n = n * 256 + view.getUint8(at + i);
  return n;
}

/** Reads up to 16 bytes of an address into four 32-bit words, zero-padded. */
function readWords(view: DataView, at: number, length: number, into: Uint32Array): void {
  into.fill(0);
  for (let i = 0; i < length && i < 16; i++) into[i >> 2]! |= view.getUint8(at + i) << (24 - 8 * (i & 3));
}

/** What a sampling-options record told: the interval, or the packet interval and space to make it from. */
export interface SamplingFields {
  interval: number;
  packetInterval: number;
  packetSpace: number;
}

/** Sets one element of `record` (or of `sampling`, for options records) from the datagram. */
export function setElement(kind: ElementKind, view: DataView, at: number, length: number, record: FlowRecord, sampling: SamplingFields): void {
  switch (kind) {
    case 'bytes':
      record.bytes = readUnsigned(view, at, length);
      return;
    case 'packets':
      record.packets = readUnsigned(view, at, length);
      return;
    case 'protocol':
      record.protocol = readUnsigned(view, at, length);
      return;
    case 'srcPort':
      record.srcPort = readUnsigned(view, at, length);
      return;
    case 'dstPort':
      record.dstPort = readUnsigned(view, at, length);
      return;
    case 'src4':
      if (length !== 4) return;
      record.src4 = view.getUint32(at);
      record.family = 4;
      return;
    case 'dst4':
      if (length !== 4) return;
      record.dst4 = view.getUint32(at);
      record.family = 4;
      return;
    case 'src6':
      if (length !== 16) return;
      readWords(view, at, length, record.src6);
      record.family = 6;
      return;
    case 'dst6':
      if (length !== 16) return;
      readWords(view, at, length, record.dst6);
      record.family = 6;
      return;
    case 'inIf':
      record.inIf = readUnsigned(view, at, length);
      return;
    case 'outIf':
      record.outIf = readUnsigned(view, at, length);
      return;
    case 'sampling': {
      const n = readUnsigned(view, at, length);
      record.samplingInterval = n;
      sampling.interval = n;
      return;
    }
    case 'packetInterval':
      sampling.packetInterval = readUnsigned(view, at, length);
      return;
    case 'packetSpace':
      sampling.packetSpace = readUnsigned(view, at, length);
      return;
  }
}
