// `kapasitet collect --shard i/n`: two collector processes share the demo's devices, writing to one
// real influxd; every device is polled by exactly one of them, once per cycle, and each stops
// cleanly on SIGTERM. One serves its Prometheus metrics; `serve --no-collector` shows what they stored.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ownerOf } from '../../collector/shard.ts';
import { allDevices, startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { InfluxStore } from '../../store/influx.ts';
import { freeTcpPort, influxQuery, installed, startInfluxd, type InfluxServer } from '../support/servers.ts';
import { startCli } from '../support/cli.ts';

describe.runIf(installed('influxd'))('collector shards', () => {
  let influx: InfluxServer;
  let simulator: RunningSimulator;
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-shards-'));

  beforeAll(async () => {
    influx = await startInfluxd();
    await influxQuery(influx.url, 'CREATE DATABASE sharded');
    simulator = await startSimulator(demoConfig(), { seed: 5, community: 'shard-test-community' });
  });

  afterAll(async () => {
    await simulator?.stop();
    await influx?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('polls each device exactly once per cycle across two shards, and stops cleanly on SIGTERM', async () => {
    const config = {
      ...simulator.config,
      secretsFile: join(dir, 'secrets.yaml'),
      store: { kind: 'influxdb', url: influx.url, database: 'sharded' },
      collector: { ...simulator.config.collector, intervalSeconds: 2, spoolPath: join(dir, 'spool.jsonl') },
      alerts: { ...simulator.config.alerts, statePath: join(dir, 'alerts.sqlite') },
    };
    writeFileSync(join(dir, 'secrets.yaml'), 'demo-community: shard-test-community\n');
    writeFileSync(join(dir, 'kapasitet.yaml'), stringify(config));
    const metricsPort = await freeTcpPort();
    const shards = [startCli(['collect', '--config', join(dir, 'kapasitet.yaml'), '--shard', '1/2', '--metrics-port', String(metricsPort)]), startCli(['collect', '--config', join(dir, 'kapasitet.yaml'), '--shard', '2/2'])];
    const began = Date.now();
    await expect.poll(() => shards.every((s) => (s.output().match(/^poll \[shard/gm) ?? []).length >= 3), { timeout: 60_000, interval: 250 }).toBe(true);

    // The web process without a collector of its own shows what the shards stored.
    const web = startCli(['serve', '--no-collector', '--config', join(dir, 'kapasitet.yaml'), '--port', '0']);
    await expect.poll(() => /dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(web.output())?.[1], { timeout: 30_000 }).toBeDefined();
    const base = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(web.output())![1]!;
    const overview = (await (await fetch(`${base}/api/v1/overview`)).json()) as any;
    const buildings = overview.municipalities[0].schools.flatMap((x: any) => x.buildings);
    expect(buildings).toHaveLength(6);
    // Should a building lack rates, the message names it with its uplink and what the shards logged.
    const without = buildings.filter((b: any) => b.uplink?.inMbps === undefined).map((b: any) => `${b.id}: ${JSON.stringify(b.uplink)}`);
    expect(without, `${without.join('\n')}\n${shards.map((s) => s.output()).join('\n')}`).toEqual([]);
    expect(web.output()).not.toMatch(/^poll/m);
    web.child.kill('SIGTERM');
    expect(await web.exited).toBe(0);

    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/^kapasitet_poll_duration_seconds_count\{process="collect",shard="1\/2",outcome="ok"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^kapasitet_snmp_varbinds_total\{process="collect",shard="1\/2"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^kapasitet_spool_pending_points\{process="collect",shard="1\/2"\} 0$/m);

    for (const s of shards) s.child.kill('SIGTERM');
    expect(await Promise.all(shards.map((s) => s.exited))).toEqual([0, 0]);
    // A cycle under way when the signal came finishes (and is logged) before the process exits.
    for (const s of shards) expect(s.output().split('SIGTERM: stopping\n')[1]).toMatch(/^(poll \[shard \d\/2\][^\n]*\n)?$/);

    const store = await InfluxStore.open({ version: 1, url: influx.url, database: 'sharded' });
    const window = { from: began - 60_000, to: Date.now() + 1 };
    const cycles = await store.range({ measurement: 'collector', ...window });
    const cyclesOf = (label: string) => cycles.filter((p) => p.tags.shard === label);
    const devices = allDevices(simulator.config).map((d) => d.id);
    // The shards' cycles together cover every device once.
    expect(cyclesOf('1/2')[0]!.fields.devices! + cyclesOf('2/2')[0]!.fields.devices!).toBe(devices.length);
    const polls = await store.range({ measurement: 'device', ...window });
    for (const id of devices) {
      const owner = `${ownerOf(id, 2)}/2`;
      // Once per cycle of its own shard; on a loaded machine a poll may still run when its next slot
      // comes, and that slot is counted in the cycle's `overrun` instead.
      const overruns = cyclesOf(owner).reduce((sum, c) => sum + (c.fields.overrun ?? 0), 0);
      const count = polls.filter((p) => p.tags.device === id).length;
      expect(count, id).toBeLessThanOrEqual(cyclesOf(owner).length);
      expect(count, `${id}: ${overruns} overruns`).toBeGreaterThanOrEqual(cyclesOf(owner).length - overruns);
    }
    await store.close();
  });
});
