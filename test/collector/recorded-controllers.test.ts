// The Cisco and Aruba profiles against walks of real controllers (test/fixtures/snmprec/recorded,
// see SOURCES.md there), served by snmpsimd: the profile is found by sysObjectID alone, and every AP,
// radio, band, client count and utilisation the recording holds comes out, radio by radio. The
// expected figures are read from the recording itself, by a parser independent of the collector.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceTarget } from '../../config/inventory.ts';
import type { DeviceConfig } from '../../config/schema.ts';
import { Secrets } from '../../config/secrets.ts';
import { pollDevice } from '../../collector/poll-device.ts';
import { loadProfiles, profilesFor } from '../../collector/profiles.ts';
import { RateTracker } from '../../collector/rates.ts';
import { samplePoints } from '../../collector/to-points.ts';
import { installed, startSnmpsim, type RunningServer } from '../support/servers.ts';

const RECORDED = join(import.meta.dirname, '..', 'fixtures', 'snmprec', 'recorded');

/** Column OID → (row index → value) from a recording: `4x` hex strings decoded, numbers as numbers. */
function column(name: string, oid: string): Map<string, string | number> {
  const rows = new Map<string, string | number>();
  for (const line of readFileSync(join(RECORDED, `${name}.snmprec`), 'utf8').split('\n')) {
    const [at, tag, value] = line.split('|');
    if (!at?.startsWith(`${oid}.`) || value === undefined) continue;
    const index = at.slice(oid.length + 1);
    rows.set(index, tag === '4x' ? Buffer.from(value, 'hex').toString('utf8') : tag === '4' ? value : Number(value));
  }
  return rows;
}

/** A MAC-indexed row's AP MAC, as the collector writes it (aa:bb:…). */
const macOf = (index: string) => index.split('.').slice(0, 6).map((n) => Number(n).toString(16).padStart(2, '0')).join(':');

