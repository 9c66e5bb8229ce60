// The planning model for a building: for each school year, the devices the policy brings, the demand
// they put on the uplink and the Wi-Fi, and what must be bought when capacity runs short, with its
// cost and the figures behind it. Formulas and defaults: docs/model.md. Pure: plain data in, plain
// data out.
import type { Catalogue, WifiGeneration } from '../config/schema.ts';
import { msg, NOTHING, type Message } from './message.ts';
import { apOnOffer, clientCapacity, purchase, round, type Cost } from './costs.ts';
import { cablingRecommendations } from './cabling.ts';
import { chargingRecommendations } from './charging.ts';
import type { Purchase } from './budget-years.ts';
import type { DeviceCount } from './devices.ts';
import { dhcpRecommendations, type DhcpScope } from './dhcp.ts';

/** Uplink speeds a building can be moved to when the catalogue lists none, Mbit/s. */
export const UPLINK_STEPS = [100, 1000, 10_000, 25_000, 40_000, 100_000];

/** Generations no longer sold: where Wi-Fi runs short, these are replaced rather than added to. */
const RETIRED: readonly WifiGeneration[] = ['wifi4'];

export interface MeasuredLoad {
  /** Busy-hour 95th percentile of the uplink's busier direction, Mbit/s. */
  uplinkP95Mbps?: number;
  /** Busy-hour peak of associated clients over the building's access points. */
  peakClients?: number;
  /** Per access point, the busy-hour 95th percentile of its busiest radio's channel utilisation (0–1). */
  channelUtilisation?: number[];
  /** The same per band (2.4GHz, 5GHz, 6GHz …), where radios report one: shown with the Wi-Fi evidence. */
  bands?: BandLoad[];
  samples: number;
  /** What the figures were computed from: hourly roll-ups, or raw points before the first roll-up. */
  source: 'hourly roll-ups' | 'raw points';
  from: number;
  to: number;
}

export interface BandLoad {
  band: string;
  /** Busy-hour peak of the clients on the band's radios. */
  peakClients?: number;
  /** The band's busiest radio: busy-hour 95th percentile of its channel utilisation (0–1). */
  busiestChannelUtilisation?: number;
}

export interface BuildingInput {
  schoolId: string;
  schoolName: string;
  buildingId: string;
  buildingName: string;
  classrooms: number;
  accessPoints: WifiGeneration[];
  uplinkMbps?: number;
  /** The building's client DHCP scopes, where the inventory names them. */
  dhcpScopes?: DhcpScope[];
  /** Charging cabinets or trolleys the building has. */
  chargingCabinets?: number;
  /** Free PoE ports on the building's access switches, for added APs; unknown when absent. */
  freeSwitchPorts?: number;
  measured?: MeasuredLoad;
  /** The same four weeks one or more years ago, where roll-ups reach back that far: the building's trend. */
  pastMeasured?: { yearsAgo: number; load: MeasuredLoad }[];
  /** Projected devices per school year, first year = now, and the pupils sitting an exam day then. */
  years: { year: number; devices: DeviceCount; examPupils?: number }[];
}

export interface PlanParameters {
  headroom: number;
  mbpsPerDevice: number;
  /** Default rates by device type (tablet, laptop, personal...), where they differ from mbpsPerDevice. */
  mbpsPerDeviceType?: Partial<Record<string, number>>;
  /** The school year now; a building short in it is short now. */
  currentYear: number;
  /** The device policy the devices were projected with, named in every recommendation's evidence. */
  scenario: string;
  catalogue?: Catalogue;
  /** An exam day's rate per pupil's device, all online at once (config planning.examDay). */
  examMbpsPerDevice?: number;
  /** Extra addresses a DHCP scope needs beyond the devices, as a share of them. */
  dhcpChurn: number;
  /** Yearly growth of per-device demand (0.2 = 20 %); absent or 0 for none. */
  demandGrowthPerYear?: number;
  /** Busy-hour channel utilisation above which an AP's cell needs another AP (0–1). */
  maxChannelUtilisation?: number;
  /** Share of devices busy at once, for the default rate only (a calibrated rate already holds it); 1 when absent. */
  concurrency?: number;
  /** Share of a line's busy hour movable traffic may take before the plan says to move it (0–1); 0.15 when absent. */
  movableShare?: number;
  /**
   * Busy-hour p95 at or above this share of a link's capacity means the link is full: the measurement
   * is a lower bound, and the plan takes the devices' estimate where it is higher (0–1); 0.9 when absent.
   */
  saturation?: number;
}

