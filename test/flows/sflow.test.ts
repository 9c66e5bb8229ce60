// sFlow v5 from switches: flow samples decoded, scaled by their sampling rate, attributed and classed
// like NetFlow, and held to sfacctd (pmacct) on the same datagrams, flow by flow and class by class;
// counter samples read past; garbled datagrams counted, never thrown.
import fc from 'fast-check';
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { startFlows } from '../../flows/run.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { installed } from '../support/servers.ts';
import { sfacctdReference } from '../support/flow-tools.ts';
import { sampledPackets, sflowDatagrams } from '../support/sflow.ts';
import { FLOWS, SCHOOL, schoolFlowsConfig } from '../support/school-flows.ts';

const RATE = 8;

/** What Kapasitet stored per class from the datagrams, sent over a real socket to its sFlow port. */
async function ours(datagrams: Buffer[]): Promise<Map<string, { bytes: number; packets: number }>> {
  const store = new EmbeddedStore(':memory:');
  const log: string[] = [];
  const flows = (await startFlows(schoolFlowsConfig({ sflowPort: 0 }), store, { log: (m) => log.push(m), intervalMs: 3_600_000 }))!;
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
      const reference = await sfacctdReference(datagrams, FLOWS.reduce((n, f) => n + sampledPackets(f, RATE) * RATE, 0));
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
    const flows = (await startFlows(schoolFlowsConfig({ sflowPort: 0 }), store, { log: () => {}, intervalMs: 3_600_000 }))!;
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
