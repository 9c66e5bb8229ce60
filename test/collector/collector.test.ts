// A collection cycle over the simulated municipality plus one dead device: the dead one is recorded
// as down, backs off, and never delays the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector, type CycleReport } from '../../collector/collector.ts';
import { loadProfiles } from '../../collector/profiles.ts';
import { deviceTargets, type DeviceTarget } from '../../config/inventory.ts';
import { Secrets } from '../../config/secrets.ts';
import { demoConfig, DEMO_COMMUNITY_SECRET } from '../../simulator/demo.ts';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { udpRelay } from '../support/relay.ts';

describe('collector cycles', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator(demoConfig(), { community: 'cycle-test', simStart: Date.parse('2026-11-24T09:30:00Z') });
  });
  afterAll(async () => sim?.stop());

  it('polls every live device each cycle and backs off from a dead one: 1, then 2 cycles skipped', async () => {
    const targets = deviceTargets(sim.config);
    const dead: DeviceTarget = { ...targets[0]!, device: { ...targets[0]!.device, id: 'dead-rtr', snmp: { ...targets[0]!.device.snmp, port: 9, timeoutMs: 300, retries: 0 } } };
    const store = new EmbeddedStore(':memory:');
    const collector = new Collector([...targets, dead], loadProfiles(), Secrets.literal({ [DEMO_COMMUNITY_SECRET]: 'cycle-test' }), store, { intervalSeconds: 10, concurrency: 4, log: () => {} });
    const reports = [];
    for (let i = 0; i < 5; i++) {
      reports.push(await collector.runCycle());
      // Scheduled cycles are seconds apart; back to back, a cycle could start in the millisecond the
      // last poll of the previous one ended, and its point would replace that one.
      await new Promise((r) => setTimeout(r, 20));
    }

    for (const r of reports) expect(r.down.filter((d) => d.device !== 'dead-rtr')).toEqual([]);
    const deadPoints = await store.range({ measurement: 'device', filter: { device: 'dead-rtr' }, from: 0, to: Date.now() + 1 });
    // Cycle 1 polls and fails, 2 is skipped, 3 polls and fails, 4 and 5 are skipped.
    expect(deadPoints.map((p) => (p.fields.backoff ? 'skipped' : 'polled'))).toEqual(['polled', 'skipped', 'polled', 'skipped', 'skipped']);
    expect(deadPoints.every((p) => p.fields.up === 0)).toBe(true);
    expect(deadPoints.map((p) => p.fields.failures)).toEqual([1, 1, 2, 2, 2]);
    expect(reports[1]!.down).toContainEqual({ device: 'dead-rtr', reason: 'not polled this cycle (1 failed polls in a row)' });
    const live = await store.latest('device', { device: 'nu-wlc' });
    expect(live[0]!.fields).toMatchObject({ up: 1, failures: 0, refused: 0, anomalies: 0 });
    // The collector's own point per cycle: what was polled, what was down, what was written.
    const cycles = await store.range({ measurement: 'collector', from: 0, to: Date.now() + 1 });
    expect(cycles).toHaveLength(5);
    expect(cycles[0]!.tags).toEqual({ municipality: 'fjordvik', interval: '10' });
    expect(cycles.map((c) => [c.fields.devices, c.fields.down])).toEqual(reports.map((r) => [targets.length + 1, 1]));
    expect(cycles[0]!.fields.points).toBe(reports[0]!.points);
    await store.close();
  });

  it('polls each device on its own interval, all schedules sharing one concurrency limit', async () => {
    const [router, ...rest] = deviceTargets(sim.config);
    const fast: DeviceTarget = { ...router!, device: { ...router!.device, intervalSeconds: 1 } };
    const others = rest.slice(0, 2);
    const store = new EmbeddedStore(':memory:');
    const collector = new Collector([fast, ...others], loadProfiles(), Secrets.literal({ [DEMO_COMMUNITY_SECRET]: 'cycle-test' }), store, { intervalSeconds: 3, concurrency: 2, log: () => {} });
    expect([...collector.schedules()].map(([s, t]) => [s, t.map((x) => x.device.id)])).toEqual([
      [1, [router!.device.id]],
      [3, others.map((t) => t.device.id)],
    ]);
    collector.start();
    await new Promise((r) => setTimeout(r, 7000));
    await collector.stop();
    const polls = async (id: string) => (await store.range({ measurement: 'device', filter: { device: id }, from: 0, to: Date.now() + 1 })).length;
    // Each polls at start unless its first tick is under half an interval away; then the 1 s schedule
    // six or seven times, the 3 s one twice or three times in all.
    expect(await polls(router!.device.id)).toBeGreaterThanOrEqual(6);
    expect(await polls(others[0]!.device.id)).toBeGreaterThanOrEqual(2);
    expect(await polls(others[0]!.device.id)).toBeLessThanOrEqual(3);
    await store.close();
  });

  it('does not hold the other devices back for one that answers after 3 s', async () => {
    const targets = deviceTargets(sim.config);
    const relay = await udpRelay(targets[0]!.device.snmp.port, () => true, 3000);
    // No profiles: only the system group is read, so the slow poll is one 3 s answer, not dozens.
    const slow: DeviceTarget = { ...targets[0]!, device: { ...targets[0]!.device, id: 'slow-rtr', profiles: [], snmp: { ...targets[0]!.device.snmp, port: relay.port, timeoutMs: 5000, retries: 0 } } };
    const store = new EmbeddedStore(':memory:');
    const collector = new Collector([slow, ...targets], loadProfiles(), Secrets.literal({ [DEMO_COMMUNITY_SECRET]: 'cycle-test' }), store, { intervalSeconds: 10, concurrency: 4, log: () => {} });
    const report = await collector.runCycle();
    relay.close();
    expect(report.down).toEqual([]);
    const devices = await store.latest('device');
    const slowAnswered = devices.find((p) => p.tags.device === 'slow-rtr')!.time;
    // Every other device was read while the slow one's first answer was still held back.
    for (const p of devices.filter((d) => d.tags.device !== 'slow-rtr')) expect(p.time, p.tags.device).toBeLessThan(slowAnswered - 1000);
    await store.close();
  });

  it('keeps every slot of every other device while one device answers after 3 s, and counts the slow one\'s overruns', async () => {
    const targets = deviceTargets(sim.config);
    const relay = await udpRelay(targets[0]!.device.snmp.port, () => true, 3000);
    // All its profiles: a poll of many 3 s round trips, much longer than the 5 s interval (5 s, not
    // less: on a loaded CI machine a controller's own poll can take 2 s).
    const slow: DeviceTarget = { ...targets[0]!, device: { ...targets[0]!.device, id: 'slow-rtr', snmp: { ...targets[0]!.device.snmp, port: relay.port, timeoutMs: 5000, retries: 0 } } };
    const store = new EmbeddedStore(':memory:');
    const reports: CycleReport[] = [];
    const collector = new Collector([slow, ...targets], loadProfiles(), Secrets.literal({ [DEMO_COMMUNITY_SECRET]: 'cycle-test' }), store, { intervalSeconds: 5, concurrency: 4, log: () => {} });
    const started = Date.now();
    collector.start((r) => reports.push(r));
    await new Promise((r) => setTimeout(r, 17_000));
    // The slow device goes away, so its poll under way ends at its 5 s timeout and the stop is quick.
    relay.close();
    await collector.stop();
    // Slots are the 5 s ticks after the first (which came at start, off the grid).
    const firstSlot = Math.floor(started / 5000) + 1;
    const lastSlot = Math.floor((started + 17_000) / 5000) - 1;
    for (const t of targets) {
      const points = await store.range({ measurement: 'device', filter: { device: t.device.id }, from: firstSlot * 5000, to: (lastSlot + 1) * 5000 });
      const slots = points.map((p) => Math.floor(p.time / 5000));
      expect(new Set(slots).size, `${t.device.id} in slots ${slots.join(',')}`).toBe(lastSlot - firstSlot + 1);
      expect(slots.length).toBe(new Set(slots).size);
    }
    // The slow one missed slots while its poll ran on: said in the cycle reports and with its next point.
    expect(reports.filter((r) => r.overrun.includes('slow-rtr')).length).toBeGreaterThanOrEqual(2);
    const slowPoints = await store.range({ measurement: 'device', filter: { device: 'slow-rtr' }, from: 0, to: Date.now() + 1 });
    expect(slowPoints.some((p) => (p.fields.overruns ?? 0) >= 2)).toBe(true);
    await store.close();
  });

  it('writes the cycle\'s own point per municipality, each counting only its own devices', async () => {
    const [first, second] = deviceTargets(sim.config);
    // Two devices of one municipality and one of another, none answering (port 9, 100 ms).
    const dead = (t: DeviceTarget, id: string, municipalityId: string): DeviceTarget => ({ ...t, municipalityId, device: { ...t.device, id, snmp: { ...t.device.snmp, port: 9, timeoutMs: 100, retries: 0 } } });
    const targets = [dead(first!, 'a1', 'fjordvik'), dead(second!, 'a2', 'fjordvik'), dead(first!, 'b1', 'nordvik')];
    const store = new EmbeddedStore(':memory:');
    const collector = new Collector(targets, loadProfiles(), Secrets.literal({ [DEMO_COMMUNITY_SECRET]: 'cycle-test' }), store, { intervalSeconds: 10, concurrency: 4, log: () => {} });
    await collector.runCycle();
    const cycles = await store.range({ measurement: 'collector', from: 0, to: Date.now() + 1 });
    const of = (municipality: string) => cycles.find((c) => c.tags.municipality === municipality)!.fields;
    expect(cycles).toHaveLength(2);
    expect(of('fjordvik')).toMatchObject({ devices: 2, down: 2 });
    expect(of('nordvik')).toMatchObject({ devices: 1, down: 1 });
    await store.close();
  });
});
