// The live overview: per municipality, school and building, the newest uplink and internet load,
// Wi-Fi clients, device status and a status word, joined from the store's latest points and the
// inventory.
import type { BuildingConfig, Config, SchoolConfig } from '../config/schema.ts';
import type { Point } from '../store/point.ts';
import type { Store } from '../store/store.ts';
import { setImmediate as laterTurn } from 'node:timers/promises';
import type { BuildingDetail, BuildingNow, Overview } from './schemas/overview.ts';

type Status = BuildingNow['status'];
type LinkNow = NonNullable<BuildingNow['uplink']>;

/** Schools made into the overview in one turn: a county's 5,000 at once held every other request. */
const SCHOOLS_PER_TURN = 250;

/** A link past this share of the headroom is a warning: it will be short soon. */
const WARNING_SHARE = 0.8;
const RANK: Record<Status, number> = { unknown: 0, ok: 1, warning: 2, short: 3 };
const worst = (statuses: Status[]): Status => statuses.reduce<Status>((a, b) => (RANK[b] > RANK[a] ? b : a), 'unknown');

/** The newest points of one municipality (or one school of it), indexed the ways the overview reads them. */
interface Latest {
  links: Map<string, Point[]>;
  apsOf: Map<string | undefined, Point[]>;
  radiosOf: Map<string | undefined, Point[]>;
  down: Set<string | undefined>;
}

async function latest(store: Store, filter: Record<string, string>): Promise<Latest> {
  const [interfaces, aps, radios, devices] = await Promise.all([store.latest('interface', filter), store.latest('access_point', filter), store.latest('radio', filter), store.latest('device', filter)]);
  return {
    // Indexed once: with hundreds of schools, filtering every list per building costs more than the store.
    links: groupBy(interfaces, (p) => (p.tags.link === 'internet' ? `internet|${p.tags.school}` : p.tags.link === 'uplink' ? `uplink|${p.tags.building}` : undefined)),
    apsOf: groupBy(aps, (p) => p.tags.building),
    radiosOf: groupBy(radios, (p) => p.tags.building),
    down: new Set(devices.filter((d) => d.fields.up === 0).map((d) => d.tags.device)),
  };
}

/** How a link's load reads against the planning headroom. */
function linkStatus(link: LinkNow | undefined, headroom: number): Status {
  if (link?.utilisation === undefined) return 'unknown';
  return link.utilisation > headroom ? 'short' : link.utilisation >= headroom * WARNING_SHARE ? 'warning' : 'ok';
}

/** One building now, each access point included. */
function buildingState(config: Config, school: SchoolConfig, b: BuildingConfig, now: Latest): Omit<BuildingDetail, 'municipality' | 'school' | 'headroom'> {
  const apPoints = new Map((now.apsOf.get(b.id) ?? []).map((p) => [p.tags.ap, p]));
  const accessPoints = b.accessPoints.map((ap) => ({ id: ap.id, name: ap.name, clients: apPoints.get(ap.id)?.fields.clients, channelUtilisation: apPoints.get(ap.id)?.fields.channel_utilisation }));
  const uplink = b.uplink ? linkNow(now.links.get(`uplink|${b.id}`) ?? [], b.uplink.capacityMbps) : undefined;
  const devicesDown = [...school.devices, ...b.devices].map((d) => d.id).filter((id) => now.down.has(id));
  const busyCell = accessPoints.some((ap) => (ap.channelUtilisation ?? 0) > config.planning.maxChannelUtilisation);
  const status = worst([linkStatus(uplink, config.planning.headroom), devicesDown.length > 0 ? 'short' : busyCell ? 'warning' : apPoints.size > 0 ? 'ok' : 'unknown']);
  const bands = byBand((now.radiosOf.get(b.id) ?? []).filter((r) => apPoints.has(r.tags.ap) && r.time >= (apPoints.get(r.tags.ap)?.time ?? 0)));
  const reporting = accessPoints.filter((ap) => ap.clients !== undefined);
  const busiest = reporting.reduce<(typeof reporting)[number] | undefined>((a, ap) => (a === undefined || ap.clients! > a.clients! ? ap : a), undefined);
  const aps = { total: accessPoints.length, reporting: reporting.length, ...(busiest ? { busiest: { name: busiest.name, clients: busiest.clients! } } : {}) };
  return { id: b.id, name: b.name, status, uplink, clients: reporting.reduce((n, ap) => n + ap.clients!, 0), aps, accessPoints, bands, devicesDown };
}

/**
 * Every school and building of these municipalities now. Access points are counted, not listed:
 * 500 schools answer in about 400 KB before compression (the building answer lists them).
 */
export async function overview(config: Config, store: Store, municipalities: ReadonlySet<string>): Promise<Overview> {
  const headroom = config.planning.headroom;
  const result: Overview = { headroom, municipalities: [] };
  for (const municipality of config.municipalities.filter((m) => municipalities.has(m.id))) {
    const now = await latest(store, { municipality: municipality.id });
    const schools: Overview['municipalities'][number]['schools'] = [];
    for (const school of config.schools.filter((s) => s.municipality === municipality.id)) {
      if (schools.length % SCHOOLS_PER_TURN === SCHOOLS_PER_TURN - 1) await laterTurn();
      const internet = school.internet ? linkNow(now.links.get(`internet|${school.id}`) ?? [], school.internet.capacityMbps) : undefined;
      const buildings = school.buildings.map((b): BuildingNow => {
        const { accessPoints: _listed, ...counted } = buildingState(config, school, b, now);
        return counted;
      });
      schools.push({ id: school.id, name: school.name, status: worst([linkStatus(internet, headroom), ...buildings.map((b) => b.status)]), internet, buildings });
    }
    result.municipalities.push({ ...municipality, schools });
  }
  return result;
}

/** One building now with each access point, read from its school's newest points only. */
export async function buildingNow(config: Config, store: Store, school: SchoolConfig, building: BuildingConfig): Promise<BuildingDetail> {
  const now = await latest(store, { municipality: school.municipality, school: school.id });
  return { municipality: school.municipality, school: school.id, headroom: config.planning.headroom, ...buildingState(config, school, building, now) };
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
