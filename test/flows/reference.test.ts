// Kapasitet's flow figures against the reference tools: softflowd exports a capture of known flows as
// NetFlow v5, v9 and IPFIX (sampled and not), nfcapd/nfdump receives the same datagrams, and the
// bytes and packets Kapasitet stores per class and per unclassified prefix must equal nfdump's
// (exactly unsampled; nfdump's counts times the interval, and near the truth, when sampled).
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowsSchema, type Config } from '../../config/schema.ts';
import { startFlows } from '../../flows/run.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { nfdumpReference, softflowdExport, type NfdumpFlow } from '../support/flow-tools.ts';
import { flowBytes, pcapOf, type PacketFlow } from '../support/pcap.ts';

const SCHOOL = 'nordli-ungdomsskole';
/** The school's own ranges: a flow to them is a download, from them an upload. */
const INSIDE = ['10.1.0.0/16', '2001:db8:100::/48'];

/** Known flows and the class each belongs in, by the test's own reading of the catalogue. */
const FLOWS: (PacketFlow & { expected: string })[] = [
  // Teams media from Microsoft's Optimize range on UDP 3478: video meetings, both ways.
  { src: '52.112.10.20', dst: '10.1.2.3', protocol: 'udp', srcPort: 3478, dstPort: 50_010, packets: 400, ipBytes: 1200, expected: 'video-meetings' },
  { src: '10.1.2.3', dst: '52.112.10.20', protocol: 'udp', srcPort: 50_010, dstPort: 3478, packets: 380, ipBytes: 900, expected: 'video-meetings' },
  // Apple's network: updates.
  { src: '17.253.1.9', dst: '10.1.4.4', protocol: 'tcp', srcPort: 443, dstPort: 51_000, packets: 900, ipBytes: 1500, expected: 'updates' },
  // SharePoint (Microsoft 365 ID 31): cloud office.
  { src: '13.107.136.9', dst: '10.1.5.5', protocol: 'tcp', srcPort: 443, dstPort: 52_000, packets: 250, ipBytes: 1400, expected: 'cloud-office' },
  // DNS by its port, to an address no list names.
  { src: '10.1.5.5', dst: '192.0.2.53', protocol: 'udp', srcPort: 53_001, dstPort: 53, packets: 40, ipBytes: 80, expected: 'infrastructure' },
  // The municipality's exam service, a class prefix from the config.
  { src: '203.0.113.40', dst: '10.1.6.6', protocol: 'tcp', srcPort: 443, dstPort: 53_000, packets: 300, ipBytes: 1000, expected: 'learning-exams' },
  // Nobody's: "other", listed by its /24 and port.
  { src: '198.51.100.7', dst: '10.1.7.7', protocol: 'tcp', srcPort: 8443, dstPort: 54_000, packets: 120, ipBytes: 1300, expected: 'other' },
  { src: '198.51.100.9', dst: '10.1.7.8', protocol: 'tcp', srcPort: 8443, dstPort: 54_001, packets: 60, ipBytes: 700, expected: 'other' },
  // IPv6: Teams media, and an unknown /48.
  { src: '2603:1063::5', dst: '2001:db8:100::7', protocol: 'udp', srcPort: 3479, dstPort: 50_500, packets: 200, ipBytes: 1100, expected: 'video-meetings' },
  { src: '2001:db8:ff:1::9', dst: '2001:db8:100::8', protocol: 'tcp', srcPort: 443, dstPort: 55_000, packets: 90, ipBytes: 1250, expected: 'other' },
  // Within the school: not the line's traffic, never counted.
  { src: '10.1.2.3', dst: '10.1.9.9', protocol: 'tcp', srcPort: 445, dstPort: 56_000, packets: 50, ipBytes: 1500, expected: 'internal' },
];

const inside = (address: string) => address.startsWith('10.1.') || address.startsWith('2001:db8:100:');

