// What exporters and the network do wrong, and the receiver surviving it: truncated datagrams, lengths
// past the end, data before its template, a template redefined, unknown versions, a flood from an
// unknown exporter, and thousands of random and mutated datagrams over a real socket. Each case is
// counted by reason and named in a log line at most once a minute.
import { createSocket } from 'node:dgram';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { flowsSchema } from '../../config/schema.ts';
import { Attribution } from '../../flows/attribution.ts';
import { FlowDecoder } from '../../flows/decoder.ts';
import { TrafficMeter } from '../../flows/meter.ts';
import { FlowReceiver } from '../../flows/receiver.ts';
import { classifierFor } from '../../flows/classifier.ts';
import { MAX_RECORDS_PER_DATAGRAM } from '../../flows/decoder.ts';
import { DEFAULT_TEMPLATE_LIMITS, type TemplateLimits } from '../../flows/templates.ts';
import { pointSchema } from '../../store/point.ts';
import { dataSet, ipfixMessage, optionsTemplateSet, templateSet, v9Packet, V4_FIELDS, type Field } from '../../simulator/flow-packets.ts';

const EXPORTER = '127.0.0.1';
const SCHOOL = 'storeng-skole';

function receiver(now = () => Date.parse('2026-11-30T09:00:00Z'), limits: Partial<TemplateLimits> = { maxStreams: 64, maxTemplatesPerStream: 16 }) {
  const flows = flowsSchema.parse({ exporters: [{ address: EXPORTER, lines: [{ school: SCHOOL, inside: ['10.3.0.0/16'] }] }] });
  const meter = new TrafficMeter(classifierFor({ flows }), new Attribution(flows), new Map([[SCHOOL, 'fjordvik']]), 20, { intervalMs: 60_000, lineBps: new Map([[SCHOOL, 1e9]]) });
  const log: string[] = [];
  const registry = new Registry();
  const r = new FlowReceiver(new FlowDecoder({ timeoutMs: 1_800_000, ...limits }), meter, { log: (m) => log.push(m), now, registry });
  /** In and out bytes the meter holds now, over every class. */
  const totals = () => {
    const points = meter.flush(0, 60_000);
    for (const p of points) expect(pointSchema.safeParse(p).success, JSON.stringify(p)).toBe(true);
    return points.reduce((t, p) => ({ in: t.in + p.fields.in_bytes!, out: t.out + p.fields.out_bytes!, packets: t.packets + p.fields.in_packets! + p.fields.out_packets! }), { in: 0, out: 0, packets: 0 });
  };
  const metric = async (outcome: string) => {
    const m = (await registry.getMetricsAsJSON()).find((x) => x.name === 'kapasitet_flow_datagrams_total');
    return (m?.values as { labels: { outcome?: string }; value: number }[] | undefined)?.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  };
  return { r, meter, log, totals, metric };
}

/** A download of `bytes` from the internet to the school. */
const download = (bytes: number, packets = 10): (number | string)[] => ['198.51.100.1', '10.3.0.9', 443, 50_000, 6, bytes, packets];
const good = (sequence: number, bytes = 1000) => ipfixMessage([templateSet(10, 256, V4_FIELDS), dataSet(256, V4_FIELDS, [download(bytes)])], sequence);

