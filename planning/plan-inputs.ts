// Gathers what the planning model needs from the config and the store: projected devices per year
// and the measured busy-hour load of every building, then runs the model.
import { municipalityOf } from '../config/inventory.ts';
import type { Config, Municipality } from '../config/schema.ts';
import { budgetYears, type BudgetYear } from '../models/budget-years.ts';
import { fleetInvestment, planFleet, type FleetYear } from '../models/fleet.ts';
import { SCHOOL_YEAR_START_MONTH, schoolYearOf } from '../models/local-time.ts';
import { classifierFor } from '../flows/classifier.ts';
import type { Locale } from '../i18n/locales.ts';
import { wording } from '../i18n/render.ts';
import { mixEvidence } from '../models/traffic-plan.ts';
import { busyHourMix } from './traffic-mix.ts';
import { hasFlows } from '../config/inventory.ts';
import { investmentPlan, type InvestmentPlan, type Money } from '../models/investment.ts';
import { planBuilding, type BandLoad, type BuildingPlan, type MeasuredLoad, type Recommendation } from '../models/plan.ts';
import { planSchool, type LineLoad, type SchoolPlan } from '../models/school-plan.ts';
import { buildingDevices, buildingFacts, policyFor, pupilsOfGrades } from '../models/population.ts';
import { inBusyHours, percentile } from '../models/statistics.ts';
import type { Point } from '../store/point.ts';
import type { Store } from '../store/store.ts';

const WINDOW_MS = 28 * 24 * 3600 * 1000;
/** 52 weeks: the same weekdays a year earlier, so a timetable's week lines up with itself. */
const YEAR_MS = 52 * 7 * 24 * 3600 * 1000;

/**
 * The scenario to plan with: the one asked for, else the config's, else the first policy. A name that
 * is no policy is an error, never a quiet fall-back to today's policy.
 */
export function resolveScenario(config: Config, requested?: string): string {
  const names = config.devicePolicies.map((p) => p.name);
  if (requested !== undefined && !names.includes(requested)) {
    throw new RangeError(`no device policy named "${requested}" (have: ${names.join(', ')})`);
  }
  return requested ?? config.planning.scenario ?? names[0]!;
}

/** A school's devices year by year: what the policy needs, bought, replaced and retired, and the cost. */
export interface SchoolFleet {
  schoolId: string;
  schoolName: string;
  years: FleetYear[];
}

export interface MunicipalityPlan {
  municipality: Municipality;
  scenario: string;
  currentYear: number;
  buildings: BuildingPlan[];
  schools: SchoolPlan[];
  investment: InvestmentPlan & {
    /** The same costs in the municipality's budget years. */
    budgetYears: BudgetYear[];
    /** The month those budget years start (1: calendar years). */
    budgetYearStartMonth: number;
    /** The month equipment is paid, which places a school year's purchases in a budget year. */
    budgetYearPurchaseMonth: number;
  };
  /** Pupil and staff devices, apart from the network: per school, and the totals per school year and budget year. */
  fleet: {
    schools: SchoolFleet[];
    years: (Money & { year: number })[];
    budgetYears: (Money & { budgetYear: number })[];
  };
}

/**
 * Plans one municipality's schools (the first municipality's when none is named); a scenario no
 * policy is named for is refused. Reasons are written in `locale`, else the municipality's language.
 */
