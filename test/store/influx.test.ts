import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpoolingWriter } from '../../collector/spool.ts';
import { InfluxStore } from '../../store/influx.ts';
import { influxQuery, installed, startInfluxd, type RunningServer } from '../support/servers.ts';
import { storeContract } from './contract.ts';

describe.runIf(installed('influxd'))('InfluxDB 1.x (a real influxd)', () => {
  let server: RunningServer;
  let n = 0;
  beforeAll(async () => {
    server = await startInfluxd();
  });
  afterAll(async () => server?.stop());

  // Each test gets its own database, as the embedded adapter gets its own file.
  storeContract('InfluxDB', async () => {
    const database = `contract_${++n}`;
    await influxQuery(server.url, `CREATE DATABASE ${database}`);
    return InfluxStore.open({ url: server.url, database });
  });

  it('logs points InfluxDB refuses, with its reason, and does not keep them for a retry', async () => {
    await influxQuery(server.url, 'CREATE DATABASE refused');
    // Another writer (Telegraf, say) made device.up an integer; Kapasitet writes floats.
    const direct = await fetch(`${server.url}/write?db=refused&precision=ms`, { method: 'POST', body: 'device,device=other up=1i 1000' });
    expect(direct.status).toBe(204);
    const store = await InfluxStore.open({ url: server.url, database: 'refused' });
    const logs: string[] = [];
    const writer = new SpoolingWriter(store, { path: join(mkdtempSync(join(tmpdir(), 'kapasitet-spool-')), 'spool.jsonl'), maxPoints: 1000, log: (m) => logs.push(m) });
    const point = (device: string, fields: Record<string, number>) => ({ measurement: 'device' as const, tags: { device }, fields, time: 2000 });
    await writer.write([point('d1', { up: 0.5 }), point('d2', { poll_ms: 12 })]);
    expect(writer.pending).toBe(0);
    expect(writer.rejected).toBe(2);
    expect(logs[0]).toMatch(/^store: InfluxDB refused points: .*field type conflict/);
    // InfluxDB kept the rest of the batch (a partial write), so nothing good was lost.
    expect((await store.latest('device', { device: 'd2' })).map((p) => p.fields.poll_ms)).toEqual([12]);
  });

  it('names a missing database in one clear error at start-up', async () => {
    await expect(InfluxStore.open({ url: server.url, database: 'nope' })).rejects.toThrow(/has no database "nope"/);
  });
});
