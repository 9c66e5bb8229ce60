// A flow from one school to another crossed both schools' lines: the sender's upload and the
// receiver's download, each in its class; within one school it crossed none.
import { describe, expect, it } from 'vitest';
import { flowsSchema } from '../../config/schema.ts';
import { startFlows } from '../../flows/run.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { dataSet, ipfixMessage, templateSet, V4_FIELDS } from '../../simulator/flow-packets.ts';
import { EmbeddedStore } from '../../store/embedded.ts';

describe('flows between schools', () => {
  it("count on both schools' lines: an upload at the sender, a download at the receiver; none within a school", async () => {
    const store = new EmbeddedStore(':memory:');
    const flows = flowsSchema.parse({ host: '127.0.0.1', netflowPort: 0, ipfixPort: 0, exporters: [{ address: '127.0.0.1', lines: [{ school: 'storeng-skole', inside: ['10.3.0.0/16'] }, { school: 'nordli-ungdomsskole', inside: ['10.1.0.0/16'] }] }] });
    const run = (await startFlows({ ...demoConfig(), flows }, store, { log: () => {}, intervalMs: 3_600_000 }))!;
    const flow = (src: string, dst: string, bytes: number, seq: number) => ipfixMessage([templateSet(10, 256, V4_FIELDS), dataSet(256, V4_FIELDS, [[src, dst, 50_000, 445, 6, bytes, 10]])], seq);
    run.receiver.handle(flow('10.3.0.9', '10.1.0.7', 40_000, 0), '127.0.0.1');
    run.receiver.handle(flow('10.3.0.9', '10.3.0.8', 99_000, 1), '127.0.0.1');
    await run.stop();
    const sum = async (school: string, field: 'in_bytes' | 'out_bytes') => (await store.range({ measurement: 'traffic', filter: { school }, from: 0, to: Date.now() + 1 })).reduce((n, p) => n + (p.fields[field] ?? 0), 0);
    expect(await sum('storeng-skole', 'out_bytes')).toBe(40_000);
    expect(await sum('storeng-skole', 'in_bytes')).toBe(0);
    expect(await sum('nordli-ungdomsskole', 'in_bytes')).toBe(40_000);
    expect(await sum('nordli-ungdomsskole', 'out_bytes')).toBe(0);
    await store.close();
  });
});
