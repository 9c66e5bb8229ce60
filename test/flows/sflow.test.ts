// sFlow v5 from switches: flow samples decoded, scaled by their sampling rate, attributed and classed
// like NetFlow, and held to sfacctd (pmacct) on the same datagrams, flow by flow and class by class;
// counter samples read past; garbled datagrams counted, never thrown.
import fc from 'fast-check';
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { flowsSchema, type Config } from '../../config/schema.ts';
import { startFlows } from '../../flows/run.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { installed } from '../support/servers.ts';
import { sfacctdReference } from '../support/flow-tools.ts';
import { sampledPackets, sflowDatagrams } from '../support/sflow.ts';
import type { PacketFlow } from '../support/pcap.ts';

const SCHOOL = 'nordli-ungdomsskole';
const RATE = 8;
const FLOWS: (PacketFlow & { expected: string })[] = [
  { src: '52.112.10.20', dst: '10.1.2.3', protocol: 'udp', srcPort: 3478, dstPort: 50_010, packets: 400, ipBytes: 1200, expected: 'video-meetings' },
  { src: '10.1.2.3', dst: '52.112.10.20', protocol: 'udp', srcPort: 50_010, dstPort: 3478, packets: 380, ipBytes: 900, expected: 'video-meetings' },
  { src: '17.253.1.9', dst: '10.1.4.4', protocol: 'tcp', srcPort: 443, dstPort: 51_000, packets: 900, ipBytes: 1500, expected: 'updates' },
  { src: '52.104.3.9', dst: '10.1.5.5', protocol: 'tcp', srcPort: 443, dstPort: 52_000, packets: 250, ipBytes: 1400, expected: 'cloud-office' },
  { src: '198.51.100.7', dst: '10.1.7.7', protocol: 'tcp', srcPort: 8443, dstPort: 54_000, packets: 120, ipBytes: 1300, expected: 'other' },
  { src: '2603:1063::5', dst: '2001:db8:100::7', protocol: 'udp', srcPort: 3479, dstPort: 50_500, packets: 200, ipBytes: 1100, expected: 'video-meetings' },
  { src: '10.1.2.3', dst: '10.1.9.9', protocol: 'tcp', srcPort: 445, dstPort: 56_000, packets: 50, ipBytes: 1500, expected: 'internal' },
];

const config = (): Config => ({ ...demoConfig(), flows: flowsSchema.parse({ host: '127.0.0.1', netflowPort: 0, ipfixPort: 0, sflowPort: 0, exporters: [{ address: '127.0.0.1', lines: [{ school: SCHOOL, inside: ['10.1.0.0/16', '2001:db8:100::/48'] }] }] }) });

/** What Kapasitet stored per class from the datagrams, sent over a real socket to its sFlow port. */
async function ours(datagrams: Buffer[]): Promise<Map<string, { bytes: number; packets: number }>> {
  const store = new EmbeddedStore(':memory:');
  const log: string[] = [];
  const flows = (await startFlows(config(), store, { log: (m) => log.push(m), intervalMs: 3_600_000 }))!;
  const socket = createSocket('udp4');
  for (const d of datagrams) await new Promise<void>((done, fail) => socket.send(d, flows.ports[2]!, '127.0.0.1', (err) => (err ? fail(err) : done())));
  socket.close();
  await expect.poll(() => flows.receiver.status().datagrams).toBe(datagrams.length);
  await flows.stop();
  const byClass = new Map<string, { bytes: number; packets: number }>();
  for (const p of await store.range({ measurement: 'traffic', filter: { school: SCHOOL }, from: 0, to: Date.now() + 1 })) {
    const t = byClass.get(p.tags.class!) ?? { bytes: 0, packets: 0 };
    byClass.set(p.tags.class!, { bytes: t.bytes + p.fields.in_bytes! + p.fields.out_bytes!, packets: t.packets + p.fields.in_packets! + p.fields.out_packets! });
  }
  for (const [cls, t] of byClass) if (t.packets === 0) byClass.delete(cls);
  await store.close();
  expect(flows.receiver.status()).toMatchObject({ lostDatagrams: 0, dropped: expect.objectContaining({ truncated: 0, bad_length: 0 }) });
  expect(log.filter((l) => !l.startsWith('flows: listening'))).toEqual([]);
  return byClass;
}

describe('sFlow v5', () => {
  for (const expanded of [false, true]) {
    it.runIf(installed('sfacctd'))(`${expanded ? 'expanded' : 'compact'} flow samples, 1 in ${RATE}: equal to sfacctd's renormalised counts, flow by flow and class by class`, async () => {
      const datagrams = sflowDatagrams(FLOWS, RATE, { expanded });
      const reference = await sfacctdReference(datagrams);
      // sfacctd read every sampled packet: the capture's samples × the rate.
      for (const f of FLOWS) {
        const found = reference.find((r) => r.src === f.src && r.dst === f.dst && r.srcPort === f.srcPort && r.dstPort === f.dstPort);
        expect(found, `${f.src} → ${f.dst}`).toMatchObject({ packets: sampledPackets(f, RATE) * RATE, bytes: sampledPackets(f, RATE) * RATE * (f.ipBytes + 18) });
      }
      const expected = new Map<string, { bytes: number; packets: number }>();
      for (const r of reference) {
        const cls = FLOWS.find((f) => f.src === r.src && f.dst === r.dst)!.expected;
        if (cls === 'internal') continue;
        const t = expected.get(cls) ?? { bytes: 0, packets: 0 };
        expected.set(cls, { bytes: t.bytes + r.bytes, packets: t.packets + r.packets });
      }
      expect(await ours(datagrams)).toEqual(expected);
    });
  }

  it('counts garbled datagrams by reason and never throws: every truncation of a good one, and random bytes', async () => {
    const store = new EmbeddedStore(':memory:');
    const flows = (await startFlows(config(), store, { log: () => {}, intervalMs: 3_600_000 }))!;
    const [good] = sflowDatagrams(FLOWS.slice(0, 2), RATE, { perDatagram: 20 });
    let handled = 0;
    for (let n = 4; n < good!.length; n++) {
      flows.receiver.handle(good!.subarray(0, n), '127.0.0.1');
      handled++;
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 1500 }), (bytes) => {
        // An sFlow version word in front, so the sFlow reader itself is what the bytes test.
        flows.receiver.handle(Buffer.concat([Buffer.from([0, 0, 0, 5]), bytes]), '127.0.0.1');
        handled++;
      }),
      { numRuns: 2000, seed: 33 },
    );
    const status = flows.receiver.status();
    expect(status.datagrams).toBe(handled);
    expect(status.dropped.truncated + status.dropped.bad_length).toBeGreaterThan(0);
    await flows.stop();
    await store.close();
  });
});
