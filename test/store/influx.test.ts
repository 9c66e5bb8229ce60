import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('names a missing database in one clear error at start-up', async () => {
    await expect(InfluxStore.open({ url: server.url, database: 'nope' })).rejects.toThrow(/has no database "nope"/);
  });
});