function flowsConfig(port: number): Config {
  const flows = flowsSchema.parse({
    host: '127.0.0.1',
    netflowPort: port,
    ipfixPort: 0,
    exporters: [{ address: '127.0.0.1', lines: [{ school: SCHOOL, inside: INSIDE }] }],
    classes: [{ id: 'learning-exams', match: [{ prefixes: ['203.0.113.0/24'], source: 'the municipality\'s exam provider, test data' }] }],
  });
  return { ...demoConfig(), flows };
}

interface Totals {
  bytes: number;
  packets: number;
}

/** What Kapasitet stored for the school: per class, and per unclassified prefix, in and out together. */
async function kapasitetTotals(datagrams: Buffer[]): Promise<{ byClass: Map<string, Totals>; byPrefix: Map<string, Totals> }> {
  const store = new EmbeddedStore(':memory:');
  const config = flowsConfig(0);
  const log: string[] = [];
  const flows = (await startFlows(config, store, { log: (m) => log.push(m), intervalMs: 3_600_000 }))!;
  try {
    const socket = createSocket('udp4');
    for (const d of datagrams) await new Promise<void>((done, fail) => socket.send(d, flows.ports[0]!, '127.0.0.1', (err) => (err ? fail(err) : done())));
    socket.close();
    await expect.poll(() => flows.receiver.status().datagrams).toBe(datagrams.length);
  } finally {
    await flows.stop();
  }
  const byClass = new Map<string, Totals>();
  for (const p of await store.range({ measurement: 'traffic', filter: { school: SCHOOL }, from: 0, to: Date.now() + 1 })) {
    const t = byClass.get(p.tags.class!) ?? { bytes: 0, packets: 0 };
    t.bytes += p.fields.in_bytes! + p.fields.out_bytes!;
    t.packets += p.fields.in_packets! + p.fields.out_packets!;
    byClass.set(p.tags.class!, t);
  }
  // The classes measured as zero (every class has a point each interval the exporter was heard from) carried nothing.
  for (const [cls, t] of byClass) if (t.bytes === 0 && t.packets === 0) byClass.delete(cls);
  const byPrefix = new Map<string, Totals>();
  for (const p of await store.range({ measurement: 'traffic_unclassified', filter: { school: SCHOOL }, from: 0, to: Date.now() + 1 })) {
    byPrefix.set(p.tags.prefix!, { bytes: p.fields.in_bytes! + p.fields.out_bytes!, packets: p.fields.in_packets! + p.fields.out_packets! });
  }
  await store.close();
  expect(log.filter((l) => !l.startsWith('flows: listening'))).toEqual([]);
  return { byClass, byPrefix };
}

/** nfdump's flows, classed by the test's table (the flow's remote end) and summed as Kapasitet sums them. */
function referenceTotals(flows: NfdumpFlow[], scale: number): { byClass: Map<string, Totals>; byPrefix: Map<string, Totals> } {
  const byClass = new Map<string, Totals>();
  const byPrefix = new Map<string, Totals>();
  for (const f of flows) {
    // A biflow is keyed by the direction its first packet went: either of the capture's two.
    const known = FLOWS.find((k) => (k.src === f.src && k.dst === f.dst && k.srcPort === f.srcPort && k.dstPort === f.dstPort) || (k.src === f.dst && k.dst === f.src && k.srcPort === f.dstPort && k.dstPort === f.srcPort));
    if (!known) throw new Error(`nfdump has a flow the capture does not: ${JSON.stringify(f)}`);
    if (known.expected === 'internal') continue;
    const add = (map: Map<string, Totals>, key: string) => {
      const t = map.get(key) ?? { bytes: 0, packets: 0 };
      t.bytes += (f.bytes + f.outBytes) * scale;
      t.packets += (f.packets + f.outPackets) * scale;
      map.set(key, t);
    };
    add(byClass, known.expected);
    if (known.expected === 'other') {
      const remote = inside(f.src) ? f.dst : f.src;
      add(byPrefix, remote.includes(':') ? `${remote.split(':').slice(0, 3).join(':')}::/48` : `${remote.split('.').slice(0, 3).join('.')}.0/24`);
    }
  }
  return { byClass, byPrefix };
}

