// The live overview: per school and building, the newest uplink and internet load, Wi-Fi clients and
// device status, joined from the store's latest points and the inventory.
import type { Config } from '../config/schema.ts';
import type { Point } from '../store/point.ts';
import type { Store } from '../store/store.ts';

export interface LinkNow {
  capacityMbps: number;
  inMbps?: number;
  outMbps?: number;
  utilisation?: number;
  time?: number;
}

export interface BuildingNow {
  id: string;
  name: string;
  uplink?: LinkNow;
  clients: number;
  accessPoints: { id: string; name: string; clients?: number; channelUtilisation?: number }[];
  devicesDown: string[];
}

export interface SchoolNow {
  id: string;
  name: string;
  internet?: LinkNow;
  buildings: BuildingNow[];
}

export async function overview(config: Config, store: Store): Promise<{ municipality: Config['municipality']; headroom: number; schools: SchoolNow[] }> {
  const filter = { municipality: config.municipality.id };
  const [interfaces, aps, devices] = await Promise.all([
    store.latest('interface', filter),
    store.latest('access_point', filter),
    store.latest('device', filter),
  ]);
  const linkNow = (points: Point[], capacityMbps: number): LinkNow => {
    const p = points.find((x) => x.fields.in_bps !== undefined) ?? points[0];
    if (!p) return { capacityMbps };
    return {
      capacityMbps,
      inMbps: p.fields.in_bps !== undefined ? p.fields.in_bps / 1e6 : undefined,
      outMbps: p.fields.out_bps !== undefined ? p.fields.out_bps / 1e6 : undefined,
      utilisation: p.fields.utilisation,
      time: p.time,
    };
  };
  const down = new Set(devices.filter((d) => d.fields.up === 0).map((d) => d.tags.device));
  return {
    municipality: config.municipality,
    // The page marks a link short past the same share the planner plans against.
    headroom: config.planning.headroom,
    schools: config.schools.map((school) => ({
      id: school.id,
      name: school.name,
      internet: school.internet
        ? linkNow(interfaces.filter((p) => p.tags.school === school.id && p.tags.link === 'internet'), school.internet.capacityMbps)
        : undefined,
      buildings: school.buildings.map((b) => {
        const apPoints = new Map(aps.filter((p) => p.tags.building === b.id).map((p) => [p.tags.ap, p]));
        const accessPoints = b.accessPoints.map((ap) => ({
          id: ap.id,
          name: ap.name,
          clients: apPoints.get(ap.id)?.fields.clients,
          channelUtilisation: apPoints.get(ap.id)?.fields.channel_utilisation,
        }));
        return {
          id: b.id,
          name: b.name,
          uplink: b.uplink ? linkNow(interfaces.filter((p) => p.tags.building === b.id && p.tags.link === 'uplink'), b.uplink.capacityMbps) : undefined,
          clients: accessPoints.reduce((n, ap) => n + (ap.clients ?? 0), 0),
          accessPoints,
          devicesDown: [...school.devices, ...b.devices].map((d) => d.id).filter((id) => down.has(id)),
        };
      }),
    })),
  };
}
