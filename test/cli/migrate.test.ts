// `kapasitet migrate`: the embedded store's history, raw points and roll-ups, copied into a real
// influxd, point for point.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../store/embedded.ts';
import { InfluxStore } from '../../store/influx.ts';
import { maintain } from '../../store/maintenance.ts';
import { measurements, type Point } from '../../store/point.ts';
import { influxQuery, installed, startInfluxd, type InfluxServer } from '../support/servers.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'bin', 'kapasitet.js');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const T0 = Date.parse('2026-11-24T09:00:00Z');

describe.runIf(installed('influxd'))('kapasitet migrate', () => {
  let server: InfluxServer;
  beforeAll(async () => {
    server = await startInfluxd();
  });
  afterAll(async () => server?.stop());

  it('copies every raw point and hourly and daily roll-up from the embedded store into InfluxDB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kapasitet-migrate-'));
    const from = join(dir, 'kapasitet.sqlite');
    const embedded = new EmbeddedStore(from);
    const points: Point[] = [];
    for (let i = 0; i < 7000; i++) {
      const time = T0 + i * 10_000;
      points.push({ measurement: 'interface', tags: { school: 's1', building: 's1-a', device: 's1-sw', interface: 'Gi1/0/48', link: 'uplink' }, fields: { in_bps: i * 1000, out_bps: i * 100, utilisation: i / 1e6 }, time });
      if (i % 6 === 0) points.push({ measurement: 'access_point', tags: { school: 's1', building: 's1-a', ap: 'ap1' }, fields: { clients: i % 40, up: 1 }, time });
    }
    await embedded.write(points);
    await maintain(embedded, T0 + 7000 * 10_000, { rawDays: 30, rollupYears: 5 }, { timeZoneOf: () => 'Europe/Oslo' });
    await embedded.close();

    await influxQuery(server.url, 'CREATE DATABASE migrated');
    copyFileSync(join(FIXTURES, 'small-secrets.yaml'), join(dir, 'small-secrets.yaml'));
    const config = readFileSync(join(FIXTURES, 'small.yaml'), 'utf8') + `store: { kind: influxdb, url: '${server.url}', database: migrated }\n`;
    writeFileSync(join(dir, 'kapasitet.yaml'), config);
    const env = { ...process.env, KAP_AUTH: 'auth-pass-phrase', KAP_PRIV: 'priv-pass-phrase' };
    const { stdout } = await run(process.execPath, [CLI, 'migrate', '--from', from, '--config', join(dir, 'kapasitet.yaml')], { env });
    expect(stdout).toMatch(/^copied \d+ points in [\d.]+ s: interface 7000, access_point 1167, interface_1h \d+, access_point_1h \d+, interface_1d \d+, access_point_1d \d+\n$/);

    const source = new EmbeddedStore(from);
    const target = await InfluxStore.open({ version: 1, url: server.url, database: 'migrated' });
    for (const measurement of measurements) {
      const all = { measurement, from: 0, to: T0 + 365 * 86_400_000 };
      expect(await target.range(all), measurement).toEqual(await source.range(all));
    }
    await source.close();
  });

  it('refuses a config whose store is the embedded one, and a --from file that does not exist', async () => {
    const err = await run(process.execPath, [CLI, 'migrate', '--from', '/nonexistent.sqlite', '--config', join(FIXTURES, 'small.yaml')]).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('--from: no file /nonexistent.sqlite');
  });
});
