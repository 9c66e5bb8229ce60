// The Aruba, UniFi and MikroTik profiles read against snmpsimd serving generated fixtures
// (test/fixtures/snmprec): which profile a device gets, how its rows become access points and radios,
// and how they are matched to the inventory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceTarget } from '../../config/inventory.ts';
import type { AccessPointConfig, DeviceConfig } from '../../config/schema.ts';
import { Secrets } from '../../config/secrets.ts';
import { pollDevice, type DeviceSample } from '../../collector/poll-device.ts';
import { ProbedProfiles } from '../../collector/probed-profiles.ts';
import { loadProfiles, profilesFor } from '../../collector/profiles.ts';
import { RateTracker } from '../../collector/rates.ts';
import { samplePoints } from '../../collector/to-points.ts';
import type { Point } from '../../store/point.ts';
import { FIXTURE_DIR, fixtures } from '../fixtures/snmprec/generate.ts';
import { installed, startSnmpsim, type RunningServer } from '../support/servers.ts';

it('the snmprec fixtures are what generate.ts makes (run `npm run fixtures` after changing it)', () => {
  for (const [name, make] of Object.entries(fixtures)) {
    expect(readFileSync(join(FIXTURE_DIR, `${name}.snmprec`), 'utf8'), name).toBe(make());
  }
});