export const recommendationKinds = ['add-access-points', 'replace-access-points', 'cable-access-points', 'add-poe-switches', 'upgrade-uplink', 'raise-internet-tier', 'replace-router', 'enlarge-dhcp-scope', 'add-charging-cabinets', 'move-movable-traffic', 'prioritise-traffic'] as const;
export type RecommendationKind = (typeof recommendationKinds)[number];

/** Changes to how the network is run, not purchases: they have no price and are not counted as unpriced. */
export const ACTIONS: ReadonlySet<RecommendationKind> = new Set(['move-movable-traffic', 'prioritise-traffic']);

export interface Recommendation {
  kind: RecommendationKind;
  /** The school year it is needed by; "now" when measurements show it short today. */
  year: number | 'now';
  quantity: number;
  /** 1: short now or this school year; 2: next school year; 3: later in the plan. */
  priority: 1 | 2 | 3;
  /** Absent when the catalogue has no price for it. */
  cost?: Cost;
  /** Why, as a message and its figures (models/message.ts); planning/ renders it. */
  message: Message;
  /** The message in the reader's language: filled by planning/, absent from what the model returns. */
  reason?: string;
  /** The figures behind it; text in it is a message, worded by planning/ like the reason. */
  evidence: Record<string, EvidenceValue>;
  /** When it is paid, where the plan is dated (models/budget-years.ts datePurchase); actions have none. */
  purchase?: Purchase;
}

export type EvidenceValue = number | string | boolean | Message;

export interface YearProjection {
  year: number;
  devices: number;
  demandMbps: number;
  /** The devices' demand at the default rates, whatever was measured: what a full link's demand is at least. */
  estimateMbps: number;
  /** An exam day's demand: every exam pupil's device at the stated rate, at once. */
  examDayMbps?: number;
  accessPointsNeeded: number;
}

export interface BuildingPlan {
  schoolId: string;
  schoolName: string;
  buildingId: string;
  buildingName: string;
  status: 'ok' | 'short';
  years: YearProjection[];
  recommendations: Recommendation[];
}

/** Calibrate per-device demand from the building itself once this many clients were measured. */
const MIN_CLIENTS_FOR_CALIBRATION = 20;

export function planBuilding(input: BuildingInput, params: PlanParameters): BuildingPlan {
  const m = input.measured;
  const measuredNow = perDevice(m);
  const calibrated = measuredNow !== undefined;
  // A full uplink measures only what fits through it: its devices' estimate, where higher, is the demand.
  const full = isFull(m?.uplinkP95Mbps, input.uplinkMbps, params);
  const demandOf = (devices: DeviceCount) => {
    const estimate = defaultDemand(devices, params);
    const measured = measuredNow !== undefined ? devices.total * measuredNow : estimate;
    return full ? Math.max(measured, estimate) : measured;
  };
  const first = input.years[0]?.devices;
  const mbpsPerDevice = measuredNow ?? (first && first.total > 0 ? defaultDemand(first, params) / first.total : params.mbpsPerDevice * (params.concurrency ?? 1));
  const growth = demandGrowth(measuredNow, input.pastMeasured, params.demandGrowthPerYear ?? 0);
  const wifi = wifiNeeds(input, params);
  const years = input.years.map(({ year, devices, examPupils }, i) => ({
    year,
    devices: devices.total,
    demandMbps: round(demandOf(devices) * (1 + growth.perYear) ** i),
    estimateMbps: round(defaultDemand(devices, params) * (1 + growth.perYear) ** i),
    ...(params.examMbpsPerDevice !== undefined && examPupils ? { examDayMbps: round(examPupils * params.examMbpsPerDevice) } : {}),
    accessPointsNeeded: wifi.neededPerYear[i]!,
  }));
  const assumptions = {
    scenario: params.scenario,
    mbpsPerDevice: round(mbpsPerDevice),
    mbpsPerDeviceSource: calibrated ? 'measured' : 'default',
    ...(!calibrated && (params.concurrency ?? 1) < 1 ? { concurrency: params.concurrency! } : {}),
    ...(!calibrated && params.mbpsPerDeviceType ? { mbpsPerDeviceType: describeRates(params.mbpsPerDeviceType) } : {}),
    headroom: params.headroom,
    ...(growth.perYear !== 0 || growth.source === 'measured trend' ? { demandGrowthPerYear: Math.round(growth.perYear * 1000) / 1000, demandGrowthSource: growth.source } : {}),
  };
  const wifiBought = wifiRecommendations(input, params, years, wifi, assumptions.scenario);
  const recommendations = [
    ...uplinkRecommendations(input, params, years, assumptions),
    ...wifiBought,
    ...cablingRecommendations({ added: wifiBought.filter((r) => r.kind === 'add-access-points'), freeSwitchPorts: input.freeSwitchPorts, catalogue: params.catalogue, priority: (year) => priorityOf(year, params.currentYear), scenario: params.scenario }),
    ...dhcpRecommendations(input.dhcpScopes ?? [], { years: input.years, churn: params.dhcpChurn, catalogue: params.catalogue, priority: (year) => priorityOf(year, params.currentYear), scenario: params.scenario }),
    ...chargingRecommendations(input.years, input.chargingCabinets ?? 0, params.catalogue, (year) => priorityOf(year, params.currentYear), params.scenario),
  ];
  return {
    schoolId: input.schoolId,
    schoolName: input.schoolName,
    buildingId: input.buildingId,
    buildingName: input.buildingName,
    status: recommendations.some((r) => r.priority === 1) ? 'short' : 'ok',
    years,
    recommendations,
  };
}

