// Names and descriptions are read once and reused (collector.staticRefreshMinutes); the agent is asked
// again for them when they are old, when a row appears and when the agent restarted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTargets, type DeviceTarget } from '../../config/inventory.ts';
import { Secrets } from '../../config/secrets.ts';
import { pollDevice, type DeviceSample } from '../../collector/poll-device.ts';
import { loadProfiles } from '../../collector/profiles.ts';
import { readTable } from '../../collector/read-table.ts';
import { openSession } from '../../collector/snmp-session.ts';
import { StaticValues } from '../../collector/static-values.ts';
import { demoConfig, DEMO_COMMUNITY_SECRET } from '../../simulator/demo.ts';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { asksFor, udpRelay, type Relay } from '../support/relay.ts';

const IF_ALIAS = '1.3.6.1.2.1.31.1.1.1.18';
const IF_NAME = '1.3.6.1.2.1.31.1.1.1.1';
const IF_HC_IN = '1.3.6.1.2.1.31.1.1.1.6';
const MINUTE = 60_000;

describe('static values', () => {
  let sim: RunningSimulator;
  let relay: Relay;
  let target: DeviceTarget;
  const secrets = Secrets.literal({ [DEMO_COMMUNITY_SECRET]: 'static-test' });
  const profiles = loadProfiles();
  const names = (s: DeviceSample) => s.rows.filter((r) => r.entity === 'interface').map((r) => [r.key, r.values.name, r.values.alias, r.values.speedBps]);
  /** Polls through the relay and says which columns the agent was asked for. */
  const poll = async (statics: StaticValues, now = Date.now) => {
    relay.requests.length = 0;
    const sample = await pollDevice(target, profiles, secrets, now, statics);
    expect(sample.ok).toBe(true);
    return { sample, alias: relay.requests.some((r) => asksFor(r, IF_ALIAS)), counters: relay.requests.some((r) => asksFor(r, IF_HC_IN)), requests: relay.requests.length };
  };

  beforeAll(async () => {
    sim = await startSimulator(demoConfig(), { community: 'static-test' });
    const direct = deviceTargets(sim.config).find((t) => t.device.id === 'fb-a-sw')!;
    relay = await udpRelay(direct.device.snmp.port);
    target = { ...direct, device: { ...direct.device, snmp: { ...direct.device.snmp, port: relay.port } } };
  });
  afterAll(async () => {
    relay?.close();
    await sim?.stop();
  });

  it('reads names at the first poll and reuses them while fresh, with the same rows as a full read', async () => {
    const statics = new StaticValues(15 * MINUTE);
    const first = await poll(statics);
    const second = await poll(statics);
    expect(first.alias).toBe(true);
    expect(second.alias).toBe(false);
    expect(second.counters).toBe(true);
    expect(second.requests).toBeLessThan(first.requests);
    // Name, description and alias of 11 interfaces fewer; the uplink's name is asked again, since
    // the agent has no ifTableLastChange to say its interfaces were renumbered.
    expect(first.sample.varbinds - second.sample.varbinds).toBe(3 * 11 - 1);
    expect(names(second.sample)).toEqual(names(first.sample));
    expect(names(second.sample)).toHaveLength(11);
    // Read again once they are older than the refresh time.
    expect((await poll(statics, () => Date.now() + 16 * MINUTE)).alias).toBe(true);
  });

  it('reads them every poll with a refresh time of 0', async () => {
    const statics = new StaticValues(0);
    await poll(statics);
    expect((await poll(statics)).alias).toBe(true);
  });

  it('reads them when a row appears that was not there at the last read', async () => {
    const full = await readTable(openSession(target.device.snmp, secrets), profiles.get('if-mib')!.tables[0]!, { bulk: true, maxRepetitions: 25 });
    const known = new Map([...full.statics!].slice(1));
    relay.requests.length = 0;
    const session = openSession(target.device.snmp, secrets);
    const again = await readTable(session, profiles.get('if-mib')!.tables[0]!, { bulk: true, maxRepetitions: 25 }, undefined, known);
    session.close();
    expect(relay.requests.some((r) => asksFor(r, IF_NAME))).toBe(true);
    expect(again.rows.map((r) => r.values.name)).toEqual(full.rows.map((r) => r.values.name));
    expect(again.statics?.size).toBe(full.rows.length);
  });

  it('reads them after the agent restarted, since a restart may renumber the rows', async () => {
    const statics = new StaticValues(15 * MINUTE);
    // Long enough for the agent's clock to have moved (it moves in steps of 200 ms).
    await new Promise((r) => setTimeout(r, 500));
    expect((await poll(statics)).sample.sysUpTimeTicks).toBeGreaterThan(0);
    await sim.stop();
    sim = await startSimulator(sim.config, { community: 'static-test', keepPorts: true });
    // The restarted agent's sysUpTime starts again near 0: lower than at the last read.
    expect((await poll(statics)).alias).toBe(true);
  });
});
