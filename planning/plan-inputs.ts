// Gathers what the planning model needs from the config and the store: projected devices per year
// and the measured busy-hour load of every building, then runs the model.
import { municipalityOf } from '../config/inventory.ts';
import type { Config, Municipality } from '../config/schema.ts';
import { budgetYears, datePurchase, type BudgetYear, type YearMonth } from '../models/budget-years.ts';
import { pricesExcludingVat } from '../models/costs.ts';
import { budget, type Budget } from '../models/ledger.ts';
import { fleetInvestment, planFleet, type FleetYear } from '../models/fleet.ts';
import { localWeekTime, SCHOOL_YEAR_START_MONTH, schoolYearOf } from '../models/local-time.ts';
import { classifierFor } from '../flows/classifier.ts';
import type { Locale } from '../i18n/locales.ts';
import { wording } from '../i18n/render.ts';
import { translator } from '../i18n/translate.ts';
import { mixEvidence } from '../models/traffic-plan.ts';
import { mixAt } from './traffic-mix.ts';
import { hasFlows } from '../config/inventory.ts';
import { investmentPlan, type InvestmentPlan, type Money } from '../models/investment.ts';
import { planBuilding, type BuildingPlan, type Recommendation } from '../models/plan.ts';
import { planSchool, type SchoolPlan } from '../models/school-plan.ts';
import { buildingDevices, buildingFacts, policyFor, pupilsOfGrades } from '../models/population.ts';
import { municipalityLoads, type MeasuredPlace, type MunicipalityLoads } from './measured-load.ts';
import type { Store } from '../store/store.ts';

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

/** Each scenario's name as the reader sees it: its title in `locale`, else its name. */
export function scenarioTitles(config: Config, locale: Locale): Record<string, string> {
  return Object.fromEntries(config.devicePolicies.map((p) => [p.name, p.title?.[locale] ?? p.name]));
}

/** Each device type's name as the reader sees it: the catalogue's title in `locale`, else the type's common name. */
function deviceTitles(config: Config, locale: Locale): Record<string, string> {
  const t = translator(locale);
  const types = new Set([...(config.catalogue?.devices ?? []).map((d) => d.type), ...config.schools.flatMap((s) => s.fleet.map((c) => c.type))]);
  return Object.fromEntries([...types].map((type) => [type, config.catalogue?.devices.find((d) => d.type === type)?.title?.[locale] ?? t(`deviceType.${type}`, { defaultValue: type })]));
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
  /** The scenario's name in the plan's language: its title, else its name. */
  scenarioTitle: string;
  currentYear: number;
  /** Where the measured four weeks end (ISO 8601): the hour rolled up last when the plan was made. */
  measuredUntil: string;
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
  /** The month the plan was made in, in the municipality's time zone: nothing is paid in a purchase month before it. */
  plannedMonth: YearMonth;
  /** Every cost above, network and devices, per school and budget year: investment and operating apart. */
  budget: Budget;
  /** Pupil and staff devices, apart from the network: per school, and the totals per school year and budget year. */
  fleet: {
    /** Each device type by the name the reader knows it by. */
    titles: Record<string, string>;
    schools: SchoolFleet[];
    years: (Money & { year: number })[];
    budgetYears: (Money & { budgetYear: number })[];
  };
}

/** The municipality named, else the first. */
const municipalityNamed = (config: Config, id: string | undefined) => municipalityOf(config, { municipality: id ?? config.municipalities[0]!.id });

/** What of a municipality the plan measures: its buildings, its schools' lines, and those that export flows. */
export function placeOf(config: Config, municipality: Municipality): MeasuredPlace {
  const schools = config.schools.filter((s) => s.municipality === municipality.id);
  return {
    municipality: municipality.id,
    timeZone: municipality.timezone,
    buildings: schools.flatMap((s) => s.buildings.map((b) => b.id)),
    lines: schools.filter((s) => s.internet).map((s) => s.id),
    flowLines: schools.filter((s) => hasFlows(config, s.id)).map((s) => s.id),
  };
}

/**
 * What the store measured of a municipality's buildings and lines, which every scenario and
 * language of its plan starts from. `summarising` is told when nothing kept serves and the roll-ups
 * are summarised on the spot: which municipality, and how many schools.
 */
export function measuredLoads(config: Config, store: Store, now: number, municipalityId?: string, summarising?: (municipality: Municipality, schools: number) => void): Promise<MunicipalityLoads> {
  const municipality = municipalityNamed(config, municipalityId);
  const schools = config.schools.filter((s) => s.municipality === municipality.id).length;
  return municipalityLoads(store, placeOf(config, municipality), now, summarising && (() => summarising(municipality, schools)));
}

/**
 * Plans one municipality's schools (the first municipality's when none is named); a scenario no
 * policy is named for is refused. Reasons are written in `locale`, else the municipality's language.
 * `loads` are the municipality's measuredLoads, where the caller has them already.
 */
