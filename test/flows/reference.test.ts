// Kapasitet's flow figures against the reference tools: softflowd exports a capture of known flows as
// NetFlow v5, v9 and IPFIX (sampled and not), nfcapd/nfdump receives the same datagrams, and the
// bytes and packets Kapasitet stores per class and per unclassified prefix must equal nfdump's
// (exactly unsampled; nfdump's counts times the interval, and near the truth, when sampled).
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFlows } from '../../flows/run.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { nfdumpReference, softflowdExport, type NfdumpFlow } from '../support/flow-tools.ts';
import { flowBytes, pcapOf } from '../support/pcap.ts';
import { FLOWS, inside, SCHOOL, schoolFlowsConfig } from '../support/school-flows.ts';

interface Totals {
  bytes: number;
  packets: number;
}

/** What Kapasitet stored for the school: per class, and per unclassified prefix, in and out together. */
async function kapasitetTotals(datagrams: Buffer[]): Promise<{ byClass: Map<string, Totals>; byPrefix: Map<string, Totals> }> {
  const store = new EmbeddedStore(':memory:');
  const config = schoolFlowsConfig();
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