describe.runIf(installed('snmpsimd'))('profiles on recorded controllers', () => {
  let agent: RunningServer;
  beforeAll(async () => {
    agent = await startSnmpsim(['recorded/cisco-5508', 'recorded/aruba-7210', 'recorded/ruckus-scg']);
  });
  afterAll(async () => agent?.stop());

  const profiles = loadProfiles();
  const secrets = Secrets.literal({ cisco: 'recorded/cisco-5508', aruba: 'recorded/aruba-7210', ruckus: 'recorded/ruckus-scg' });
  /** The controller with every AP of the recording in the inventory, by name. */
  const target = (secret: string, names: string[]): DeviceTarget => ({
    municipalityId: 'm',
    schoolId: 's',
    buildingId: 'b1',
    device: { id: 'wlc', role: 'wlan-controller', snmp: { version: '2c', host: '127.0.0.1', port: agent.port, community: { secret }, timeoutMs: 3000, retries: 1, maxRepetitions: 25, getBulk: true } as DeviceConfig['snmp'] },
    links: new Map(),
    accessPoints: new Map(names.map((name, i) => [name, { id: `ap${i}`, name, generation: 'wifi5', controller: 'wlc', buildingId: 'b1' }])),
  });

  /** Polls the recording and compares each radio with the recording's own cells. */
  async function check(secret: string, recording: string, oids: { apName: string; clients: string; utilisation: string; type: string }, band: (type: number) => string) {
    const names = column(recording, oids.apName);
    const t = target(secret, [...new Set(names.values())].map(String));
    const sample = await pollDevice(t, profiles, secrets);
    expect(sample.error).toBeUndefined();
    expect(sample.refused).toEqual([]);
    const report = samplePoints(t, sample, new RateTracker());
    const radios = report.points.filter((p) => p.measurement === 'radio');
    const clients = column(recording, oids.clients);
    const utilisation = column(recording, oids.utilisation);
    const types = column(recording, oids.type);
    expect(radios).toHaveLength(clients.size);
    const byMacAndRadio = new Map(radios.map((p) => [`${p.tags.ap}|${p.tags.radio}`, p]));
    const apIdByMac = new Map([...names].map(([index, name]) => [macOf(index), t.accessPoints.get(String(name))!.id]));
    for (const [index, count] of clients) {
      const radio = index.split('.')[6]!;
      const point = byMacAndRadio.get(`${apIdByMac.get(macOf(index))}|${radio}`);
      expect(point, index).toBeDefined();
      expect(point!.fields.clients, index).toBe(count);
      expect(point!.tags.band, index).toBe(band(Number(types.get(index))));
      if (utilisation.has(index)) expect(point!.fields.channel_utilisation, index).toBeCloseTo(Number(utilisation.get(index)) / 100, 10);
    }
    return { sample, report, t };
  }

  it('Cisco AIR-CT5508 (AireOS), 226 APs: found by sysObjectID, every radio with its band, clients and utilisation', async () => {
    const { sample, report, t } = await check(
      'cisco',
      'cisco-5508',
      { apName: '1.3.6.1.4.1.14179.2.2.1.1.3', clients: '1.3.6.1.4.1.14179.2.2.2.1.15', utilisation: '1.3.6.1.4.1.14179.2.2.13.1.3', type: '1.3.6.1.4.1.14179.2.2.2.1.2' },
      (type) => ({ 1: '2.4GHz', 2: '5GHz', 6: '6GHz' })[type] ?? `?${type}`,
    );
    expect(sample.sysObjectID).toBe('1.3.6.1.4.1.9.1.1069');
    expect(profilesFor(t.device, profiles, sample.sysObjectID).map((p) => p.name)).toContain('cisco-wlc');
    const aps = report.points.filter((p) => p.measurement === 'access_point');
    expect(aps).toHaveLength(226);
    const bands = report.points.filter((p) => p.measurement === 'radio').map((p) => p.tags.band);
    expect(bands.filter((b) => b === '2.4GHz')).toHaveLength(226);
    expect(bands.filter((b) => b === '5GHz')).toHaveLength(226);
    expect(report.unmatchedAps).toEqual([]);
  });

  it('the 9800 profile on the same AIR-CT5508 (AireOS serves CISCO-LWAPP-AP-MIB too): the same APs, bands and clients', async () => {
    const names = column('cisco-5508', '1.3.6.1.4.1.9.9.513.1.1.1.1.5');
    const t = target('cisco', [...new Set(names.values())].map(String));
    const lwapp = await pollDevice({ ...t, device: { ...t.device, profiles: ['cisco-9800'] } }, profiles, secrets);
    const aireos = await pollDevice({ ...t, device: { ...t.device, profiles: ['cisco-wlc'] } }, profiles, secrets);
    expect(lwapp.refused).toEqual([]);
    const radios = (sample: typeof lwapp) => samplePoints(t, sample, new RateTracker()).points.filter((p) => p.measurement === 'radio').map((p) => `${p.tags.ap}/${p.tags.radio} ${p.tags.band} ${p.fields.clients}`).sort();
    expect(radios(lwapp)).toHaveLength(452);
    expect(radios(lwapp)).toEqual(radios(aireos));
    expect(lwapp.rows.filter((r) => r.entity === 'access-point')).toHaveLength(226);
  });

  it('Aruba 7210 (ArubaOS 6.5), 13 APs: found by sysObjectID, every radio with its band, clients and utilisation', async () => {
    const { sample, report } = await check(
      'aruba',
      'aruba-7210',
      { apName: '1.3.6.1.4.1.14823.2.2.1.5.2.1.4.1.3', clients: '1.3.6.1.4.1.14823.2.2.1.5.2.1.5.1.7', utilisation: '1.3.6.1.4.1.14823.2.2.1.5.2.1.5.1.6', type: '1.3.6.1.4.1.14823.2.2.1.5.2.1.5.1.2' },
      (type) => ({ 1: '5GHz', 2: '2.4GHz', 3: '2.4GHz', 6: '6GHz' })[type] ?? `?${type}`,
    );
    expect(sample.sysObjectID).toBe('1.3.6.1.4.1.14823.1.1.32');
    expect(report.points.filter((p) => p.measurement === 'access_point')).toHaveLength(13);
    expect(report.unmatchedAps).toEqual([]);
  });

  it('Ruckus SmartCell Gateway, 250 of its 7,682 APs: found by sysObjectID, each AP with its own client count', async () => {
    const names = column('ruckus-scg', '1.3.6.1.4.1.25053.1.3.2.1.1.2.2.1.5');
    const stations = column('ruckus-scg', '1.3.6.1.4.1.25053.1.3.2.1.1.2.2.1.15');
    // One AP name occurs twice on this controller; the inventory holds each name once.
    const t = target('ruckus', [...new Set(names.values())].map(String));
    const sample = await pollDevice(t, profiles, secrets);
    expect(sample.error).toBeUndefined();
    expect(sample.refused).toEqual([]);
    expect(sample.sysObjectID).toBe('1.3.6.1.4.1.25053.3.1.10');
    const aps = sample.rows.filter((r) => r.entity === 'access-point');
    expect(aps).toHaveLength(250);
    // The agent sends the MAC index with its length first: 6.12.244.… is 0c:f4:….
    const byMac = (cells: Map<string, string | number>) => new Map([...cells].map(([index, v]) => [macOf(index.split('.').slice(1).join('.')), v]));
    const [nameOf, stationsOf] = [byMac(names), byMac(stations)];
    for (const row of aps) {
      expect(row.values.name, row.key).toBe(nameOf.get(row.key));
      expect(row.values.clients, row.key).toBe(stationsOf.get(row.key));
      expect(row.values.status, row.key).toBe('up');
    }
    // Clients per AP reach the points; the MIB has no radios, so there are none.
    const report = samplePoints(t, sample, new RateTracker());
    const points = report.points.filter((p) => p.measurement === 'access_point');
    expect(points.length).toBeGreaterThanOrEqual(249);
    const nameOfAp = new Map([...t.accessPoints.values()].map((a) => [a.id, a.name]));
    const rowsNamed = (name: string) => aps.filter((row) => row.values.name === name);
    for (const p of points) {
      const rows = rowsNamed(nameOfAp.get(p.tags.ap!)!);
      // The name that occurs twice is one inventory AP for two rows; every other point is its row's count.
      if (rows.length === 1) expect(p.fields.clients, p.tags.ap).toBe(rows[0]!.values.clients);
    }
    expect(report.points.filter((p) => p.measurement === 'radio')).toEqual([]);
  });
});