describe.runIf(installed('snmpsimd'))('vendor Wi-Fi profiles on generated fixtures', () => {
  let agent: RunningServer;
  beforeAll(async () => {
    agent = await startSnmpsim(Object.keys(fixtures));
  });
  afterAll(async () => agent?.stop());

  const profiles = loadProfiles();
  const ap = (id: string, name: string, mac?: string): AccessPointConfig & { buildingId: string } => ({ id, name, mac, generation: 'wifi6', controller: 'dev', buildingId: 'b1' });
  const target = (community: string, role: DeviceConfig['role'], aps: ReturnType<typeof ap>[], names?: string[]): DeviceTarget => ({
    municipalityId: 'm',
    schoolId: 's',
    buildingId: 'b1',
    device: {
      id: 'dev',
      role,
      profiles: names,
      snmp: { version: '2c', host: '127.0.0.1', port: agent.port, community: { secret: community }, timeoutMs: 2000, retries: 1, maxRepetitions: 25, getBulk: true } as DeviceConfig['snmp'],
    },
    links: new Map(),
    accessPoints: new Map(aps.map((a) => [a.name, a])),
  });
  const secrets = Secrets.literal(Object.fromEntries(Object.keys(fixtures).map((n) => [n, n])));
  const poll = async (t: DeviceTarget) => {
    const sample = await pollDevice(t, profiles, secrets);
    expect(sample.error).toBeUndefined();
    expect(sample.refused).toEqual([]);
    return { sample, report: samplePoints(t, sample, new RateTracker()) };
  };
  const of = (points: Point[], measurement: string) => points.filter((p) => p.measurement === measurement);

  it('Aruba: picked by sysObjectID; APs matched by name, then by MAC; the unknown AP is reported', async () => {
    const t = target('aruba-7010', 'wlan-controller', [ap('ap-101', 'NB-AP-101'), ap('ap-102', 'NB-AP-102', '20:4C:03:11:22:02')]);
    const { sample, report } = await poll(t);
    expect(profilesFor(t.device, profiles, sample.sysObjectID).map((p) => p.name)).toEqual(['aruba-controller', 'cisco-wlc', 'host-resources', 'if-mib']);
    expect(report.unmatchedAps).toEqual(['AP-not-in-config (20:4c:03:11:22:03)']);
    expect(of(report.points, 'access_point').map((p) => [p.tags.ap, p.fields])).toEqual([
      ['ap-101', { clients: 37, up: 1, channel_utilisation: 0.61 }],
      ['ap-102', { clients: 12, up: 1, channel_utilisation: 0.35 }],
    ]);
    expect(of(report.points, 'radio').map((p) => [p.tags.ap, p.tags.radio, p.fields.clients, p.fields.channel_utilisation])).toEqual([
      ['ap-101', '0', 31, 0.44],
      ['ap-101', '1', 6, 0.61],
      ['ap-102', '0', 12, 0.2],
      ['ap-102', '1', 0, 0.35],
    ]);
    expect(of(report.points, 'device')[0]!.fields.unmatched_aps).toBe(1);
  });

  it('UniFi: named in the config (its sysObjectID is plain Linux); SSID clients summed per radio band', async () => {
    const t = target('unifi-u6-lite', 'access-point', [ap('rom-12', 'Rom 12')], ['if-mib', 'unifi']);
    const { sample, report } = await poll(t);
    expect(profilesFor({ ...t.device, profiles: undefined }, profiles, sample.sysObjectID).map((p) => p.name)).toEqual(['if-mib']);
    expect(report.unmatchedAps).toEqual([]);
    expect(of(report.points, 'access_point').map((p) => [p.tags.ap, p.fields])).toEqual([['rom-12', { clients: 30, up: 1, channel_utilisation: 0.57 }]]);
    expect(of(report.points, 'radio').map((p) => [p.tags.band, p.fields])).toEqual([
      ['2.4GHz', { clients: 9, channel_utilisation: 0.34 }],
      ['5GHz', { clients: 21, channel_utilisation: 0.57 }],
    ]);
  });

  it('UniFi with no profile in the config: found by its probe at the first poll, remembered after', async () => {
    const t = target('unifi-u6-lite', 'access-point', [ap('rom-12', 'Rom 12')]);
    const probed = new ProbedProfiles();
    const first = await pollDevice(t, profiles, secrets, Date.now, undefined, probed);
    expect(first.probed).toEqual(['unifi']);
    const radios = (sample: DeviceSample) => of(samplePoints(t, sample, new RateTracker()).points, 'radio').map((p) => [p.tags.band, p.fields]);
    expect(radios(first)).toEqual([
      ['2.4GHz', { clients: 9, channel_utilisation: 0.34 }],
      ['5GHz', { clients: 21, channel_utilisation: 0.57 }],
    ]);
    // The next poll reads the same without probing again.
    const second = await pollDevice(t, profiles, secrets, Date.now, undefined, probed);
    expect(second.probed).toBeUndefined();
    expect(second.varbinds).toBeLessThan(first.varbinds);
    expect(radios(second)).toEqual(radios(first));
    // Real UniFi firmware answers with Ubiquiti's own sysObjectID, which selects the profile outright.
    expect(profilesFor({ ...t.device, profiles: undefined }, profiles, '1.3.6.1.4.1.10002.1').map((p) => p.name)).toContain('unifi');
  });

  it('Ruckus SmartZone: picked by sysObjectID, or found by its probe; clients per AP, a disconnected AP down', async () => {
    const aps = [ap('sk1', 'SK-AP-01'), ap('sk2', 'SK-AP-02'), ap('sk3', 'SK-AP-03')];
    const t = target('ruckus-smartzone', 'wlan-controller', aps);
    const { sample, report } = await poll(t);
    expect(profilesFor(t.device, profiles, sample.sysObjectID).map((p) => p.name)).toContain('ruckus-smartzone');
    expect(of(report.points, 'access_point').map((p) => [p.tags.ap, p.fields])).toEqual([
      ['sk1', { clients: 27, up: 1 }],
      ['sk2', { clients: 4, up: 1 }],
      ['sk3', { clients: 0, up: 0 }],
    ]);
    // A model newer than the profile answers with an OID it does not list: the probe finds it all the same.
    const smartzone = profiles.get('ruckus-smartzone')!;
    const withoutModels = new Map(profiles).set('ruckus-smartzone', { ...smartzone, match: { ...smartzone.match, sysObjectIdPrefixes: [] } });
    const unknownModel = await pollDevice({ ...t, device: { ...t.device, role: 'router' } }, withoutModels, secrets, Date.now, undefined, new ProbedProfiles());
    expect(unknownModel.probed).toEqual(['ruckus-smartzone']);
    expect(samplePoints(t, unknownModel, new RateTracker()).points.filter((p) => p.measurement === 'access_point')).toHaveLength(3);
  });

  it('Cisco Catalyst 9800: picked by sysObjectID over the AireOS profile; clients per AP, band and utilisation per radio', async () => {
    const t = target('cisco-9800', 'wlan-controller', [ap('lu201', 'LU-AP-201'), ap('lu202', 'LU-AP-202')]);
    const { sample, report } = await poll(t);
    // The role alone would pick the AireOS profile too; the 9800's own OID replaces it, so no AP is read twice.
    expect(profilesFor(t.device, profiles, sample.sysObjectID).map((p) => p.name)).toEqual(['aruba-controller', 'cisco-9800', 'host-resources', 'if-mib']);
    expect(of(report.points, 'access_point').map((p) => [p.tags.ap, p.fields])).toEqual([
      ['lu201', { clients: 34, up: 1, channel_utilisation: 0.38 }],
      ['lu202', { clients: 0, up: 1, channel_utilisation: 0.05 }],
    ]);
    expect(of(report.points, 'radio').map((p) => [p.tags.ap, p.tags.radio, p.tags.band, p.fields])).toEqual([
      ['lu201', '0', '2.4GHz', { channel_utilisation: 0.38 }],
      ['lu201', '1', '5GHz', { channel_utilisation: 0.22 }],
      ['lu201', '2', '6GHz', { channel_utilisation: 0.03 }],
      ['lu202', '0', '2.4GHz', { channel_utilisation: 0.05 }],
      ['lu202', '1', '5/6GHz', { channel_utilisation: 0.01 }],
    ]);
    // An ad hoc poll (role switch, nothing named) finds it by the OID alone.
    expect(profilesFor({ ...t.device, role: 'switch', profiles: undefined }, profiles, sample.sysObjectID).map((p) => p.name)).toContain('cisco-9800');
  });

  it('Ruckus ZoneDirector: picked by sysObjectID; band and clients per radio, a disconnected AP down', async () => {
    const t = target('ruckus-zonedirector', 'wlan-controller', [ap('vg1', 'VG-AP-01'), ap('vg2', 'VG-AP-02')]);
    const { sample, report } = await poll(t);
    expect(profilesFor(t.device, profiles, sample.sysObjectID).map((p) => p.name)).toContain('ruckus-zonedirector');
    expect(of(report.points, 'access_point').map((p) => [p.tags.ap, p.fields])).toEqual([
      ['vg1', { clients: 31, up: 1 }],
      ['vg2', { clients: 0, up: 0 }],
    ]);
    expect(of(report.points, 'radio').filter((p) => p.tags.ap === 'vg1').map((p) => [p.tags.band, p.fields])).toEqual([
      ['2.4GHz', { clients: 9 }],
      ['5GHz', { clients: 22 }],
    ]);
  });

  it('Meraki cloud SNMP: picked by Meraki\'s enterprise OID; access points only, with their clients, an offline one down', async () => {
    const t = target('meraki-cloud', 'wlan-controller', [ap('bs101', 'BS-AP-1.01'), ap('bs102', 'BS-AP-1.02')]);
    const { sample, report } = await poll(t);
    expect(profilesFor({ ...t.device, role: 'switch' }, profiles, sample.sysObjectID).map((p) => p.name)).toContain('meraki-cloud');
    // The switch in the organisation's device table is not an access point: not read, not reported.
    expect(sample.rows.filter((r) => r.entity === 'access-point').map((r) => r.values.name)).toEqual(['BS-AP-1.01', 'BS-AP-1.02']);
    expect(report.unmatchedAps).toEqual([]);
    expect(of(report.points, 'access_point').map((p) => [p.tags.ap, p.fields])).toEqual([
      ['bs101', { clients: 22, up: 1 }],
      ['bs102', { clients: 0, up: 0 }],
    ]);
  });

  it('Aruba Instant: found by its probe at the virtual controller; clients and utilisation per radio', async () => {
    const t = target('aruba-instant', 'wlan-controller', [ap('ho1', 'HO-AP-1'), ap('ho2', 'HO-AP-2')]);
    const sample = await pollDevice(t, profiles, secrets, Date.now, undefined, new ProbedProfiles());
    expect(sample.probed).toEqual(['aruba-instant']);
    const report = samplePoints(t, sample, new RateTracker());
    expect(of(report.points, 'access_point').map((p) => [p.tags.ap, p.fields])).toEqual([
      ['ho1', { clients: 20, up: 1, channel_utilisation: 0.41 }],
      ['ho2', { clients: 0, up: 0, channel_utilisation: 0 }],
    ]);
    expect(of(report.points, 'radio').filter((p) => p.tags.ap === 'ho1').map((p) => [p.tags.radio, p.fields])).toEqual([
      ['0', { clients: 17, channel_utilisation: 0.41 }],
      ['1', { clients: 3, channel_utilisation: 0.12 }],
    ]);
  });

  it('MikroTik: picked by sysObjectID; clients per wireless interface, band from the frequency, a virtual AP counted but no radio', async () => {
    const t = target('mikrotik-hap-ac2', 'router', [ap('hap', 'hap-barnehage')]);
    const { sample, report } = await poll(t);
    // 11 + 14 on the two radios, and 5 on the guest SSID (a virtual AP, frequency 0).
    expect(of(report.points, 'access_point').map((p) => [p.tags.ap, p.fields])).toEqual([['hap', { clients: 30, up: 1 }]]);
    expect(sample.rows.filter((r) => r.entity === 'vap').map((r) => [r.key, r.values])).toEqual([['8', { clients: 5 }]]);
    expect(of(report.points, 'radio').map((p) => [p.tags.radio, p.tags.band, p.fields])).toEqual([
      ['6', '2.4GHz', { clients: 11 }],
      ['7', '5GHz', { clients: 14 }],
    ]);
    expect(of(report.points, 'device')[0]!.fields.cpu_load).toBeCloseTo(0.07, 10);
  });

  it('an AP polled directly that is not in the inventory is reported by its sysName', async () => {
    const t = target('mikrotik-hap-ac2', 'router', []);
    const { report } = await poll(t);
    expect(report.unmatchedAps).toEqual(['hap-barnehage']);
    expect(of(report.points, 'radio')).toEqual([]);
  });
});
