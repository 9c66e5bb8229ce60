// What the simulated municipality looks like to SNMP: for every configured device, its interfaces
// with their traffic and, for WLAN controllers, the access points and radios with their clients.
// Traffic follows the school day, scaled by enrolment and today's device policy. Pure: the
// instant is an argument, so the same seed and time always give the same answer.
import type { BuildingConfig, Config, DeviceConfig, SchoolConfig } from '../config/schema.ts';
import { municipalityOf } from '../config/inventory.ts';
import { localWeekTime, schoolYearOf } from '../models/local-time.ts';
import { buildingDevices, policyFor } from '../models/population.ts';
import { noise, schoolDayActivity } from './school-day.ts';
import { updateStormMbps } from './traffic-mix.ts';

export interface Rates {
  inBps: number;
  outBps: number;
}

export interface SimInterface {
  index: number;
  name: string;
  descr: string;
  alias: string;
  speedMbps: number;
  up: boolean;
  rates(simMs: number): Rates;
}

export interface SimRadio {
  slot: number;
  clients(simMs: number): number;
  channelUtilisation(simMs: number): number;
}

export interface SimAccessPoint {
  mac: number[];
  name: string;
  location: string;
  radios: SimRadio[];
}

export interface SimDevice {
  config: DeviceConfig;
  sysName: string;
  sysDescr: string;
  sysObjectID: string;
  interfaces: SimInterface[];
  accessPoints: SimAccessPoint[];
}

export interface WorldOptions {
  seed: number;
  /** Busy-hour traffic of one device in a lesson, before noise. */
  mbpsPerDevice: number;
  /** The simulated instant used to size today's population (school year, policy). */
  simNow: number;
}

const SYS_OBJECT_IDS: Record<DeviceConfig['role'], string> = {
  router: '1.3.6.1.4.1.9.1.1041',
  switch: '1.3.6.1.4.1.9.1.516',
  'wlan-controller': '1.3.6.1.4.1.9.1.1069',
  'access-point': '1.3.6.1.4.1.9.1.1034',
};

interface BuildingLoad {
  clients: number;
  downMbps: number;
  upMbps: number;
  intensity: number;
}

/** Load of one building at a simulated instant. */
type LoadFn = (simMs: number) => BuildingLoad;

export function buildWorld(config: Config, options: WorldOptions): SimDevice[] {
  const loads = new Map<string, LoadFn>();
  for (const school of config.schools) {
    const tz = municipalityOf(config, school).timezone;
    const year = schoolYearOf(options.simNow, tz);
    for (const building of school.buildings) {
      const policy = policyFor(config.devicePolicies, undefined, year);
      const devices = buildingDevices(school, building, year, policy).total;
      loads.set(building.id, buildingLoadFn(building, devices, options, tz));
    }
  }
  return config.schools.flatMap((school) => [
    ...school.devices.map((d) => simulateDevice(d, school, undefined, loads, options, municipalityOf(config, school).timezone)),
    ...school.buildings.flatMap((b) => b.devices.map((d) => simulateDevice(d, school, b, loads, options, municipalityOf(config, school).timezone))),
  ]);
}

function buildingLoadFn(building: BuildingConfig, devices: number, options: WorldOptions, tz: string): LoadFn {
  // Buildings differ in how heavily they use the network; the seed decides by how much.
  const habit = 0.8 + 0.4 * noise(options.seed, `habit:${building.id}`, 0);
  const ceilingMbps = building.uplink ? building.uplink.capacityMbps * 0.97 : Infinity;
  return (simMs) => {
    const minute = Math.floor(simMs / 60_000);
    const activity = schoolDayActivity(localWeekTime(simMs, tz));
    const clients = devices * activity.present * (0.95 + 0.1 * noise(options.seed, `clients:${building.id}`, minute));
    const wanted = clients * options.mbpsPerDevice * habit * activity.intensity * (0.85 + 0.3 * noise(options.seed, `traffic:${building.id}`, minute));
    const downMbps = Math.min(wanted, ceilingMbps);
    return { clients, downMbps, upMbps: downMbps * 0.2, intensity: activity.intensity };
  };
}

