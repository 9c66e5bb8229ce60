// The receiver as the collector runs it, across a restart within an hour: the unclassified traffic
// counted before the stop and after the start both stay in the store, not the later in place of the earlier.
import { describe, expect, it } from 'vitest';
import { flowsSchema } from '../../config/schema.ts';
import { startFlows } from '../../flows/run.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { dataSet, ipfixMessage, templateSet, V4_FIELDS } from '../../simulator/flow-packets.ts';
import { EmbeddedStore } from '../../store/embedded.ts';

const SCHOOL = 'storeng-skole';
const at = (hhmm: string) => Date.parse(`2026-11-30T${hhmm}:00Z`);

/** A download from an address no class names: unclassified, listed under 198.51.100.0/24. */
const unclassified = (bytes: number, sequence: number) => ipfixMessage([templateSet(10, 256, V4_FIELDS), dataSet(256, V4_FIELDS, [['198.51.100.1', '10.3.0.9', 8443, 50_000, 6, bytes, 10]])], sequence);

describe('the flow receiver across a restart', () => {
  it('keeps the unclassified tally of both runs within one hour', async () => {
    const store = new EmbeddedStore(':memory:');
    const config = { ...demoConfig(), flows: flowsSchema.parse({ host: '127.0.0.1', netflowPort: 0, ipfixPort: 0, exporters: [{ address: '127.0.0.1', lines: [{ school: SCHOOL, inside: ['10.3.0.0/16'] }] }] }) };
    let clock = at('10:20');
    const run = () => startFlows(config, store, { log: () => {}, intervalMs: 3_600_000, now: () => clock });

    const first = (await run())!;
    first.receiver.handle(unclassified(1000, 0), '127.0.0.1');
    clock = at('10:30');
    await first.stop();

    clock = at('10:40');
    const second = (await run())!;
    second.receiver.handle(unclassified(2000, 0), '127.0.0.1');
    clock = at('11:00') + 1000;
    await second.flush();
    await second.stop();

    const points = await store.range({ measurement: 'traffic_unclassified', filter: { school: SCHOOL, prefix: '198.51.100.0/24' }, from: at('10:00'), to: at('11:00') });
    await store.close();
    expect(points.reduce((n, p) => n + p.fields.in_bytes!, 0)).toBe(3000);
  });
});
