// Wi-Fi rows to points: access points, their radios and the SSIDs (VAPs) on them, matched to the
// inventory's access points by name or MAC. Works the same for a controller reporting hundreds of
// APs and for one AP polled directly (UniFi, MikroTik), whose radios name no parent.
import type { AccessPointConfig } from '../config/schema.ts';
import type { DeviceTarget } from '../config/inventory.ts';
import type { Point } from '../store/point.ts';
import type { DeviceSample } from './poll-device.ts';
import type { Row } from './read-table.ts';

/** The key under which a directly polled AP's radios are grouped. */
const SELF = '';

export interface ReportedAp {
  key: string;
  name: string;
  mac?: string;
  up: boolean;
  radios: ReportedRadio[];
  clients: number;
  /** Busiest radio, 0–1. */
  channelUtilisation?: number;
}

export interface ReportedRadio {
  id: string;
  band?: string;
  clients?: number;
  channelUtilisation?: number;
}

/** What the device reports about access points, before any matching to the inventory. */
export function reportedAps(sample: DeviceSample, deviceId: string): ReportedAp[] {
  const wifi = sample.rows.filter((r) => r.entity === 'radio' || r.entity === 'vap');
  const aps: (Omit<ReportedAp, 'radios' | 'clients'> & { ownClients?: number })[] = sample.rows
    .filter((r) => r.entity === 'access-point')
    .map((row) => ({ key: row.key, name: String(row.values.name || row.key), mac: macOf(row), up: row.values.status === undefined || row.values.status === 'up', ownClients: typeof row.values.clients === 'number' ? row.values.clients : undefined }));
  if (wifi.some((r) => !r.parent)) aps.push({ key: SELF, name: sample.sysName || deviceId, up: true });
  return aps.map(({ ownClients, ...ap }) => {
    const mine = wifi.filter((r) => (r.parent?.key ?? SELF) === ap.key);
    const radios = radiosOf(mine);
    // Radios and SSIDs where the device counts clients there; else the AP's own count.
    const counted = mine.some((r) => r.values.clients !== undefined);
    const clients = counted ? mine.reduce((n, r) => n + number(r.values.clients, 0), 0) : (ownClients ?? 0);
    const busy = radios.map((r) => r.channelUtilisation).filter((u) => u !== undefined);
    return { ...ap, radios, clients, channelUtilisation: busy.length > 0 ? Math.max(...busy) : undefined };
  });
}

/** Radios with their clients: their own count, or the sum of the SSIDs on the same band. */
function radiosOf(rows: Row[]): ReportedRadio[] {
  const vaps = rows.filter((r) => r.entity === 'vap');
  return rows
    .filter((r) => r.entity === 'radio')
    .map((radio) => {
      const band = radio.values.band === undefined ? undefined : String(radio.values.band);
      const onBand = vaps.filter((v) => band !== undefined && String(v.values.band) === band);
      const clients = radio.values.clients !== undefined ? number(radio.values.clients, 0) : onBand.length > 0 ? onBand.reduce((n, v) => n + number(v.values.clients, 0), 0) : undefined;
      const utilisation = radio.values.channelUtilisation;
      const id = Object.entries(radio.index)
        .filter(([part]) => part !== radio.parent?.part)
        .map(([, v]) => v)
        .join('/');
      return { id, band, clients, channelUtilisation: typeof utilisation === 'number' ? utilisation / 100 : undefined };
    });
}

/**
 * Points for the APs in the inventory, and the names of those that are not: a controller serves
 * APs of other schools or new ones nobody has entered yet, which the user should hear about.
 */
export function wifiPoints(target: DeviceTarget, sample: DeviceSample, unmatched: string[]): Point[] {
  const points: Point[] = [];
  for (const ap of reportedAps(sample, target.device.id)) {
    const inventory = findInInventory(target, ap);
    if (!inventory) {
      unmatched.push(ap.mac ? `${ap.name} (${ap.mac})` : ap.name);
      continue;
    }
    const tags = { municipality: target.municipalityId, school: target.schoolId, building: inventory.buildingId, ap: inventory.id, controller: target.device.id };
    const fields: Record<string, number> = { clients: ap.clients, up: ap.up ? 1 : 0 };
    if (ap.channelUtilisation !== undefined) fields.channel_utilisation = ap.channelUtilisation;
    points.push({ measurement: 'access_point', tags, fields, time: sample.time });
    for (const radio of ap.radios) {
      const radioFields: Record<string, number> = {};
      if (radio.clients !== undefined) radioFields.clients = radio.clients;
      if (radio.channelUtilisation !== undefined) radioFields.channel_utilisation = radio.channelUtilisation;
      if (Object.keys(radioFields).length === 0) continue;
      const radioTags = { ...tags, radio: radio.id, ...(radio.band ? { band: radio.band } : {}) };
      points.push({ measurement: 'radio', tags: radioTags, fields: radioFields, time: sample.time });
    }
  }
  return points;
}

type InventoryAp = AccessPointConfig & { buildingId: string };

function findInInventory(target: DeviceTarget, ap: ReportedAp): InventoryAp | undefined {
  const byName = target.accessPoints.get(ap.name);
  if (byName) return byName;
  const all = [...target.accessPoints.values()];
  if (ap.mac) return all.find((a) => a.mac !== undefined && a.mac.toLowerCase().replaceAll('-', ':') === ap.mac);
  // An AP polled directly is the one AP the config says this device reports, whatever its sysName.
  return ap.key === SELF && all.length === 1 ? all[0] : undefined;
}

/** A MAC index part, decoded as aa:bb:…; integer parts are numbers. */
function macOf(row: Row): string | undefined {
  return Object.values(row.index).find((v): v is string => typeof v === 'string');
}

const number = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);