export async function planMunicipality(config: Config, store: Store, now: number, requested: string, municipalityId?: string, locale?: Locale): Promise<MunicipalityPlan> {
  const scenario = resolveScenario(config, requested);
  const municipality = municipalityOf(config, { municipality: municipalityId ?? config.municipalities[0]!.id });
  const language = locale ?? municipality.locale;
  const tz = municipality.timezone;
  const word = wording(language, tz);
  // The reason and the evidence's text in the reader's words; figures and dates stay as they are.
  const evidenceWords = (e: Recommendation['evidence']) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, typeof v === 'object' ? word(v) : v]));
  const worded = <P extends { recommendations: Recommendation[] }>(p: P): P => ({ ...p, recommendations: p.recommendations.map((r) => ({ ...r, reason: word(r.message), evidence: evidenceWords(r.evidence) })) });
  const currentYear = schoolYearOf(now, tz);
  const exam = config.planning.examDay;
  const params = {
    headroom: config.planning.headroom,
    mbpsPerDevice: config.planning.mbpsPerDevice,
    concurrency: config.planning.concurrency,
    mbpsPerDeviceType: config.planning.mbpsPerDeviceType,
    currentYear,
    scenario,
    catalogue: config.catalogue,
    examMbpsPerDevice: exam?.mbpsPerDevice,
    dhcpChurn: config.planning.dhcpChurn,
    demandGrowthPerYear: config.planning.demandGrowthPerYear,
    maxChannelUtilisation: config.planning.maxChannelUtilisation,
    movableShare: config.planning.movableShare,
  };
  const classifier = config.flows ? classifierFor(config) : undefined;
  const planYears = Array.from({ length: config.planning.horizonYears }, (_, i) => currentYear + i);
  const buildings: BuildingPlan[] = [];
  const schools: SchoolPlan[] = [];
  const fleets: SchoolFleet[] = [];
  for (const school of config.schools.filter((s) => s.municipality === municipality.id)) {
    const mine: BuildingPlan[] = [];
    // The school's devices by type and year, summed over its buildings: the fleet it needs.
    const needed = planYears.map((year) => ({ year, byType: {} as Record<string, number> }));
    for (const building of school.buildings) {
      const years = planYears.map((year) => ({
        year,
        devices: buildingDevices(school, building, year, policyFor(config.devicePolicies, scenario, year)),
        ...(exam ? { examPupils: pupilsOfGrades(school, building, year, exam.grades) } : {}),
      }));
      years.forEach((y, i) => {
        // Pupils' own devices are theirs, not the school's to buy.
        for (const [type, n] of Object.entries(y.devices.byType)) if (type !== 'personal') needed[i]!.byType[type] = (needed[i]!.byType[type] ?? 0) + n;
      });
      const input = {
        ...buildingFacts(school, building),
        measured: await measuredLoad(store, building.id, now, tz),
        pastMeasured: await pastLoads(store, building.id, now, tz),
        years,
      };
      mine.push(planBuilding(input, params));
    }
    const measuredInternet = school.internet ? await lineLoad(store, { school: school.id, link: 'internet' }, now, tz) : undefined;
    const trafficMix = classifier && hasFlows(config, school.id) ? await busyHourMix(store, classifier, { municipality: municipality.id, school: school.id }, now) : undefined;
    // The school line's busy-hour mix on its buildings' uplink upgrades too: the same lessons fill both.
    buildings.push(...(trafficMix ? mine.map((b) => ({ ...b, recommendations: b.recommendations.map((r) => (r.kind === 'upgrade-uplink' ? { ...r, evidence: { ...r.evidence, ...mixEvidence(trafficMix) } } : r)) })) : mine));
    const router = school.devices.find((d) => d.id === school.internet?.device);
    schools.push(
      planSchool({ schoolId: school.id, schoolName: school.name, internetMbps: school.internet?.capacityMbps, routerMbps: router?.ratedMbps, measuredInternet, trafficMix, buildings: mine }, params),
    );
    fleets.push({ schoolId: school.id, schoolName: school.name, years: planFleet(needed, school.fleet, config.catalogue?.devices ?? []) });
  }
  const recommendations = [...buildings, ...schools].flatMap((p) => p.recommendations.map((recommendation) => ({ schoolId: p.schoolId, recommendation })));
  const investment = investmentPlan(recommendations, planYears, currentYear, config.catalogue?.leaseYears ?? 4, config.catalogue?.currency);
  const calendar = { ...config.planning.budgetYear, schoolYearStartMonth: SCHOOL_YEAR_START_MONTH };
  const fleetMoney = fleetInvestment(fleets, planYears, config.catalogue?.leaseYears ?? 4, config.catalogue?.currency);
  return {
    municipality,
    scenario,
    currentYear,
    buildings: buildings.map(worded),
    schools: schools.map(worded),
    investment: { ...investment, budgetYears: budgetYears(investment, calendar), budgetYearStartMonth: calendar.startMonth, budgetYearPurchaseMonth: calendar.purchaseMonth },
    fleet: { schools: fleets, years: fleetMoney.years.map(({ bySchool: _bySchool, ...y }) => y), budgetYears: budgetYears(fleetMoney, calendar).map(({ bySchool: _bySchool, ...y }) => y) },
  };
}