/** Whether a link's busy-hour p95 is so near its capacity that it measures only what fits through it. */
export function isFull(p95Mbps: number | undefined, capacityMbps: number | undefined, params: PlanParameters): boolean {
  return p95Mbps !== undefined && capacityMbps !== undefined && capacityMbps > 0 && p95Mbps >= capacityMbps * (params.saturation ?? 0.9);
}

/** Busy-hour demand of these devices at the default rates: per type where configured, times the concurrency share. */
function defaultDemand(devices: DeviceCount, params: PlanParameters): number {
  const perType = Object.entries(devices.byType).reduce((sum, [type, count]) => sum + count * (params.mbpsPerDeviceType?.[type] ?? params.mbpsPerDevice), 0);
  return perType * (params.concurrency ?? 1);
}

function describeRates(rates: Partial<Record<string, number>>): string {
  return Object.entries(rates)
    .map(([type, mbps]) => `${type} ${mbps}`)
    .join(', ');
}

/** Busy-hour demand per client, where enough clients were measured to trust it. */
function perDevice(m: MeasuredLoad | undefined): number | undefined {
  return m?.uplinkP95Mbps !== undefined && m.peakClients !== undefined && m.peakClients >= MIN_CLIENTS_FOR_CALIBRATION ? m.uplinkP95Mbps / m.peakClients : undefined;
}

/**
 * Yearly growth of per-device demand: the building's own, from the same weeks in the earliest past
 * year measured against now (compound), else the configured rate.
 */
function demandGrowth(now: number | undefined, past: BuildingInput['pastMeasured'], configured: number): { perYear: number; source: 'measured trend' | 'configured' } {
  const earliest = (past ?? [])
    .map(({ yearsAgo, load }) => ({ yearsAgo, mbps: perDevice(load) }))
    .filter((p): p is { yearsAgo: number; mbps: number } => p.mbps !== undefined && p.mbps > 0 && p.yearsAgo > 0)
    .sort((a, b) => b.yearsAgo - a.yearsAgo)[0];
  if (now === undefined || !earliest) return { perYear: configured, source: 'configured' };
  return { perYear: (now / earliest.mbps) ** (1 / earliest.yearsAgo) - 1, source: 'measured trend' };
}

/** 1 when needed now or in the current school year, 2 the year after, 3 later. */
export function priorityOf(year: number | 'now', currentYear: number): 1 | 2 | 3 {
  if (year === 'now' || year <= currentYear) return 1;
  return year === currentYear + 1 ? 2 : 3;
}