export async function planMunicipality(config: Config, store: Store, now: number, requested: string, municipalityId?: string, locale?: Locale, loads?: MunicipalityLoads): Promise<MunicipalityPlan> {
  const scenario = resolveScenario(config, requested);
  const municipality = municipalityNamed(config, municipalityId);
  const language = locale ?? municipality.locale;
  const tz = municipality.timezone;
  const word = wording(language, tz);
  // The reason and the evidence's text in the reader's words; figures and dates stay as they are.
  const evidenceWords = (e: Recommendation['evidence']) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, typeof v === 'object' ? word(v) : v]));
  const worded = <P extends { recommendations: Recommendation[] }>(p: P): P => ({ ...p, recommendations: p.recommendations.map((r) => ({ ...r, reason: word(r.message), evidence: evidenceWords(r.evidence) })) });
  const currentYear = schoolYearOf(now, tz);
  const local = localWeekTime(now, tz);
  const today = { year: local.year, month: local.month };
  const calendar = { ...config.planning.budgetYear, schoolYearStartMonth: SCHOOL_YEAR_START_MONTH };
  // Prices excluding VAT throughout: the rows, the totals and the VAT given apart agree.
  const catalogue = config.catalogue && pricesExcludingVat(config.catalogue);
  const exam = config.planning.examDay;
  const params = {
    headroom: config.planning.headroom,
    mbpsPerDevice: config.planning.mbpsPerDevice,
    concurrency: config.planning.concurrency,
    mbpsPerDeviceType: config.planning.mbpsPerDeviceType,
    currentYear,
    scenario,
    catalogue,
    examMbpsPerDevice: exam?.mbpsPerDevice,
    dhcpChurn: config.planning.dhcpChurn,
    demandGrowthPerYear: config.planning.demandGrowthPerYear,
    maxChannelUtilisation: config.planning.maxChannelUtilisation,
    movableShare: config.planning.movableShare,
    saturation: config.planning.saturation,
  };
  const classifier = config.flows ? classifierFor(config) : undefined;
  // Each purchase paid in a purchase month that has not passed, its reason saying which.
  const dated = <P extends { recommendations: Recommendation[] }>(p: P): P => ({ ...p, recommendations: p.recommendations.map((r) => datePurchase(r, today, calendar)) });
  const planYears = Array.from({ length: config.planning.horizonYears }, (_, i) => currentYear + i);
  const buildings: BuildingPlan[] = [];
  const schools: SchoolPlan[] = [];
  const fleets: SchoolFleet[] = [];
  const measured = loads ?? (await measuredLoads(config, store, now, municipality.id));
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
        ...measured.buildings.get(building.id)!,
        years,
      };
      mine.push(dated(planBuilding(input, params)));
    }
    const measuredInternet = measured.lines.get(school.id);
    const busyHour = hasFlows(config, school.id) ? measured.busyHours.get(school.id) : undefined;
    const trafficMix = busyHour && classifier ? mixAt(busyHour, classifier) : undefined;
    // The school line's busy-hour mix on its buildings' uplink upgrades too: the same lessons fill both.
    buildings.push(...(trafficMix ? mine.map((b) => ({ ...b, recommendations: b.recommendations.map((r) => (r.kind === 'upgrade-uplink' ? { ...r, evidence: { ...r.evidence, ...mixEvidence(trafficMix) } } : r)) })) : mine));
    const router = school.devices.find((d) => d.id === school.internet?.device);
    schools.push(
      dated(planSchool({ schoolId: school.id, schoolName: school.name, internetMbps: school.internet?.capacityMbps, routerMbps: router?.ratedMbps, measuredInternet, trafficMix, buildings: mine }, params)),
    );
    fleets.push({ schoolId: school.id, schoolName: school.name, years: planFleet(needed, school.fleet, catalogue?.devices ?? []) });
  }
  const recommendations = [...buildings, ...schools].flatMap((p) => p.recommendations.map((recommendation) => ({ schoolId: p.schoolId, recommendation })));
  const leaseYears = catalogue?.leaseYears ?? 4;
  const investment = investmentPlan(recommendations, planYears, currentYear, leaseYears, catalogue?.currency);
  const fleetMoney = fleetInvestment(fleets, planYears, leaseYears, catalogue?.currency);
  const rules = { financing: config.planning.financing, leaseYears, capitalisation: config.planning.capitalisation, vatRate: catalogue?.vatRate ?? 0, priceGrowthPerYear: catalogue?.priceGrowthPerYear ?? 0, contingency: config.planning.contingency };
  const deviceLifetimes = Object.fromEntries((catalogue?.devices ?? []).map((d) => [d.type, d.lifetimeYears]));
  return {
    municipality,
    scenario,
    scenarioTitle: scenarioTitles(config, language)[scenario]!,
    currentYear,
    measuredUntil: new Date(measured.until).toISOString(),
    buildings: buildings.map(worded),
    schools: schools.map(worded),
    budget: budget({ recommendations, fleets, planYears, today, calendar, rules, deviceLifetimes }),
    plannedMonth: today,
    investment: { ...investment, budgetYears: budgetYears(investment, calendar, today), budgetYearStartMonth: calendar.startMonth, budgetYearPurchaseMonth: calendar.purchaseMonth },
    fleet: { titles: deviceTitles(config, language), schools: fleets, years: fleetMoney.years.map(({ bySchool: _bySchool, ...y }) => y), budgetYears: budgetYears(fleetMoney, calendar, today).map(({ bySchool: _bySchool, ...y }) => y) },
  };
}