/**
 * Busy-hour load of a building over the last four weeks, from the hourly roll-ups. A fresh install has
 * none yet; then the raw points of those weeks serve, and the evidence says which it was.
 */
async function measuredLoad(store: Store, buildingId: string, now: number, tz: string): Promise<MeasuredLoad | undefined> {
  return (await rolledUpLoad(store, buildingId, now, tz)) ?? measuredFromRaw(store, buildingId, now - WINDOW_MS, now, tz);
}

/** The four weeks up to `until` from the hourly roll-ups; undefined where there are none. */
async function rolledUpLoad(store: Store, buildingId: string, until: number, tz: string): Promise<MeasuredLoad | undefined> {
  const from = until - WINDOW_MS;
  const filter = { building: buildingId };
  const uplink = await store.range({ measurement: 'interface_1h', filter: { ...filter, link: 'uplink' }, from, to: until + 1 });
  const aps = await store.range({ measurement: 'access_point_1h', filter, from, to: until + 1 });
  if (uplink.length === 0 && aps.length === 0) return undefined;
  const radios = await store.range({ measurement: 'radio_1h', filter, from, to: until + 1, fields: ['clients_p95', 'channel_utilisation_p95'] });
  // Per busy hour: the building's clients as the sum of each AP's hourly p95 (roll-ups keep no
  // instant-by-instant sum across APs).
  const clientsByHour = sumByTime(busiest(aps, tz), (p) => p.fields.clients_p95 ?? 0);
  return {
    uplinkP95Mbps: hourlyP95Mbps(uplink, tz),
    peakClients: maxOf(clientsByHour.values()),
    channelUtilisation: perAp(busiest(aps, tz), 'channel_utilisation_p95'),
    ...bandsOf(busiest(radios, tz), 'clients_p95', 'channel_utilisation_p95'),
    samples: uplink.reduce((n, p) => n + (p.fields.samples ?? 0), 0),
    source: 'hourly roll-ups',
    ...span([...uplink, ...aps]),
  };
}

/** The same four weeks one and two years ago, from roll-ups only: the building's own trend. */
async function pastLoads(store: Store, buildingId: string, now: number, tz: string): Promise<{ yearsAgo: number; load: MeasuredLoad }[]> {
  const past = [];
  for (const yearsAgo of [1, 2]) {
    const load = await rolledUpLoad(store, buildingId, now - yearsAgo * YEAR_MS, tz);
    if (load) past.push({ yearsAgo, load });
  }
  return past;
}

/** A line's busy-hour load (the internet line, say) from its hourly roll-ups over the last four weeks. */
async function lineLoad(store: Store, filter: Record<string, string>, now: number, tz: string): Promise<LineLoad | undefined> {
  const hours = await store.range({ measurement: 'interface_1h', filter, from: now - WINDOW_MS, to: now + 1 });
  const p95Mbps = hourlyP95Mbps(hours, tz);
  if (p95Mbps === undefined) return undefined;
  return { p95Mbps, samples: hours.reduce((n, p) => n + (p.fields.samples ?? 0), 0), source: 'hourly roll-ups', ...span(hours) };
}

/** The 95th percentile over busy hours of each hour's p95 in the busier direction, Mbit/s. */
function hourlyP95Mbps(hours: Point[], tz: string): number | undefined {
  const values = busiest(hours.filter((p) => p.fields.in_bps_p95 !== undefined), tz).map((p) => Math.max(p.fields.in_bps_p95!, p.fields.out_bps_p95 ?? 0) / 1e6);
  return percentile(values, 95);
}