function uplinkRecommendations(input: BuildingInput, params: PlanParameters, years: YearProjection[], assumptions: Record<string, string | number>): Recommendation[] {
  const m = input.measured;
  if (!input.uplinkMbps) return [];
  const limit = input.uplinkMbps * params.headroom;
  const shortNow = m?.uplinkP95Mbps !== undefined && m.uplinkP95Mbps > limit;
  const full = isFull(m?.uplinkP95Mbps, input.uplinkMbps, params);
  const firstShort = years.find((y) => peakOf(y) > limit);
  if (!shortNow && !firstShort) return [];
  const peakDemand = Math.max(m?.uplinkP95Mbps ?? 0, ...years.map(peakOf));
  const offered = params.catalogue?.uplinks.length ? [...params.catalogue.uplinks].sort((a, b) => a.mbps - b.mbps) : undefined;
  const steps = offered?.map((u) => u.mbps) ?? UPLINK_STEPS;
  const target = steps.find((s) => s > input.uplinkMbps! && peakDemand <= s * params.headroom) ?? steps.at(-1)!;
  const entry = offered?.find((u) => u.mbps === target);
  const year = shortNow ? ('now' as const) : firstShort!.year;
  return [
    {
      kind: 'upgrade-uplink',
      year,
      quantity: 1,
      priority: priorityOf(year, params.currentYear),
      cost: entry && params.catalogue ? purchase(params.catalogue, `${target} Mbit/s uplink`, entry, 1) : undefined,
      message: msg('reason.uplink', { why: full && shortNow ? fullMessage('uplink', m!.uplinkP95Mbps!, years[0]!) : shortNow ? msg('reason.measuredP95', { mbps: round(m!.uplinkP95Mbps!) }) : peakMessage(firstShort!), percent: Math.round(params.headroom * 100), mbps: input.uplinkMbps, target }),
      evidence: {
        uplinkMbps: input.uplinkMbps,
        targetMbps: target,
        limitMbps: round(limit),
        ...(m?.uplinkP95Mbps !== undefined ? { measuredP95Mbps: round(m.uplinkP95Mbps), measuredFrom: iso(m.from), measuredTo: iso(m.to), samples: m.samples, source: m.source } : {}),
        ...(full ? { linkFull: true, estimatedMbps: years[0]!.estimateMbps } : {}),
        projectedPeakMbps: round(peakDemand),
        ...(years.some((y) => y.examDayMbps !== undefined) ? { examDayPeakMbps: Math.max(...years.map((y) => y.examDayMbps ?? 0)) } : {}),
        ...assumptions,
      },
    },
  ];
}

/**
 * "the uplink is full: at least 97 Mbit/s measured; 288 devices at 1 Mbit/s each suggest 288 Mbit/s":
 * why a full link is planned on its devices' estimate, whichever of the two is higher.
 */
export function fullMessage(link: 'uplink' | 'internet', measuredMbps: number, first: { devices: number; estimateMbps: number }): Message {
  return msg(`reason.full.${link}`, { measured: round(measuredMbps), devices: first.devices, rate: first.devices > 0 ? round(first.estimateMbps / first.devices) : 0, estimate: first.estimateMbps });
}

/** A year's highest demand: a normal busy hour, or an exam day where one is planned. */
export const peakOf = (y: { demandMbps: number; examDayMbps?: number }) => Math.max(y.demandMbps, y.examDayMbps ?? 0);

/** Which of a year's demands drives it, in words. */
/** A year's peak in words: an exam day's where it is the higher, else the projected busy hour; `school` for a school's buildings together. */
export function peakMessage(y: { year: number; devices: number; demandMbps: number; examDayMbps?: number }, school = false): Message {
  const exam = (y.examDayMbps ?? 0) > y.demandMbps;
  return exam ? msg(school ? 'reason.peak.examSchool' : 'reason.peak.exam', { mbps: y.examDayMbps!, year: y.year }) : msg(school ? 'reason.peak.projectedSchool' : 'reason.peak.projected', { mbps: y.demandMbps, devices: y.devices, year: y.year });
}

interface WifiNeeds {
  /** APs the building needs per projected year, counting retired ones as replaced where short. */
  neededPerYear: number[];
  installedCapacity: number;
  shortNow: boolean;
  retired: number;
  newClientsPerAp: number;
  newGeneration: WifiGeneration;
}

/**
 * APs needed per year: one per classroom where every pupil has a device, and enough for every device
 * in any case. Where the installed APs fall short, retired ones are replaced by the AP on offer and
 * the rest is added; the kept APs count at their own generation's capacity.
 */
