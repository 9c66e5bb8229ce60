// `npm run bench` (model): the planning model for a whole country's school system, 5,000 schools of
// 3 buildings each over a 5-year horizon: devices from enrolment × policy, the plan per building and
// school, the investment plan, and the budget per school and budget year (purchases dated on 7
// December 2026). Pure model code, inputs generated, no store. Goal: under 2 s.
// Prints figures; asserts nothing.
import { performance } from 'node:perf_hooks';
import { catalogueSchema, devicePolicySchema, type SchoolConfig } from '../config/schema.ts';
import { datePurchase } from '../models/budget-years.ts';
import { investmentPlan } from '../models/investment.ts';
import { budget } from '../models/ledger.ts';
import { planBuilding, type BuildingPlan, type PlanParameters } from '../models/plan.ts';
import { buildingDevices, buildingFacts, policyFor } from '../models/population.ts';
import { planSchool } from '../models/school-plan.ts';

const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 5000);
const YEARS = [2026, 2027, 2028, 2029, 2030];
const GOAL_MS = 2000;
const TODAY = { year: 2026, month: 12 };
const CALENDAR = { startMonth: 1, purchaseMonth: 6, schoolYearStartMonth: 8 };

const policies = [
  devicePolicySchema.parse({ name: 'today', effectiveFrom: 2024, bands: [{ grades: [1, 4], pupilsPerDevice: 2, deviceType: 'tablet' }, { grades: [5, 10], pupilsPerDevice: 1, deviceType: 'laptop' }] }),
  devicePolicySchema.parse({ name: 'one-to-one', effectiveFrom: 2027, bands: [{ grades: [1, 10], pupilsPerDevice: 1, deviceType: 'laptop' }], personalDevicesPerPupil: 0.5 }),
];
const catalogue = catalogueSchema.parse({
  currency: 'NOK',
  accessPoints: [{ generation: 'wifi6', price: 9000, installation: 3500 }],
  uplinks: [{ mbps: 1000, price: 12000 }, { mbps: 10000, price: 30000 }],
  internetTiers: [{ mbps: 500, monthlyPrice: 5000 }, { mbps: 1000, monthlyPrice: 8000 }, { mbps: 10000, monthlyPrice: 20000 }],
  routers: [{ model: 'R1', throughputMbps: 1000, price: 30000 }, { model: 'R10', throughputMbps: 10000, price: 90000 }],
});

/** A school of 3 buildings, grades 1–10, sized by its number so that some are short and some not. */
function school(i: number): SchoolConfig {
  const perGrade = 20 + (i % 60);
  return {
    id: `s${i}`,
    name: `School ${i}`,
    municipality: `m${i % 356}`,
    devices: [],
    fleet: [],
    internet: { device: 'r', interface: 'x', capacityMbps: [300, 500, 1000][i % 3]! },
    enrolment: YEARS.map((year, y) => ({ year, pupils: Object.fromEntries(Array.from({ length: 10 }, (_, g) => [String(g + 1), Math.round(perGrade * (1 + 0.02 * y))])), staff: 40 })),
    buildings: [0, 1, 2].map((b) => ({ id: `s${i}-b${b}`, name: `B${b}`, classrooms: 8 + b * 2, grades: b === 0 ? [1, 2, 3] : b === 1 ? [4, 5, 6, 7] : [8, 9, 10], uplink: { device: 'sw', interface: 'y', capacityMbps: b === 2 ? 100 : 1000 }, devices: [], dhcpScopes: [], chargingCabinets: 0, accessPoints: Array.from({ length: 6 + b }, (_, a) => ({ id: `s${i}-b${b}-ap${a}`, name: `AP${a}`, generation: a % 3 === 0 ? ('wifi4' as const) : ('wifi6' as const) })) })),
  } as SchoolConfig;
}

const schools = Array.from({ length: SCHOOLS }, (_, i) => school(i));
const params: PlanParameters = { headroom: 0.7, mbpsPerDevice: 1, currentYear: 2026, scenario: 'one-to-one', catalogue, dhcpChurn: 0.25, maxChannelUtilisation: 0.5 };
const window = { samples: 500, from: 0, to: 1, source: 'hourly roll-ups' as const };

global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const buildings: BuildingPlan[] = [];
const recommendations = [];
for (const [i, s] of schools.entries()) {
  const mine = s.buildings.map((b, j) =>
    planBuilding(
      {
        ...buildingFacts(s, { ...b, dhcpScopes: [{ name: 'pupils', size: 254, serves: 'pupils' }, { name: 'staff', size: 126, serves: 'staff' }] }),
        measured: { uplinkP95Mbps: 40 + ((i * 7 + j * 13) % 90), peakClients: 100 + ((i + j) % 200), channelUtilisation: b.accessPoints.map((_, a) => ((a * 17 + i) % 90) / 100), ...window },
        years: YEARS.map((year) => ({ year, devices: buildingDevices(s, b, year, policyFor(policies, 'one-to-one', year)) })),
      },
      params,
    ),
  );
  buildings.push(...mine);
  const plan = planSchool({ schoolId: s.id, schoolName: s.name, internetMbps: s.internet?.capacityMbps, routerMbps: 600, buildings: mine }, params);
  for (const p of [...mine, plan]) for (const recommendation of p.recommendations) recommendations.push({ schoolId: s.id, recommendation: datePurchase(recommendation, TODAY, CALENDAR) });
}
const investment = investmentPlan(recommendations, YEARS, 2026, 4, 'NOK');
const rules = { financing: 'buy' as const, leaseYears: 4, capitalisation: { minimumCost: 100_000, minimumLifeYears: 3, minimumUnitCost: 10_000 }, vatRate: 0.25, priceGrowthPerYear: 0.03, contingency: 0.1 };
const budgeted = budget({ recommendations, fleets: [], planYears: YEARS, today: TODAY, calendar: CALENDAR, rules, deviceLifetimes: {} });
const ms = performance.now() - started;
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;

const total = investment.years.reduce((n, y) => n + y.oneOff, 0);
const budgetTotal = budgeted.municipality.reduce((n, y) => n + y.total, 0);
console.log(`model: ${SCHOOLS} schools, ${buildings.length} buildings, ${YEARS.length} years: ${recommendations.length} recommendations, ${Math.round(total).toLocaleString('en-GB')} NOK bought outright; budget ${Math.round(budgetTotal).toLocaleString('en-GB')} NOK over ${budgeted.budgetYears.length} budget years with growth and contingency`);
console.log(`model: ${Math.round(ms)} ms (goal < ${GOAL_MS} ms: ${ms < GOAL_MS ? 'met' : 'MISSED'}), heap grew ${heapMb.toFixed(0)} MB, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