async function measuredFromRaw(store: Store, buildingId: string, from: number, now: number, tz: string): Promise<MeasuredLoad | undefined> {
  const uplink = await store.range({ measurement: 'interface', filter: { building: buildingId, link: 'uplink' }, from, to: now + 1 });
  const aps = await store.range({ measurement: 'access_point', filter: { building: buildingId }, from, to: now + 1 });
  const radios = await store.range({ measurement: 'radio', filter: { building: buildingId }, from, to: now + 1, fields: ['clients', 'channel_utilisation'] });
  const rates = busiest(uplink.filter((p) => p.fields.in_bps !== undefined), tz).map((p) => Math.max(p.fields.in_bps!, p.fields.out_bps ?? 0) / 1e6);
  const clientsByTime = sumByTime(busiest(aps, tz), (p) => p.fields.clients ?? 0);
  if (rates.length === 0 && clientsByTime.size === 0) return undefined;
  return {
    uplinkP95Mbps: percentile(rates, 95),
    peakClients: maxOf(clientsByTime.values()),
    channelUtilisation: perAp(busiest(aps, tz), 'channel_utilisation'),
    ...bandsOf(busiest(radios, tz), 'clients', 'channel_utilisation'),
    samples: rates.length,
    source: 'raw points',
    ...span([...uplink, ...aps]),
  };
}

/** The points in school busy hours; where there are none yet (a fresh install at a weekend), all of them. */
function busiest<T extends { time: number }>(list: T[], tz: string): T[] {
  const inHours = list.filter((p) => inBusyHours(p.time, tz));
  return inHours.length > 0 ? inHours : list;
}

/** Per access point, the 95th percentile of `field` over the points given (its busy hours). */
function perAp(points: Point[], field: string): number[] | undefined {
  const byAp = new Map<string, number[]>();
  for (const p of points) {
    const v = p.fields[field];
    if (v !== undefined) byAp.set(p.tags.ap ?? '', [...(byAp.get(p.tags.ap ?? '') ?? []), v]);
  }
  return byAp.size > 0 ? [...byAp.values()].map((values) => percentile(values, 95)!) : undefined;
}

/**
 * Per band (radios' band tag): the peak over time of the band's summed clients, and the busiest radio's
 * 95th percentile of channel utilisation. None where no radio names a band.
 */
function bandsOf(radios: Point[], clientsField: string, utilisationField: string): { bands?: BandLoad[] } {
  const byBand = new Map<string, Point[]>();
  for (const p of radios) if (p.tags.band) byBand.set(p.tags.band, [...(byBand.get(p.tags.band) ?? []), p]);
  if (byBand.size === 0) return {};
  const bands = [...byBand]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([band, points]): BandLoad => {
      const peakClients = maxOf(sumByTime(points.filter((p) => p.fields[clientsField] !== undefined), (p) => p.fields[clientsField]!).values());
      const perRadio = new Map<string, number[]>();
      for (const p of points) {
        const u = p.fields[utilisationField];
        if (u !== undefined) perRadio.set(`${p.tags.ap}|${p.tags.radio}`, [...(perRadio.get(`${p.tags.ap}|${p.tags.radio}`) ?? []), u]);
      }
      const busiestChannelUtilisation = maxOf([...perRadio.values()].map((values) => percentile(values, 95)! / 100));
      return { band, ...(peakClients !== undefined ? { peakClients: Math.round(peakClients) } : {}), ...(busiestChannelUtilisation !== undefined ? { busiestChannelUtilisation } : {}) };
    });
  return { bands };
}

function sumByTime(points: Point[], value: (p: Point) => number): Map<number, number> {
  const sums = new Map<number, number>();
  for (const p of points) sums.set(p.time, (sums.get(p.time) ?? 0) + value(p));
  return sums;
}

/** Loops, not Math.max(...spread): four weeks of 10 s polls overflow the argument stack. */
function maxOf(values: Iterable<number>): number | undefined {
  let max: number | undefined;
  for (const v of values) max = max === undefined ? v : Math.max(max, v);
  return max;
}

const span = (points: Point[]) => ({
  from: points.reduce((t, p) => Math.min(t, p.time), Infinity),
  to: points.reduce((t, p) => Math.max(t, p.time), -Infinity),
});