function wifiNeeds(input: BuildingInput, params: PlanParameters): WifiNeeds {
  const capacity = (g: WifiGeneration) => clientCapacity(g, params.catalogue);
  const installedCapacity = input.accessPoints.reduce((n, g) => n + capacity(g), 0);
  const offer = apOnOffer(params.catalogue);
  const kept = input.accessPoints.filter((g) => !RETIRED.includes(g));
  const keptCapacity = kept.reduce((n, g) => n + capacity(g), 0);
  const shortNow = input.measured?.peakClients !== undefined && input.measured.peakClients > installedCapacity;
  const needFor = (clients: number, oneToOne: boolean) => {
    // The installed APs where they carry the clients; else the kept ones plus enough of the AP on offer.
    const forClients = clients <= installedCapacity ? input.accessPoints.length : kept.length + Math.ceil(Math.max(0, clients - keptCapacity) / offer.clientsPerAp);
    return Math.max(oneToOne ? input.classrooms : 0, forClients);
  };
  const neededPerYear = input.years.map(({ devices }, i) => needFor(i === 0 && shortNow ? Math.max(devices.total, input.measured!.peakClients!) : devices.total, devices.oneToOne));
  return { neededPerYear, installedCapacity, shortNow, retired: input.accessPoints.length - kept.length, newClientsPerAp: offer.clientsPerAp, newGeneration: offer.generation };
}

/**
 * APs to add for airtime: a cell busier than the limit is split until each part is under it, load
 * sharing evenly between the APs that cover it (an assumption, docs/model.md).
 */
function airtimeShortfall(m: MeasuredLoad | undefined, limit: number | undefined): { extra: number; over: number; busiest?: number } {
  const per = m?.channelUtilisation ?? [];
  if (limit === undefined || per.length === 0) return { extra: 0, over: 0 };
  const over = per.filter((u) => u > limit);
  return { extra: over.reduce((n, u) => n + Math.ceil(u / limit) - 1, 0), over: over.length, busiest: Math.max(...per) };
}

function wifiRecommendations(input: BuildingInput, params: PlanParameters, years: YearProjection[], wifi: WifiNeeds, scenario: string): Recommendation[] {
  const installed = input.accessPoints.length;
  const m = input.measured;
  const airtime = airtimeShortfall(m, params.maxChannelUtilisation);
  const full = (m?.channelUtilisation ?? []).filter((u) => isFull(u, 1, params)).length;
  const firstShort = years.find((y) => y.devices > wifi.installedCapacity || y.accessPointsNeeded > installed);
  const shortNow = wifi.shortNow || airtime.extra > 0;
  if (!shortNow && !firstShort) return [];
  const year = shortNow ? ('now' as const) : firstShort!.year;
  const needed = Math.max(installed + airtime.extra, ...years.map((y) => y.accessPointsNeeded));
  const offer = apOnOffer(params.catalogue);
  const apCost = (quantity: number) =>
    offer.entry && params.catalogue ? purchase(params.catalogue, offer.entry.model ?? `${offer.generation} access point`, offer.entry, quantity) : undefined;
  const evidence = {
    installed,
    installedCapacity: wifi.installedCapacity,
    needed,
    newGeneration: generationName(wifi.newGeneration),
    clientsPerNewAp: wifi.newClientsPerAp,
    classrooms: input.classrooms,
    ...(m?.peakClients !== undefined ? { measuredPeakClients: m.peakClients, measuredFrom: iso(m.from), measuredTo: iso(m.to), source: m.source } : {}),
    projectedPeakDevices: Math.max(...years.map((y) => y.devices)),
    oneToOne: input.years.some((y) => y.devices.oneToOne),
    ...(airtime.busiest !== undefined ? { busiestChannelUtilisation: Math.round(airtime.busiest * 100) / 100, apsOverChannelLimit: airtime.over, maxChannelUtilisation: params.maxChannelUtilisation! } : {}),
    // A channel busy nearly all the time measures only the airtime there is; the devices' need above stands beside it.
    ...(full > 0 ? { apsWithFullChannel: full } : {}),
    ...(m?.bands?.length ? { measuredByBand: describeBands(m.bands) } : {}),
    scenario,
  };
  const classrooms = (n: number) => msg('reason.wifi.classrooms', { classrooms: n });
  const reasons = [
    ...(wifi.shortNow ? [msg('reason.wifi.clients', { clients: m!.peakClients!, installed, capacity: wifi.installedCapacity })] : []),
    ...(airtime.extra > 0 ? [msg('reason.wifi.airtime', { over: airtime.over, installed, limit: Math.round(params.maxChannelUtilisation! * 100), busiest: Math.round(airtime.busiest! * 100) })] : []),
  ];
  const why: Message[] = reasons.length > 0
    ? reasons
    : [msg('reason.wifi.devices', { devices: firstShort!.devices, year: firstShort!.year, installed, capacity: wifi.installedCapacity, classrooms: firstShort!.accessPointsNeeded > installed && input.classrooms > installed ? classrooms(input.classrooms) : NOTHING })];
  const recommendations: Recommendation[] = [];
  const priority = priorityOf(year, params.currentYear);
  if (wifi.retired > 0) {
    recommendations.push({
      kind: 'replace-access-points',
      year,
      quantity: wifi.retired,
      priority,
      cost: apCost(wifi.retired),
      message: msg('reason.wifi.replace', { why, retired: wifi.retired, old: msg('evidenceValue.list', { items: RETIRED.map(generationName) }), generation: generationName(wifi.newGeneration) }),
      evidence,
    });
  }
  // Phased: the first year buys what it needs, each later year what its own devices add. Nothing is
  // bought a year early: the catalogue prices APs one by one, so buying ahead only pays sooner.
  const firstYear = year === 'now' ? params.currentYear : year;
  const firstNeed = Math.max(installed + airtime.extra, ...years.filter((y) => y.year <= firstYear).map((y) => y.accessPointsNeeded));
  if (firstNeed > installed) {
    recommendations.push({
      kind: 'add-access-points',
      year,
      quantity: firstNeed - installed,
      priority,
      cost: apCost(firstNeed - installed),
      message: msg('reason.wifi.add', { why, needed: firstNeed, rest: needed > firstNeed ? msg('reason.wifi.rest', { total: needed, year: sizingYear(years).year }) : NOTHING }),
      evidence: { ...evidence, neededNow: firstNeed },
    });
  }
  let have = Math.max(installed, firstNeed);
  for (const y of years) {
    if (y.year <= firstYear || y.accessPointsNeeded <= have) continue;
    recommendations.push({
      kind: 'add-access-points',
      year: y.year,
      quantity: y.accessPointsNeeded - have,
      priority: priorityOf(y.year, params.currentYear),
      cost: apCost(y.accessPointsNeeded - have),
      message: msg('reason.wifi.addLater', { devices: y.devices, year: y.year, needed: y.accessPointsNeeded, classrooms: y.accessPointsNeeded === input.classrooms && input.years.find((p) => p.year === y.year)?.devices.oneToOne ? classrooms(input.classrooms) : NOTHING, have, add: y.accessPointsNeeded - have }),
      evidence: { ...evidence, neededNow: y.accessPointsNeeded, devicesThen: y.devices },
    });
    have = y.accessPointsNeeded;
  }
  return recommendations;
}

