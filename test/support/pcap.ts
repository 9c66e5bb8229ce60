// Writes a packet capture (libpcap format: a 24-byte file header, then a 16-byte header per packet)
// of Ethernet frames carrying IPv4 or IPv6 TCP or UDP packets, for softflowd to read and export as
// flows. Each flow is a number of packets of one size between two addresses, so the bytes and
// packets a collector should count are known before anything is exported.
import { isIPv4 } from 'node:net';

export interface PacketFlow {
  src: string;
  dst: string;
  protocol: 'tcp' | 'udp';
  srcPort: number;
  dstPort: number;
  packets: number;
  /** Bytes of each IP packet, headers included (what NetFlow counts), at least the headers. */
  ipBytes: number;
}

/** The bytes a flow's IP packets add up to, as an exporter counts them. */
export const flowBytes = (f: PacketFlow) => f.packets * f.ipBytes;

/**
 * The capture; `interleaved` sends the flows' packets in turn (as on a line), else one flow after the
 * other, so that 1-in-N periodic sampling keeps N-th of each flow's packets, give or take one.
 */
export function pcapOf(flows: PacketFlow[], options: { interleaved?: boolean; start?: number } = {}): Buffer {
  const interleaved = options.interleaved ?? true;
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20); // Ethernet
  const parts: Buffer[] = [header];
  // Packets a millisecond apart.
  const left = flows.map((f) => f.packets);
  let t = options.start ?? Date.UTC(2026, 10, 30, 8, 0, 0);
  while (left.some((n) => n > 0)) {
    flows.forEach((f, i) => {
      if (left[i]! <= 0 || (!interleaved && left.slice(0, i).some((n) => n > 0))) return;
      left[i]!--;
      const frame = frameOf(f);
      const record = Buffer.alloc(16);
      record.writeUInt32LE(Math.floor(t / 1000), 0);
      record.writeUInt32LE((t % 1000) * 1000, 4);
      record.writeUInt32LE(frame.length, 8);
      record.writeUInt32LE(frame.length, 12);
      parts.push(record, frame);
      t += 1;
    });
  }
  return Buffer.concat(parts);
}

export function frameOf(f: PacketFlow): Buffer {
  const v4 = isIPv4(f.src);
  const l4 = f.protocol === 'tcp' ? 20 : 8;
  const ipHeader = v4 ? 20 : 40;
  if (f.ipBytes < ipHeader + l4) throw new Error(`a ${f.protocol} packet over IPv${v4 ? 4 : 6} is at least ${ipHeader + l4} bytes`);
  const frame = Buffer.alloc(14 + f.ipBytes);
  frame.writeUInt16BE(v4 ? 0x0800 : 0x86dd, 12);
  const ip = frame.subarray(14);
  const proto = f.protocol === 'tcp' ? 6 : 17;
  if (v4) {
    ip[0] = 0x45;
    ip.writeUInt16BE(f.ipBytes, 2);
    ip[8] = 64;
    ip[9] = proto;
    Buffer.from(f.src.split('.').map(Number)).copy(ip, 12);
    Buffer.from(f.dst.split('.').map(Number)).copy(ip, 16);
    ip.writeUInt16BE(checksum(ip.subarray(0, 20)), 10);
  } else {
    ip[0] = 0x60;
    ip.writeUInt16BE(f.ipBytes - 40, 4);
    ip[6] = proto;
    ip[7] = 64;
    v6Bytes(f.src).copy(ip, 8);
    v6Bytes(f.dst).copy(ip, 24);
  }
  const t = ip.subarray(ipHeader);
  t.writeUInt16BE(f.srcPort, 0);
  t.writeUInt16BE(f.dstPort, 2);
  if (f.protocol === 'tcp') {
    t[12] = 0x50; // data offset 5 words
    t[13] = 0x18; // PSH, ACK: a flow under way, not opened or closed
  } else t.writeUInt16BE(f.ipBytes - ipHeader, 4);
  return frame;
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += header.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** A textual IPv6 address as 16 bytes ("::" expanded). */
export function v6Bytes(address: string): Buffer {
  const [head, tail] = address.split('::') as [string, string | undefined];
  const words = (s: string | undefined) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const a = words(head);
  const b = words(tail);
  const all = tail === undefined ? a : [...a, ...new Array(8 - a.length - b.length).fill(0), ...b];
  const out = Buffer.alloc(16);
  all.forEach((w, i) => out.writeUInt16BE(w, i * 2));
  return out;
}