describe('the flow receiver on garbled input', () => {
  it('counts every truncation of a good message and reads none of it as flows, one log line per reason', async () => {
    const { r, log, totals, metric } = receiver();
    const whole = good(0);
    for (let cut = 0; cut < whole.length; cut++) r.handle(whole.subarray(0, cut), EXPORTER);
    const s = r.status();
    expect(s.datagrams).toBe(whole.length);
    // Shorter than a header, or shorter than the length the header states.
    expect(s.dropped.truncated).toBeGreaterThanOrEqual(whole.length - 1 - 16 + 1);
    expect(await metric('truncated')).toBe(s.dropped.truncated);
    expect(totals().in).toBe(0);
    expect(log.filter((l) => l.startsWith('flows: truncated')).length).toBe(1);
    // Whole, it is read.
    r.handle(whole, EXPORTER);
    expect(totals().in).toBe(1000);
  });

  it('stops at a set whose length points past the end, and keeps the sets before it', () => {
    const { r, totals } = receiver();
    const message = good(0);
    const broken = Buffer.concat([message, Buffer.from([1, 0, 0xff, 0xf0])]);
    broken.writeUInt16BE(broken.length, 2);
    r.handle(broken, EXPORTER);
    expect(r.status().dropped.bad_length).toBe(1);
    expect(totals().in).toBe(1000);
  });

  it('counts data before its template as unreadable, and reads the same data once the template came', () => {
    const { r, totals } = receiver();
    const data = dataSet(257, V4_FIELDS, [download(5000)]);
    r.handle(ipfixMessage([data], 0), EXPORTER);
    expect(r.status().dropped.no_template).toBe(1);
    expect(totals().in).toBe(0);
    r.handle(ipfixMessage([templateSet(10, 257, V4_FIELDS)], 1), EXPORTER);
    r.handle(ipfixMessage([data], 1), EXPORTER);
    expect(totals().in).toBe(5000);
  });

  it('reads data by the newest definition when a template is redefined with other fields', () => {
    const { r, totals } = receiver();
    r.handle(good(0, 700), EXPORTER);
    // Same id, fields in another order and the counters 4 bytes long.
    const other: Field[] = [{ id: 1, length: 4 }, { id: 2, length: 4 }, { id: 12, length: 4 }, { id: 8, length: 4 }, { id: 4, length: 1 }, { id: 11, length: 2 }, { id: 7, length: 2 }];
    r.handle(ipfixMessage([templateSet(10, 256, other), dataSet(256, other, [[3000, 3, '10.3.0.9', '198.51.100.1', 6, 50_000, 443]])], 1), EXPORTER);
    expect(totals()).toEqual({ in: 3700, out: 0, packets: 13 });
  });

  it("refuses a record that claims more than the school's line carries in an interval, as an impossible counter rate is", async () => {
    const { r, log, totals } = receiver();
    const big: Field[] = V4_FIELDS.map((f) => (f.id === 1 ? { id: 1, length: 8 } : f));
    const send = (bytes: number, sequence: number) => r.handle(ipfixMessage([templateSet(10, 256, big), dataSet(256, big, [download(bytes)])], sequence), EXPORTER);
    // The hostile run's record: 2^53 bytes, 7.2 Pbit/s over a minute on a 1 Gbit/s line.
    send(2 ** 53, 0);
    expect(totals().in).toBe(0);
    expect(r.status().dropped.impossible_rate).toBe(1);
    expect(log.find((l) => l.startsWith('flows: impossible rate'))).toMatch(/claims 1\.201e\+9 Mbit\/s over 60 s on storeng-skole's 1000 Mbit\/s line/);
    // The line full for the whole minute is possible; a byte more is not.
    send(7.5e9, 1);
    send(7.5e9 + 1, 2);
    expect(totals().in).toBe(7.5e9);
    expect(r.status().dropped.impossible_rate).toBe(2);
  });

  it('refuses a sampled record whose scaled bytes are more than the line carries', () => {
    const { r, totals } = receiver();
    const sampled: Field[] = [...V4_FIELDS, { id: 34, length: 4 }];
    r.handle(ipfixMessage([templateSet(10, 256, sampled), dataSet(256, sampled, [[...download(1e9), 8], [...download(1e8), 8]])], 0), EXPORTER);
    expect(totals().in).toBe(8e8);
    expect(r.status().dropped.impossible_rate).toBe(1);
  });

  it('refuses unknown versions and template ids below 256 by name', () => {
    const { r, log } = receiver();
    const v7 = Buffer.alloc(24);
    v7.writeUInt16BE(7, 0);
    r.handle(v7, EXPORTER);
    r.handle(ipfixMessage([templateSet(10, 12, V4_FIELDS)], 0), EXPORTER);
    expect(r.status().dropped).toMatchObject({ unknown_version: 1, bad_template: 1 });
    expect(log.some((l) => l.includes('version 7 is not NetFlow v5, v9, IPFIX or sFlow v5'))).toBe(true);
    expect(log.some((l) => l.includes('template id 12 is below 256'))).toBe(true);
  });

  it('scales sampled flows by the interval the exporter\'s options record states', () => {
    const { r, totals } = receiver();
    const scope: Field[] = [{ id: 149, length: 4 }]; // observationDomainId
    const sampling: Field[] = [{ id: 34, length: 4 }];
    r.handle(ipfixMessage([optionsTemplateSet(300, scope, sampling), dataSet(300, [...scope, ...sampling], [[1, 100]]), templateSet(10, 256, V4_FIELDS), dataSet(256, V4_FIELDS, [download(1500, 2)])], 0), EXPORTER);
    expect(totals()).toEqual({ in: 150_000, out: 0, packets: 200 });
  });

  it('counts gaps in the sequence: IPFIX by records, NetFlow v9 by datagrams', () => {
    const { r } = receiver();
    r.handle(good(0), EXPORTER); // one record: the next is 1
    r.handle(good(1), EXPORTER);
    r.handle(good(7), EXPORTER); // records 2–6 never came
    expect(r.status().lostRecords).toBe(5);
    const v9 = (seq: number) => v9Packet([templateSet(9, 256, V4_FIELDS), dataSet(256, V4_FIELDS, [download(100)])], seq, 7);
    r.handle(v9(10), EXPORTER);
    r.handle(v9(11), EXPORTER);
    r.handle(v9(14), EXPORTER);
    expect(r.status().lostDatagrams).toBe(2);
  });

  it('loses nothing when an exporter changes from NetFlow v9 to IPFIX on the same domain: a new sequence, not a gap', () => {
    const { r } = receiver();
    const v9 = (seq: number) => v9Packet([templateSet(9, 256, V4_FIELDS), dataSet(256, V4_FIELDS, [download(100)])], seq, 1);
    r.handle(v9(500), EXPORTER);
    r.handle(v9(501), EXPORTER);
    // The same source id as an IPFIX observation domain, its records numbered from its own start.
    r.handle(good(3), EXPORTER);
    r.handle(good(4), EXPORTER);
    r.handle(v9(900), EXPORTER);
    expect(r.status()).toMatchObject({ lostRecords: 0, lostDatagrams: 0 });
  });

  it('drops a flood from an unknown exporter undecoded, counted, remembering at most 100 addresses', async () => {
    const { r, log, metric } = receiver();
    const message = good(0);
    for (let i = 0; i < 20_000; i++) r.handle(message, `203.0.113.${i % 250}`);
    const s = r.status();
    expect(s.dropped.unknown_exporter).toBe(20_000);
    expect(await metric('unknown_exporter')).toBe(20_000);
    expect(s.unknownExporters.length).toBeLessThanOrEqual(101);
    expect(s.unknownExporters.reduce((n, e) => n + e.datagrams, 0)).toBe(20_000);
    expect(s.records).toBe(0);
    expect(log.filter((l) => l.includes('no flows.exporters entry names')).length).toBe(1);
  });

  it('survives thousands of random and mutated datagrams over a real socket, and still reads a good one after', async () => {
    const { r, totals } = receiver(Date.now);
    const port = (await r.listen('127.0.0.1', [0]))[0]!;
    const seeds = [good(0), v9Packet([templateSet(9, 256, V4_FIELDS), dataSet(256, V4_FIELDS, [download(100), download(200)])], 0), Buffer.from(v5Seed())];
    // A seeded generator, so a failure is the same failure on the next run.
    let state = 0x9e3779b9;
    const random = () => ((state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
    const datagrams: Buffer[] = [];
    for (let i = 0; i < 4000; i++) {
      const length = Math.floor(random() * 1500);
      const b = Buffer.alloc(length);
      for (let k = 0; k < length; k++) b[k] = Math.floor(random() * 256);
      // Half start with a known version, so the decoders behind the version check are reached.
      if (length >= 2 && i % 2 === 0) b.writeUInt16BE([5, 9, 10][i % 3]!, 0);
      datagrams.push(b);
    }
    for (let i = 0; i < 4000; i++) {
      const b = Buffer.from(seeds[i % seeds.length]!);
      for (let flips = 1 + Math.floor(random() * 6); flips > 0; flips--) b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
      datagrams.push(random() < 0.3 ? b.subarray(0, Math.floor(random() * b.length)) : b);
    }
    const socket = createSocket('udp4');
    // In batches the socket's buffer holds, each read before the next is sent: every one must arrive.
    for (let i = 0; i < datagrams.length; i++) {
      await new Promise<void>((done) => socket.send(datagrams[i]!, port, '127.0.0.1', () => done()));
      if (i % 50 === 49) await expect.poll(() => r.status().datagrams, { timeout: 5000, interval: 1 }).toBe(i + 1);
    }
    await expect.poll(() => r.status().datagrams, { timeout: 5000 }).toBe(datagrams.length);
    totals();
    // Still reading: a good datagram on a fresh stream counts exactly what it says.
    await new Promise<void>((done) => socket.send(ipfixMessage([templateSet(10, 256, V4_FIELDS), dataSet(256, V4_FIELDS, [download(4321)])], 0, 99), port, '127.0.0.1', () => done()));
    await expect.poll(() => totals().in, { timeout: 5000 }).toBe(4321);
    socket.close();
    await r.close();
    const dropped = Object.values(r.status().dropped).reduce((a, b) => a + b, 0);
    expect(dropped).toBeGreaterThan(1000);
  });
});

describe('the flow receiver against a flood of large templates', () => {
  /** Sends each datagram over loopback and waits until the receiver has read it, in batches its socket buffer holds. */
  async function sendAll(r: FlowReceiver, port: number, datagrams: Buffer[]) {
    const socket = createSocket('udp4');
    const start = r.status().datagrams;
    for (let i = 0; i < datagrams.length; i++) {
      await new Promise<void>((done) => socket.send(datagrams[i]!, port, '127.0.0.1', () => done()));
      if (i % 20 === 19) await expect.poll(() => r.status().datagrams, { timeout: 10_000, interval: 1 }).toBe(start + i + 1);
    }
    await expect.poll(() => r.status().datagrams, { timeout: 10_000 }).toBe(start + datagrams.length);
    socket.close();
  }

  it('holds no more template bytes than its bounds, however large and many the templates, and still reads an honest exporter', async () => {
    const { r, totals } = receiver(Date.now, {});
    const port = (await r.listen('127.0.0.1', [0]))[0]!;
    // The hostile run's datagram: one template of as many fields as an IPFIX message has room for.
    const widest: Field[] = Array.from({ length: 16_370 }, (_, i) => ({ id: 400 + (i % 50), length: 2 }));
    // And one at the bound, whose fields cannot be merged: unknown variable-length fields between read ones.
    const atBound: Field[] = Array.from({ length: DEFAULT_TEMPLATE_LIMITS.maxFieldsPerTemplate }, (_, i) => (i % 2 ? { id: 1, length: 4 } : { id: 400, length: 65535 }));
    const flood = Array.from({ length: 2000 }, (_, i) => ipfixMessage([templateSet(10, 256 + (i % 300), i % 3 ? atBound : widest)], 0, 1000 + i));
    expect(flood[0]!.length).toBeGreaterThan(65_000);
    await sendAll(r, port, flood);
    const held = r.status().templates;
    expect(held.bytes).toBeLessThanOrEqual(DEFAULT_TEMPLATE_LIMITS.maxBytes);
    expect(held.bytes).toBeGreaterThan(DEFAULT_TEMPLATE_LIMITS.maxBytes / 2);
    expect(held.evicted).toBeGreaterThan(0);
    // The widest were refused before a field was read; those at the bound were learnt until room ran out.
    expect(r.status().dropped.bad_template).toBe(667);
    // An honest exporter resending its template after the flood is read to the byte.
    await sendAll(r, port, [ipfixMessage([templateSet(10, 256, V4_FIELDS), dataSet(256, V4_FIELDS, [download(4321)])], 0, 1)]);
    expect(totals().in).toBe(4321);
    await r.close();
  });

  it('keeps one stream within its bytes: a redefinition past them is refused and counted', () => {
    const { r } = receiver(Date.now, { maxBytesPerStream: 100_000 });
    const big: Field[] = Array.from({ length: 1000 }, (_, i) => (i % 2 ? { id: 1, length: 4 } : { id: 400, length: 65535 }));
    for (let id = 256; id < 266; id++) r.handle(ipfixMessage([templateSet(10, id, big)], 0, 7), EXPORTER);
    const held = r.status().templates;
    expect(held.templates).toBe(1);
    expect(held.bytes).toBeLessThanOrEqual(100_000);
    expect(r.status().dropped.too_many_templates).toBe(9);
  });

  it(`reads at most ${MAX_RECORDS_PER_DATAGRAM} records from one datagram`, () => {
    const { r, log } = receiver();
    // A template of one 1-byte field: 60,000 records fit in a datagram.
    const tiny: Field[] = [{ id: 4, length: 1 }];
    r.handle(ipfixMessage([templateSet(10, 256, tiny), dataSet(256, tiny, Array.from({ length: 60_000 }, () => [6]))], 0), EXPORTER);
    expect(r.status().records).toBe(MAX_RECORDS_PER_DATAGRAM);
    expect(r.status().dropped.too_many_records).toBe(1);
    expect(log.some((l) => l.includes(`more than the ${MAX_RECORDS_PER_DATAGRAM} records`))).toBe(true);
  });
});

/** A NetFlow v5 datagram of one record, for the mutations to start from. */
function v5Seed(): Uint8Array {
  const b = Buffer.alloc(24 + 48);
  b.writeUInt16BE(5, 0);
  b.writeUInt16BE(1, 2);
  Buffer.from([198, 51, 100, 1]).copy(b, 24);
  Buffer.from([10, 3, 0, 9]).copy(b, 28);
  b.writeUInt32BE(10, 24 + 16);
  b.writeUInt32BE(1000, 24 + 20);
  b[24 + 38] = 6;
  return b;
}