describe('flow figures against softflowd and nfdump', () => {
  let dir: string;
  let pcap: string;
  let sequential: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kapasitet-flows-'));
    pcap = join(dir, 'school.pcap');
    writeFileSync(pcap, pcapOf(FLOWS));
    sequential = join(dir, 'one-after-another.pcap');
    writeFileSync(sequential, pcapOf(FLOWS, { interleaved: false }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const version of [5, 9, 10] as const) {
    it(`NetFlow ${version === 10 ? 'IPFIX' : `v${version}`}, unsampled: equal to nfdump's, class by class and prefix by prefix, and to the capture`, async () => {
      const datagrams = await softflowdExport(pcap, version);
      expect(datagrams.length).toBeGreaterThan(0);
      const reference = referenceTotals(await nfdumpReference(datagrams), 1);
      const ours = await kapasitetTotals(datagrams);
      expect(ours.byClass).toEqual(reference.byClass);
      expect(ours.byPrefix).toEqual(reference.byPrefix);
      // And nfdump agrees with the capture itself: v5 carries IPv4 only.
      const truth = new Map<string, Totals>();
      for (const f of FLOWS) {
        if (f.expected === 'internal' || (version === 5 && f.src.includes(':'))) continue;
        const t = truth.get(f.expected) ?? { bytes: 0, packets: 0 };
        t.bytes += flowBytes(f);
        t.packets += f.packets;
        truth.set(f.expected, t);
      }
      expect(ours.byClass).toEqual(truth);
    });
  }

  for (const version of [9, 10] as const) {
    it(`NetFlow ${version === 10 ? 'IPFIX' : 'v9'} sampled 1 in 4: scaled by the exporter's stated interval, near the capture's figures`, async () => {
      // Flow after flow, so each flow keeps a quarter of its packets give or take one (interleaved
      // flows share one packet counter, and each gets more or less than its quarter).
      const datagrams = await softflowdExport(sequential, version, 4);
      const nfdump = await nfdumpReference(datagrams);
      const ours = await kapasitetTotals(datagrams);
      // nfdump stores sampled counts as sent; Kapasitet scales them by the options record's 4.
      expect(ours.byClass).toEqual(referenceTotals(nfdump, 4).byClass);
      for (const [cls, t] of ours.byClass) {
        const flows = FLOWS.filter((f) => f.expected === cls);
        const truePackets = flows.reduce((n, f) => n + f.packets, 0);
        // Periodic 1-in-4 sampling keeps a quarter of each flow's packets, give or take one: ×4, four per flow.
        expect(Math.abs(t.packets - truePackets), cls).toBeLessThanOrEqual(4 * flows.length);
        const trueBytes = flows.reduce((n, f) => n + flowBytes(f), 0);
        expect(Math.abs(t.bytes - trueBytes), cls).toBeLessThanOrEqual(4 * flows.reduce((n, f) => n + f.ipBytes, 0));
      }
    });
  }

  it('IPFIX biflows (RFC 5103, softflowd -b): both directions counted, equal to nfdump and to the capture', async () => {
    const datagrams = await softflowdExport(pcap, 10, undefined, true);
    const nfdump = await nfdumpReference(datagrams);
    // softflowd joined the Teams call's two directions into one biflow, its reverse counts in 29305/1 and 29305/2.
    expect(nfdump.some((f) => f.outBytes > 0)).toBe(true);
    const ours = await kapasitetTotals(datagrams);
    expect(ours.byClass).toEqual(referenceTotals(nfdump, 1).byClass);
    expect(ours.byPrefix).toEqual(referenceTotals(nfdump, 1).byPrefix);
    const truth = new Map<string, Totals>();
    for (const f of FLOWS.filter((f) => f.expected !== 'internal')) {
      const t = truth.get(f.expected) ?? { bytes: 0, packets: 0 };
      truth.set(f.expected, { bytes: t.bytes + flowBytes(f), packets: t.packets + f.packets });
    }
    expect(ours.byClass).toEqual(truth);
  });
});
