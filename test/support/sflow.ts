// Writes sFlow version 5 datagrams as sflow.org's specification (sflow_version_5.txt) lays them out,
// for flows of known packets: one flow sample per sampled packet, 1 in `rate`, each with the raw
// header of the packet's Ethernet frame, compact or expanded, from an agent on loopback. Debian has no
// sFlow exporter, so the tests make the datagrams themselves; sfacctd (pmacct) decodes the same ones.
import { frameOf, type PacketFlow } from './pcap.ts';

/** How many of a flow's packets 1-in-`rate` sampling keeps: every rate-th, from the first. */
export const sampledPackets = (f: PacketFlow, rate: number) => Math.ceil(f.packets / rate);

/** The samples of all flows, `perDatagram` to a datagram, numbered from `sequence`. */
export function sflowDatagrams(flows: (PacketFlow & { inIf?: number; outIf?: number })[], rate: number, options: { perDatagram?: number; expanded?: boolean; sequence?: number } = {}): Buffer[] {
  const samples: Buffer[] = [];
  let sampleSequence = 0;
  for (const f of flows) {
    const frame = frameOf(f);
    for (let i = 0; i < sampledPackets(f, rate); i++) samples.push(flowSample(frame, rate, ++sampleSequence, f.inIf ?? 1, f.outIf ?? 2, options.expanded ?? false));
  }
  // A counter sample in the first datagram, as agents interleave them: read past, never counted as traffic.
  samples.unshift(counterSample());
  const perDatagram = options.perDatagram ?? 8;
  const datagrams: Buffer[] = [];
  for (let i = 0, n = options.sequence ?? 1; i < samples.length; i += perDatagram, n++) datagrams.push(datagram(samples.slice(i, i + perDatagram), n));
  return datagrams;
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);

function datagram(samples: Buffer[], sequence: number): Buffer {
  // Version 5, an IPv4 agent 127.0.0.1, sub-agent 0, the sequence, an uptime, the samples.
  return Buffer.concat([u32(5), u32(1), Buffer.from([127, 0, 0, 1]), u32(0), u32(sequence), u32(123_456), u32(samples.length), ...samples]);
}

function flowSample(frame: Buffer, rate: number, sequence: number, inIf: number, outIf: number, expanded: boolean): Buffer {
  // The frame on the wire had a 4-byte FCS; the header holds its first 128 bytes at most, FCS stripped.
  const header = frame.subarray(0, Math.min(128, frame.length));
  const raw = Buffer.concat([u32(1), u32(frame.length + 4), u32(4), u32(header.length), pad(header)]);
  const record = Buffer.concat([u32(1), u32(raw.length), raw]);
  const body = expanded
    ? Buffer.concat([u32(sequence), u32(0), u32(inIf), u32(rate), u32(sequence * rate), u32(0), u32(0), u32(inIf), u32(0), u32(outIf), u32(1), record])
    : Buffer.concat([u32(sequence), u32(inIf), u32(rate), u32(sequence * rate), u32(0), u32(inIf), u32(outIf), u32(1), record]);
  return Buffer.concat([u32(expanded ? 3 : 1), u32(body.length), body]);
}

/** A counter sample with one generic interface counters record (format 1, 88 bytes). */
function counterSample(): Buffer {
  const counters = Buffer.alloc(88);
  counters.writeUInt32BE(1, 0); // ifIndex
  counters.writeUInt32BE(6, 4); // ifType: ethernetCsmacd
  const record = Buffer.concat([u32(1), u32(counters.length), counters]);
  const body = Buffer.concat([u32(1), u32(1), u32(1), record]);
  return Buffer.concat([u32(2), u32(body.length), body]);
}
