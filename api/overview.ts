// The live overview: per municipality, school and building, the newest uplink and internet load,
// Wi-Fi clients, device status and a status word, joined from the store's latest points and the
// inventory.
import type { Config } from '../config/schema.ts';
import type { Point } from '../store/point.ts';
import type { Store } from '../store/store.ts';
import type { BuildingNow, Overview } from './schemas/overview.ts';

type Status = BuildingNow['status'];
type LinkNow = NonNullable<BuildingNow['uplink']>;

/** A link past this share of the headroom is a warning: it will be short soon. */
const WARNING_SHARE = 0.8;
const RANK: Record<Status, number> = { unknown: 0, ok: 1, warning: 2, short: 3 };
const worst = (statuses: Status[]): Status => statuses.reduce<Status>((a, b) => (RANK[b] > RANK[a] ? b : a), 'unknown');

export async function overview(config: Config, store: Store, municipalities: ReadonlySet<string>): Promise<Overview> {
  const headroom = config.planning.headroom;
  const linkStatus = (link: LinkNow | undefined): Status => {
    if (link?.utilisation === undefined) return 'unknown';
    return link.utilisation > headroom ? 'short' : link.utilisation >= headroom * WARNING_SHARE ? 'warning' : 'ok';
  };
  const result: Overview = { headroom, municipalities: [] };
  for (const municipality of config.municipalities.filter((m) => municipalities.has(m.id))) {
    const filter = { municipality: municipality.id };
    const [interfaces, aps, radios, devices] = await Promise.all([store.latest('interface', filter), store.latest('access_point', filter), store.latest('radio', filter), store.latest('device', filter)]);
    const down = new Set(devices.filter((d) => d.fields.up === 0).map((d) => d.tags.device));
    // Indexed once: with hundreds of schools, filtering every list per building costs more than the store.
    const links = groupBy(interfaces, (p) => (p.tags.link === 'internet' ? `internet|${p.tags.school}` : p.tags.link === 'uplink' ? `uplink|${p.tags.building}` : undefined));
    const apsOf = groupBy(aps, (p) => p.tags.building);
    const radiosOf = groupBy(radios, (p) => p.tags.building);
    const schools = config.schools
      .filter((s) => s.municipality === municipality.id)
      .map((school) => {
        const internet = school.internet ? linkNow(links.get(`internet|${school.id}`) ?? [], school.internet.capacityMbps) : undefined;
        const buildings = school.buildings.map((b): BuildingNow => {
          const apPoints = new Map((apsOf.get(b.id) ?? []).map((p) => [p.tags.ap, p]));
          const accessPoints = b.accessPoints.map((ap) => ({
            id: ap.id,
            name: ap.name,
            clients: apPoints.get(ap.id)?.fields.clients,
            channelUtilisation: apPoints.get(ap.id)?.fields.channel_utilisation,
          }));
          const uplink = b.uplink ? linkNow(links.get(`uplink|${b.id}`) ?? [], b.uplink.capacityMbps) : undefined;
          const devicesDown = [...school.devices, ...b.devices].map((d) => d.id).filter((id) => down.has(id));
          const busyCell = accessPoints.some((ap) => (ap.channelUtilisation ?? 0) > config.planning.maxChannelUtilisation);
          const status = worst([linkStatus(uplink), devicesDown.length > 0 ? 'short' : busyCell ? 'warning' : apPoints.size > 0 ? 'ok' : 'unknown']);
          const bands = byBand((radiosOf.get(b.id) ?? []).filter((r) => apPoints.has(r.tags.ap) && r.time >= (apPoints.get(r.tags.ap)?.time ?? 0)));
          return { id: b.id, name: b.name, status, uplink, clients: accessPoints.reduce((n, ap) => n + (ap.clients ?? 0), 0), accessPoints, bands, devicesDown };
        });
        return { id: school.id, name: school.name, status: worst([linkStatus(internet), ...buildings.map((b) => b.status)]), internet, buildings };
      });
    result.municipalities.push({ ...municipality, schools });
  }
  return result;
}

/**
 * A building's radios grouped by band: how many, their clients, the busiest channel. Only each AP's
 * newest radios count (a radio no longer reported keeps its last point in the store).
 */
function byBand(radios: Point[]): BuildingNow['bands'] {
  const bands = groupBy(radios, (p) => p.tags.band);
  return [...bands]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([band, list]) => {
      const clients = list.map((p) => p.fields.clients).filter((c): c is number => c !== undefined);
      const busy = list.map((p) => p.fields.channel_utilisation).filter((u): u is number => u !== undefined);
      return { band, radios: list.length, ...(clients.length ? { clients: clients.reduce((a, b) => a + b, 0) } : {}), ...(busy.length ? { channelUtilisation: Math.max(...busy) } : {}) };
    });
}

function linkNow(points: Point[], capacityMbps: number): LinkNow {
  const p = points.find((x) => x.fields.in_bps !== undefined) ?? points[0];
  if (!p) return { capacityMbps };
  return {
    capacityMbps,
    inMbps: p.fields.in_bps !== undefined ? p.fields.in_bps / 1e6 : undefined,
    outMbps: p.fields.out_bps !== undefined ? p.fields.out_bps / 1e6 : undefined,
    utilisation: p.fields.utilisation,
    time: p.time,
  };
}

function groupBy(points: Point[], key: (p: Point) => string | undefined): Map<string, Point[]> {
  const groups = new Map<string, Point[]>();
  for (const p of points) {
    const k = key(p);
    if (k === undefined) continue;
    const list = groups.get(k);
    if (list) list.push(p);
    else groups.set(k, [p]);
  }
  return groups;
}
