// Invariants a facilities planner relies on, checked over many generated buildings (fast-check):
// more devices never lower what is recommended or what it costs; a building with ample headroom gets
// nothing; costs add up to the totals; and the same input always gives the same plan.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogueSchema, wifiGenerations, type WifiGeneration } from '../../config/schema.ts';
import { investmentPlan } from '../../models/investment.ts';
import { planBuilding, type BuildingInput, type PlanParameters } from '../../models/plan.ts';

const catalogue = catalogueSchema.parse({
  currency: 'NOK',
  accessPoints: [{ generation: 'wifi6', price: 9500, installation: 3000 }],
  uplinks: [
    { mbps: 1000, price: 12_000, installation: 4000 },
    { mbps: 10_000, price: 35_000, installation: 6000 },
    { mbps: 25_000, price: 60_000, installation: 6000 },
  ],
});
const params: PlanParameters = { headroom: 0.7, mbpsPerDevice: 1, currentYear: 2026, scenario: 's', catalogue, dhcpChurn: 0.25 };

const deviceCount = (total: number, oneToOne: boolean) => ({ byType: { laptop: total }, total, pupils: total, staff: 0, oneToOne });

const building = fc.record({
  classrooms: fc.integer({ min: 1, max: 30 }),
  accessPoints: fc.array(fc.constantFrom<WifiGeneration>(...wifiGenerations), { maxLength: 20 }),
  uplinkMbps: fc.constantFrom(100, 1000, 10_000),
  devices: fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 1, maxLength: 4 }),
  oneToOne: fc.boolean(),
  measured: fc.option(fc.record({ uplinkP95Mbps: fc.double({ min: 0, max: 20_000, noNaN: true }), peakClients: fc.integer({ min: 0, max: 1500 }) }), { nil: undefined }),
});
type Generated = typeof building extends fc.Arbitrary<infer T> ? T : never;

function input(b: Generated, extraDevices = 0): BuildingInput {
  return {
    schoolId: 's',
    schoolName: 'S',
    buildingId: 'b',
    buildingName: 'B',
    classrooms: b.classrooms,
    accessPoints: b.accessPoints,
    uplinkMbps: b.uplinkMbps,
    measured: b.measured && { ...b.measured, samples: 100, source: 'hourly roll-ups', from: 0, to: 1 },
    years: b.devices.map((d, i) => ({ year: 2026 + i, devices: deviceCount(d + extraDevices, b.oneToOne) })),
  };
}

const bought = (plan: ReturnType<typeof planBuilding>) => ({
  accessPoints: plan.recommendations.filter((r) => ['add-access-points', 'replace-access-points'].includes(r.kind)).reduce((n, r) => n + r.quantity, 0),
  uplinkMbps: Number(plan.recommendations.find((r) => r.kind === 'upgrade-uplink')?.evidence.targetMbps ?? 0),
  cost: plan.recommendations.reduce((n, r) => n + (r.cost?.oneOff ?? 0), 0),
});

describe('planning invariants', () => {
  it('more devices never lower the access points, the uplink or the cost recommended', () => {
    fc.assert(
      fc.property(building, fc.integer({ min: 1, max: 500 }), (b, more) => {
        const before = bought(planBuilding(input(b), params));
        const after = bought(planBuilding(input(b, more), params));
        expect(after.accessPoints).toBeGreaterThanOrEqual(before.accessPoints);
        expect(after.uplinkMbps).toBeGreaterThanOrEqual(before.uplinkMbps);
        expect(after.cost).toBeGreaterThanOrEqual(before.cost);
      }),
      { numRuns: 500 },
    );
  });

  it('recommends nothing for a building with ample headroom', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 10 }), (devices, classrooms) => {
        // Twice the APs and four times the uplink the devices need, measured well below the limit.
        const aps = Math.max(classrooms, Math.ceil((2 * devices) / 50));
        const plan = planBuilding(
          {
            ...input({ classrooms, accessPoints: Array(aps).fill('wifi6'), uplinkMbps: 10_000, devices: [devices], oneToOne: true, measured: undefined }),
            uplinkMbps: Math.max(100, 4 * devices),
          },
          params,
        );
        expect(plan.recommendations).toEqual([]);
        expect(plan.status).toBe('ok');
      }),
    );
  });

  it('adds the costs of every recommendation up to the totals, per school year', () => {
    fc.assert(
      fc.property(fc.array(building, { minLength: 1, maxLength: 6 }), (buildings) => {
        const recommendations = buildings.flatMap((b, i) => planBuilding(input(b), params).recommendations.map((recommendation) => ({ schoolId: `s${i % 2}`, recommendation })));
        const plan = investmentPlan(recommendations, [2026, 2027, 2028, 2029], 2026, 4);
        for (const y of plan.years) {
          const started = recommendations.filter(({ recommendation: r }) => (r.year === 'now' ? 2026 : r.year) === y.year);
          expect(y.oneOff).toBeCloseTo(started.reduce((n, { recommendation: r }) => n + (r.cost?.oneOff ?? 0), 0), 2);
          expect(y.oneOff).toBeCloseTo(Object.values(y.bySchool).reduce((n, s) => n + s.oneOff, 0), 2);
        }
        // Leased or bought, the equipment costs the same over the lease period.
        const oneOffs = plan.years.reduce((n, y) => n + y.oneOff, 0);
        const leasedFirstYearOnly = recommendations.every(({ recommendation: r }) => r.year === 'now' || r.year === 2026);
        if (leasedFirstYearOnly) expect(plan.years.reduce((n, y) => n + y.leased, 0)).toBeCloseTo(oneOffs, 2);
      }),
    );
  });

  it('gives the same plan for the same input', () => {
    fc.assert(
      fc.property(building, (b) => {
        expect(planBuilding(input(b), params)).toEqual(planBuilding(input(b), params));
      }),
    );
  });

  it("raising a full link's measured load up to its capacity never lowers the uplink, the access points or the cost", () => {
    fc.assert(
      fc.property(building, fc.double({ min: 0.9, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 1500 }), (b, share, raise, clients) => {
        // A full uplink: measured at 90 % of its capacity or more, then raised towards 100 %.
        const at = (p95: number) => bought(planBuilding(input({ ...b, measured: { uplinkP95Mbps: p95, peakClients: clients } }), params));
        const before = at(b.uplinkMbps * share);
        const after = at(b.uplinkMbps * (share + (1 - share) * raise));
        expect(after.uplinkMbps).toBeGreaterThanOrEqual(before.uplinkMbps);
        expect(after.accessPoints).toBeGreaterThanOrEqual(before.accessPoints);
        expect(after.cost).toBeGreaterThanOrEqual(before.cost);
      }),
      { numRuns: 500 },
    );
  });

  it("plans a full link on at least its devices' estimate, whatever it measured", () => {
    fc.assert(
      fc.property(building, fc.double({ min: 0.9, max: 1, noNaN: true }), fc.integer({ min: 0, max: 1500 }), (b, share, clients) => {
        const plan = planBuilding(input({ ...b, measured: { uplinkP95Mbps: b.uplinkMbps * share, peakClients: clients } }), params);
        for (const y of plan.years) expect(y.demandMbps).toBeGreaterThanOrEqual(y.estimateMbps);
      }),
    );
  });
});
