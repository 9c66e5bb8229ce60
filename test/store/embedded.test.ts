import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EmbeddedStore } from '../../store/embedded.ts';
import { MonitoredStore } from '../../store/monitored.ts';
import { storeContract } from './contract.ts';

storeContract('embedded (SQLite)', async () => new EmbeddedStore(join(mkdtempSync(join(tmpdir(), 'kapasitet-store-')), 'k.sqlite')));

it('keeps what it stored across a restart of the process', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'kapasitet-store-')), 'k.sqlite');
  const first = new EmbeddedStore(file);
  const point = { measurement: 'device' as const, tags: { device: 'd1' }, fields: { up: 1 }, time: 1_000 };
  await first.write([point]);
  await first.close();
  const second = new EmbeddedStore(file);
  expect(await second.latest('device')).toEqual([point]);
  await second.write([{ ...point, time: 2_000 }]);
  expect((await second.range({ measurement: 'device', from: 0, to: 10_000 })).length).toBe(2);
  await second.close();
});

it('keeps aggregating in SQL behind the outage monitor the server wraps it in', async () => {
  // serve always wraps its store in MonitoredStore: a wrapper without `aggregate` had sent every
  // series of the running server back to stepping its points in JavaScript.
  const store = new MonitoredStore(new EmbeddedStore(':memory:'), () => {});
  await store.write([1, 2, 3].map((clients, i) => ({ measurement: 'access_point' as const, tags: { ap: 'a' }, fields: { clients }, time: i * 60_000 })));
  expect(await store.aggregate({ measurement: 'access_point', field: 'clients', aggregation: 'max', stepMs: 3_600_000, from: 0, to: 3_600_000 })).toEqual([{ tags: { ap: 'a' }, points: [{ time: 0, value: 3 }] }]);
  await store.close();
});