/** A Wi-Fi generation as readers name it: "Wi-Fi 6 (802.11ax)". */
const generationName = (g: WifiGeneration): Message => msg(`generation.${g}`);

/** The year with the most access points needed: the one that sizes the whole plan. */
const sizingYear = (years: YearProjection[]) => years.reduce((a, y) => (y.accessPointsNeeded > a.accessPointsNeeded ? y : a), years[0]!);

const iso = (ms: number) => new Date(ms).toISOString();

/** A band as its reader writes it: "2,4 GHz" in Norwegian from the controller's "2.4GHz"; any other name as it is. */
function bandName(band: string): Message | string {
  const ghz = /^(\d+(?:\.\d+)?)\s*GHz$/i.exec(band);
  return ghz ? msg('evidenceValue.band.ghz', { ghz: Number(ghz[1]) }) : band;
}

/** "2.4GHz: 120 clients, busiest channel 78 %; 5GHz: …": the bands behind the Wi-Fi figures, in one line of evidence. */
function describeBands(bands: BandLoad[]): Message {
  const band = (b: BandLoad): Message => {
    const clients = b.peakClients;
    const channel = b.busiestChannelUtilisation !== undefined ? Math.round(b.busiestChannelUtilisation * 100) : undefined;
    if (clients !== undefined && channel !== undefined) return msg('evidenceValue.band.both', { band: bandName(b.band), clients, channel });
    if (clients !== undefined) return msg('evidenceValue.band.clients', { band: bandName(b.band), clients });
    if (channel !== undefined) return msg('evidenceValue.band.channel', { band: bandName(b.band), channel });
    return msg('evidenceValue.band.none', { band: bandName(b.band) });
  };
  return msg('evidenceValue.list', { items: bands.map(band) });
}