function simulateDevice(
  device: DeviceConfig,
  school: SchoolConfig,
  building: BuildingConfig | undefined,
  loads: Map<string, LoadFn>,
  options: WorldOptions,
  tz: string,
): SimDevice {
  const interfaces: SimInterface[] = [];
  const add = (name: string, alias: string, speedMbps: number, rates: (simMs: number) => Rates, up = true) =>
    interfaces.push({ index: interfaces.length + 1, name, descr: name, alias, speedMbps, up, rates });

  const schoolLoad = (simMs: number) =>
    school.buildings.reduce(
      (sum, b) => {
        const load = loads.get(b.id)!(simMs);
        return { inBps: sum.inBps + load.downMbps * 1e6, outBps: sum.outBps + load.upMbps * 1e6 };
      },
      { inBps: 0, outBps: 0 },
    );
  if (school.internet?.device === device.id) {
    const cap = school.internet.capacityMbps * 1e6 * 0.97;
    add(school.internet.interface, `Internet line ${school.name}`, 1000, (t) => {
      const r = schoolLoad(t);
      // The line also carries what no building's Wi-Fi accounts for: the demo's update storm.
      return { inBps: Math.min(r.inBps + updateStormMbps(school.id, t, tz) * 1e6, cap), outBps: Math.min(r.outBps, cap) };
    });
  }
  for (const b of school.buildings) {
    if (b.uplink?.device !== device.id) continue;
    const load = loads.get(b.id)!;
    add(b.uplink.interface, `Uplink ${b.name}`, b.uplink.capacityMbps, (t) => {
      const l = load(t);
      return { inBps: l.downMbps * 1e6, outBps: l.upMbps * 1e6 };
    });
  }
  if (device.role === 'switch' && building) {
    const load = loads.get(building.id)!;
    building.accessPoints.forEach((ap, i) => {
      const share = 1 / Math.max(1, building.accessPoints.length);
      add(`Gi1/0/${i + 1}`, `AP ${ap.name}`, 1000, (t) => {
        const l = load(t);
        return { inBps: l.upMbps * share * 1e6, outBps: l.downMbps * share * 1e6 };
      });
    });
  }
  add('Gi0/0', 'management', 1000, () => ({ inBps: 2_000, outBps: 3_000 }));
  add('Gi1/0/47', 'spare', 1000, () => ({ inBps: 0, outBps: 0 }), false);

  const managed = school.buildings.flatMap((b) => b.accessPoints.filter((ap) => ap.controller === device.id).map((ap) => ({ ap, b })));
  const accessPoints = managed.map(({ ap, b }, position) =>
    simulateAccessPoint(ap.name, ap.mac, b, position, b.accessPoints.length, loads.get(b.id)!, options),
  );

  return {
    config: device,
    sysName: device.name ?? device.id,
    sysDescr: `Kapasitet simulated ${device.role} (${device.id})`,
    sysObjectID: SYS_OBJECT_IDS[device.role],
    interfaces,
    accessPoints,
  };
}

function simulateAccessPoint(
  name: string,
  mac: string | undefined,
  building: BuildingConfig,
  /** Position among the controller's APs, for a unique MAC when the config gives none. */
  position: number,
  /** APs in the building, which share its clients. */
  count: number,
  load: LoadFn,
  options: WorldOptions,
): SimAccessPoint {
  const weight = 0.7 + 0.6 * noise(options.seed, `ap:${name}`, 0);
  const macBytes = mac ? mac.split(/[:-]/).map((h) => parseInt(h, 16)) : [0x00, 0x1a, 0x1e, 0x10, position >> 8, position & 0xff];
  // 2.4 GHz carries about a quarter of the clients in a modern school network, 5 GHz the rest.
  const bandShare = [0.25, 0.75];
  const radios = bandShare.map((share, slot) => ({
    slot,
    clients: (t: number) => Math.round(((load(t).clients * weight) / count) * share),
    channelUtilisation: (t: number) => {
      const l = load(t);
      const perRadioClients = ((l.clients * weight) / count) * share;
      return Math.min(98, Math.round(5 + perRadioClients * 1.1 * l.intensity + (slot === 0 ? 15 : 0)));
    },
  }));
  return { mac: macBytes, name, location: building.name, radios };
}
