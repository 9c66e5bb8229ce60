// The information elements Kapasitet reads from NetFlow v9 and IPFIX records, by element id (the
// ids are shared: RFC 3954 §8 and the IANA IPFIX registry, RFC 7012). Everything else a template
// names is skipped by its length. Adding an element is a row here and a case in the setter below.
import type { FlowRecord } from './record.ts';

export type ElementKind = 'bytes' | 'packets' | 'reverseBytes' | 'reversePackets' | 'protocol' | 'srcPort' | 'dstPort' | 'src4' | 'dst4' | 'src6' | 'dst6' | 'inIf' | 'outIf' | 'sampling' | 'packetInterval' | 'packetSpace';

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

/** RFC 5103's private enterprise number for the reverse direction of a biflow's elements. */
export const REVERSE_PEN = 29305;

/** The reverse elements read from a biflow (RFC 5103): the other direction's counts. */
export const REVERSE_ELEMENTS: ReadonlyMap<number, ElementKind> = new Map<number, ElementKind>([
  [1, 'reverseBytes'], // reverseOctetDeltaCount
  [2, 'reversePackets'], // reversePacketDeltaCount
]);

/**
 * Elements that count traffic in a way Kapasitet does not read (totals rather than deltas, after a
 * middlebox, at layer 2): a template that carries them is counted by name in /metrics and logged
 * once, so an exporter whose volumes Kapasitet misses is seen, not silently read as zero.
 */
export const UNREAD_COUNTERS: ReadonlyMap<string, string> = new Map([
  ['0/23', 'postOctetDeltaCount'],
  ['0/24', 'postPacketDeltaCount'],
  ['0/85', 'octetTotalCount'],
  ['0/86', 'packetTotalCount'],
  ['0/352', 'layer2OctetDeltaCount'],
  [`${REVERSE_PEN}/23`, 'reversePostOctetDeltaCount'],
  [`${REVERSE_PEN}/24`, 'reversePostPacketDeltaCount'],
  [`${REVERSE_PEN}/85`, 'reverseOctetTotalCount'],
  [`${REVERSE_PEN}/86`, 'reversePacketTotalCount'],
  [`${REVERSE_PEN}/352`, 'reverseLayer2OctetDeltaCount'],
]);

/** What Kapasitet reads of a template field: its kind, or undefined to skip it. */
export function kindOf(id: number, enterprise: number): ElementKind | undefined {
  if (enterprise === 0) return ELEMENTS.get(id);
  if (enterprise === REVERSE_PEN) return REVERSE_ELEMENTS.get(id);
  return undefined;
}

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
    case 'reverseBytes':
      record.reverseBytes = readUnsigned(view, at, length);
      return;
    case 'reversePackets':
      record.reversePackets = readUnsigned(view, at, length);
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
