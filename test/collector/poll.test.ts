// The collector against real SNMP agents over loopback UDP: the project's simulator and Net-SNMP's
// snmpd (v2c and v3 authPriv), checked against what snmpbulkwalk reads from the same agent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTargets, type DeviceTarget } from '../../config/inventory.ts';
import { Secrets } from '../../config/secrets.ts';
import type { DeviceConfig } from '../../config/schema.ts';
import { pollDevice } from '../../collector/poll-device.ts';
import { loadProfiles } from '../../collector/profiles.ts';
import { RateTracker } from '../../collector/rates.ts';
import { samplePoints } from '../../collector/to-points.ts';
import { demoConfig, DEMO_COMMUNITY_SECRET } from '../../simulator/demo.ts';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { bulkwalk } from '../support/bulkwalk.ts';
import { installed, startSnmpd, type RunningServer } from '../support/servers.ts';

const profiles = loadProfiles();

describe('polling the simulated municipality', () => {
  let sim: RunningSimulator;
  let targets: DeviceTarget[];
  let secrets: Secrets;
  beforeAll(async () => {
    sim = await startSimulator(demoConfig(), { community: 'sim-test', simStart: Date.parse('2026-11-24T09:30:00Z') });
    targets = deviceTargets(sim.config);
    secrets = Secrets.literal({ [DEMO_COMMUNITY_SECRET]: 'sim-test' });
  });
  afterAll(async () => sim?.stop());

  it('reads the same interface names and speeds as snmpbulkwalk, and rates from two polls', async () => {
    const target = targets.find((t) => t.device.id === 'nu-gamle-sw')!;
    const first = await pollDevice(target, profiles, secrets);
    expect(first.ok).toBe(true);
    // Counters carry the agent's time of their own reading, taken after the system group's.
    for (const row of first.rows.filter((r) => r.entity === 'interface')) expect(row.uptimeTicks).toBeGreaterThanOrEqual(first.sysUpTimeTicks!);
    const agent = ['-v2c', '-c', 'sim-test', `127.0.0.1:${target.device.snmp.port}`];
    if (installed('snmpbulkwalk')) {
      const names = await bulkwalk([...agent, '1.3.6.1.2.1.31.1.1.1.1']);
      const speeds = await bulkwalk([...agent, '1.3.6.1.2.1.31.1.1.1.15']);
      const polled = first.rows.filter((r) => r.entity === 'interface');
      expect(polled.map((r) => [String(r.index.ifIndex), r.values.name])).toEqual([...names.entries()]);
      expect(polled.map((r) => [String(r.index.ifIndex), String(Number(r.values.speedBps) / 1e6)])).toEqual([...speeds.entries()]);
    }
    const rates = new RateTracker();
    samplePoints(target, first, rates);
    await new Promise((r) => setTimeout(r, 1500));
    const second = samplePoints(target, await pollDevice(target, profiles, secrets), rates);
    const uplink = second.points.find((p) => p.tags.link === 'uplink')!;
    expect(uplink.tags).toMatchObject({ school: 'nordli-ungdomsskole', building: 'nu-gamle', interface: 'Fa0/24' });
    expect(uplink.fields.in_bps).toBeGreaterThan(1e6);
    expect(uplink.fields.in_bps).toBeLessThanOrEqual(100e6);
    expect(uplink.fields.utilisation).toBeCloseTo(uplink.fields.in_bps! / 100e6, 6);
  });

  it('names a configured link whose interface the device does not have, with the interfaces it has', async () => {
    const target = targets.find((t) => t.device.id === 'nu-gamle-sw')!;
    const misnamed = { ...target, links: new Map([['Gi0/24', target.links.get('Fa0/24')!]]) };
    const report = samplePoints(misnamed, await pollDevice(misnamed, profiles, secrets), new RateTracker());
    expect(report.anomalies).toEqual([
      'nu-gamle-sw: the uplink link\'s interface "Gi0/24" is not on this device (it has: Fa0/24, Gi1/0/1, Gi1/0/2, Gi0/0, Gi1/0/47)',
    ]);
  });

  it('matches controller access points to the inventory by name and counts their clients', async () => {
    const target = targets.find((t) => t.device.id === 'nu-wlc')!;
    const report = samplePoints(target, await pollDevice(target, profiles, secrets), new RateTracker());
    const aps = report.points.filter((p) => p.measurement === 'access_point');
    expect(aps.map((p) => p.tags.ap).sort()).toEqual([...target.accessPoints.values()].map((ap) => ap.id).sort());
    expect(report.unmatchedAps).toEqual([]);
    for (const ap of aps) expect(ap.fields.clients).toBeGreaterThan(0);
    expect(aps.find((p) => p.tags.building === 'nu-gamle')!.fields.clients).toBeGreaterThan(25);
  });

  it('ends the walk of a table the agent lacks at once, though net-snmp\'s agent answers it with noSuchObject, not endOfMibView', async () => {
    // Walked naively, the same OID comes back for ever and the poll runs into its deadline.
    const target = targets.find((t) => t.device.id === 'nu-wlc')!;
    const sample = await pollDevice({ ...target, device: { ...target.device, profiles: ['aruba-controller', 'cisco-wlc'] } }, profiles, secrets);
    expect(sample).toMatchObject({ ok: true, refused: [] });
    expect(sample.rows.filter((r) => r.entity === 'access-point').length).toBe(target.accessPoints.size);
  });

  it('records a device that does not answer as down, without waiting on the others', async () => {
    const target = { ...targets[0]!, device: { ...targets[0]!.device, snmp: { ...targets[0]!.device.snmp, port: 9, timeoutMs: 300, retries: 0 } } as DeviceConfig };
    const started = Date.now();
    const [dead, alive] = await Promise.all([pollDevice(target, profiles, secrets), pollDevice(targets[1]!, profiles, secrets)]);
    expect(dead).toMatchObject({ ok: false, error: 'no answer (timed out)' });
    expect(alive.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    const report = samplePoints(target, dead, new RateTracker());
    expect(report.points).toEqual([expect.objectContaining({ measurement: 'device', fields: expect.objectContaining({ up: 0 }) })]);
  });
});

describe.runIf(installed('snmpd'))("Net-SNMP's snmpd", () => {
  let snmpd: RunningServer;
  // Kapasitet's names for net-snmp's protocols, and snmpd's for the same: aes256b is Blumenthal's key
  // extension (snmpd's AES-256), aes256r Reeder's (snmpd's AES-256-C, as Cisco uses).
  const AUTH = { md5: 'MD5', sha: 'SHA', sha224: 'SHA-224', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const;
  const PRIV = { des: 'DES', aes: 'AES', aes256b: 'AES-256', aes256r: 'AES-256-C' } as const;
  const combinations = Object.keys(AUTH).flatMap((auth) => Object.keys(PRIV).map((priv) => ({ auth: auth as keyof typeof AUTH, priv: priv as keyof typeof PRIV })));
  const users = {
    community: 'kap-ro-test',
    v3: { user: 'kapasitet', authKey: 'auth-pass-phrase', privKey: 'priv-pass-phrase' },
    more: combinations.map(({ auth, priv }) => ({ user: `u-${auth}-${priv}`, auth: AUTH[auth], priv: PRIV[priv] })),
  };
  beforeAll(async () => {
    snmpd = await startSnmpd(users);
  });
  afterAll(async () => snmpd?.stop());

  const target = (snmp: DeviceConfig['snmp']): DeviceTarget => ({
    municipalityId: 'm',
    schoolId: 's',
    device: { id: 'host', role: 'router', snmp },
    links: new Map(),
    accessPoints: new Map(),
  });
  const secrets = Secrets.literal({ community: users.community, auth: users.v3.authKey, priv: users.v3.privKey, wrong: 'wrong-pass-phrase' });
  /** Polls snmpd as the v3 user, SHA/AES authPriv, with the auth key named `authSecret`. */
  const pollV3 = (authSecret: string) =>
    pollDevice(
      target({ version: '3', host: '127.0.0.1', port: snmpd.port, timeoutMs: 1000, retries: 0, maxRepetitions: 25, getBulk: true, user: users.v3.user, level: 'authPriv', authProtocol: 'sha', authKey: { secret: authSecret }, privProtocol: 'aes', privKey: { secret: 'priv' } }),
      profiles,
      secrets,
    );

  it('reads the interfaces over v3 authPriv (SHA/AES) as snmpbulkwalk does over v2c', async () => {
    const sample = await pollV3('auth');
    expect(sample.ok).toBe(true);
    const names = await bulkwalk(['-v2c', '-c', users.community, `127.0.0.1:${snmpd.port}`, '1.3.6.1.2.1.31.1.1.1.1']);
    expect(sample.rows.filter((r) => r.entity === 'interface').map((r) => [String(r.index.ifIndex), r.values.name])).toEqual([...names.entries()]);
    expect(sample.sysUpTimeTicks).toBeGreaterThanOrEqual(0);
  });

  it('polls over v3 authPriv with every auth and privacy protocol net-snmp offers', async () => {
    const outcomes = await Promise.all(
      combinations.map(async ({ auth, priv }) => {
        const snmp = { version: '3', host: '127.0.0.1', port: snmpd.port, timeoutMs: 2000, retries: 1, maxRepetitions: 25, getBulk: true, user: `u-${auth}-${priv}`, level: 'authPriv', authProtocol: auth, authKey: { secret: 'auth' }, privProtocol: priv, privKey: { secret: 'priv' } } as const;
        const sample = await pollDevice({ ...target(snmp), device: { id: 'host', role: 'router', snmp, profiles: [] } }, profiles, secrets);
        return `${auth}/${priv}: ${sample.ok ? 'ok' : sample.error}`;
      }),
    );
    expect(outcomes).toEqual(combinations.map(({ auth, priv }) => `${auth}/${priv}: ok`));
  });

  it('fails a wrong v3 key with an error that holds no secret', async () => {
    const sample = await pollV3('wrong');
    expect(sample.ok).toBe(false);
    expect(JSON.stringify(sample)).not.toMatch(/pass-phrase/);
  });
});
