// The bench's flow export and receiver config, shared by bench/flows.ts and the receiver it runs in
// a child process: 100,000 listed /24s in one class, ten schools on one exporter's interfaces, and
// IPFIX datagrams of 30 downloads each from seeded random remotes, a third of them in the list.
import { flowsSchema } from '../config/schema.ts';
import { dataSet, ipfixMessage, ROUTER_FIELDS, templateSet } from '../simulator/flow-packets.ts';

export const PER_DATAGRAM = 30;
/** BENCH_PREFIXES=0 gives the receiver without a list, for the memory the list itself takes. */
export const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 100_000);

// A seeded generator: the same export on every run.
let state = 12345;
const random = () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
const ip = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');

/** 100,000 /24s in one class, as a municipality's generated list of cloud and CDN ranges might be. */
const prefixes = Array.from({ length: PREFIXES }, (_, i) => `${ip(((i * 2_654_435_761) >>> 8) << 8)}/24`);
export const benchFlows = flowsSchema.parse({
  exporters: [{ address: '127.0.0.1', lines: Array.from({ length: 10 }, (_, i) => ({ school: `s${i}`, ifIndex: i + 1 })) }],
  classes: PREFIXES > 0 ? [{ id: 'bench-list', name: 'Bench list', match: [{ prefixes, source: 'generated for the bench' }] }] : [],
});

/** Downloads to the ten schools' interfaces from remote addresses: a third from the listed /24s, the rest anywhere. */
export function benchDatagrams(count: number): Buffer[] {
  const datagrams: Buffer[] = [];
  for (let d = 0; d < count; d++) {
    const records = Array.from({ length: PER_DATAGRAM }, () => {
      const listed = random() < 0.33;
      const remote = listed ? ip((((Math.floor(random() * PREFIXES) * 2_654_435_761) >>> 8) << 8) | 7) : ip(Math.floor(random() * 2 ** 32));
      const school = 1 + Math.floor(random() * 10);
      return [remote, `10.${school}.0.9`, 443, 50_000 + Math.floor(random() * 10_000), 6, 1000 + Math.floor(random() * 100_000), 10, school, 0];
    });
    datagrams.push(ipfixMessage([templateSet(10, 256, ROUTER_FIELDS), dataSet(256, ROUTER_FIELDS, records)], d * PER_DATAGRAM));
  }
  return datagrams;
}
