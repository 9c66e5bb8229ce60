// A traffic counter the decoder does not read is never dropped silently: a template carrying one is
// counted by the element's name in /metrics and logged once per exporter.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { flowsSchema } from '../../config/schema.ts';
import { startFlows } from '../../flows/run.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { dataSet, ipfixMessage, templateSet, V4_FIELDS } from '../../simulator/flow-packets.ts';
import { EmbeddedStore } from '../../store/embedded.ts';

/** The usual IPv4 record with its volumes as octetTotalCount (85) and packetTotalCount (86), not deltas (1, 2). */
const TOTALS = V4_FIELDS.map((f) => (f.id === 1 ? { id: 85, length: 8 } : f.id === 2 ? { id: 86, length: 8 } : f));

describe('traffic counters the decoder does not read', () => {
  it('are counted by name in /metrics and logged once, not read as zero without a word', async () => {
    const store = new EmbeddedStore(':memory:');
    const registry = new Registry();
    const log: string[] = [];
    const config = { ...demoConfig(), flows: flowsSchema.parse({ host: '127.0.0.1', netflowPort: 0, ipfixPort: 0, exporters: [{ address: '127.0.0.1', lines: [{ school: 'storeng-skole', inside: ['10.3.0.0/16'] }] }] }) };
    const flows = (await startFlows(config, store, { log: (m) => log.push(m), registry, intervalMs: 3_600_000 }))!;
    for (let i = 0; i < 3; i++) flows.receiver.handle(ipfixMessage([templateSet(10, 300, TOTALS), dataSet(300, TOTALS, [['198.51.100.1', '10.3.0.9', 443, 50_000, 6, 5_000_000, 4000]])], i), '127.0.0.1');
    await flows.stop();
    await store.close();
    const metric = (await registry.getSingleMetric('kapasitet_flow_elements_unread_total')!.get()).values;
    expect(metric).toEqual(expect.arrayContaining([expect.objectContaining({ labels: { element: 'octetTotalCount' }, value: 3 }), expect.objectContaining({ labels: { element: 'packetTotalCount' }, value: 3 })]));
    const said = log.filter((l) => l.includes('octetTotalCount'));
    expect(said).toEqual(['flows: 127.0.0.1 sends octetTotalCount, which Kapasitet does not read: its volumes are not counted from it (export octetDeltaCount and packetDeltaCount)']);
  });
});
