// The worked example of docs/model.md, computed by hand there and checked here figure by figure.
import { describe, expect, it } from 'vitest';
import { catalogueSchema } from '../../config/schema.ts';
import { budgetYears } from '../../models/budget-years.ts';
import { fleetInvestment, planFleet } from '../../models/fleet.ts';
import { investmentPlan } from '../../models/investment.ts';
import { planBuilding } from '../../models/plan.ts';

const catalogue = catalogueSchema.parse({
  currency: 'NOK',
  leaseYears: 4,
  accessPoints: [{ generation: 'wifi6', price: 9500, installation: 3000 }],
  uplinks: [
    { mbps: 1000, price: 12_000, installation: 4000 },
    { mbps: 10_000, price: 35_000, installation: 6000 },
  ],
});
const devices = (total: number) => ({ byType: { laptop: total }, total, pupils: total, staff: 0, oneToOne: true });

describe('the worked example in docs/model.md', () => {
  const plan = planBuilding(
    {
      schoolId: 'eks',
      schoolName: 'Eksempel skole',
      buildingId: 'eks-a',
      buildingName: 'Eksempelbygget',
      classrooms: 6,
      accessPoints: ['wifi4', 'wifi4'],
      uplinkMbps: 100,
      measured: { uplinkP95Mbps: 90, peakClients: 120, samples: 4000, source: 'hourly roll-ups', from: Date.parse('2026-10-26T00:00:00Z'), to: Date.parse('2026-11-22T00:00:00Z') },
      years: [
        { year: 2026, devices: devices(140) },
        { year: 2027, devices: devices(150) },
      ],
    },
    { headroom: 0.7, mbpsPerDevice: 1, currentYear: 2026, scenario: 'one-to-one', catalogue, dhcpChurn: 0.25 },
  );

  it('step 1–2: per-device demand calibrated from the building, demand and APs per year', () => {
    // 90 of 100 Mbit/s is a full uplink: the calibrated 105 and 112.5 Mbit/s are lower bounds, and the
    // devices' estimate at the default 1 Mbit/s each is higher.
    expect(plan.years).toEqual([
      { year: 2026, devices: 140, demandMbps: 140, estimateMbps: 140, accessPointsNeeded: 6 },
      { year: 2027, devices: 150, demandMbps: 150, estimateMbps: 150, accessPointsNeeded: 6 },
    ]);
    expect(plan.recommendations[0]!.evidence).toMatchObject({ mbpsPerDevice: 0.75, mbpsPerDeviceSource: 'measured' });
  });

  it('step 3: the uplink, 1 Gbit/s now for 16,000 NOK', () => {
    expect(plan.recommendations.find((r) => r.kind === 'upgrade-uplink')).toMatchObject({ year: 'now', priority: 1, quantity: 1, evidence: { limitMbps: 70, linkFull: true, estimatedMbps: 140, projectedPeakMbps: 150, targetMbps: 1000 }, cost: { oneOff: 16_000 } });
  });

  it('step 4: Wi-Fi, two Wi-Fi 4 APs replaced and four added, 75,000 NOK', () => {
    expect(plan.recommendations.filter((r) => ['add-access-points', 'replace-access-points'].includes(r.kind)).map((r) => [r.kind, r.quantity, r.cost?.oneOff])).toEqual([
      ['replace-access-points', 2, 25_000],
      ['add-access-points', 4, 50_000],
    ]);
  });

  const investment = investmentPlan(plan.recommendations.map((recommendation) => ({ schoolId: 'eks', recommendation })), [2026, 2027, 2028, 2029, 2030], 2026, 4);
  const calendar = { startMonth: 1, purchaseMonth: 6, schoolYearStartMonth: 8 };

  it('step 5: 91,000 NOK bought outright in 2026, or 22,750 NOK a year for four years leased', () => {
    expect(investment.years.map((y) => [y.year, y.oneOff, y.leased])).toEqual([
      [2026, 91_000, 22_750],
      [2027, 0, 22_750],
      [2028, 0, 22_750],
      [2029, 0, 22_750],
      [2030, 0, 0],
    ]);
  });

  it('step 6: in budget years, bought in 2026; leased 9,479.17, three years of 22,750, then 13,270.83', () => {
    expect(budgetYears(investment, calendar).map((y) => [y.budgetYear, y.oneOff, y.leased])).toEqual([
      [2026, 91_000, 9479.17],
      [2027, 0, 22_750],
      [2028, 0, 22_750],
      [2029, 0, 22_750],
      [2030, 0, 13_270.83],
    ]);
  });

  describe('step 7: the laptops', () => {
    const laptop = { type: 'laptop', price: 5000, leasePerMonth: 120, lifetimeYears: 4, residualValue: 300, disposalCost: 100 };
    const fleet = planFleet(
      [
        { year: 2026, byType: { laptop: 140 } },
        { year: 2027, byType: { laptop: 150 } },
      ],
      [
        { type: 'laptop', count: 100, acquired: 2022 },
        { type: 'laptop', count: 40, acquired: 2024 },
      ],
      [laptop],
    );

    it('replaces the 100 from 2022 in 2026 and adds 10 in 2027', () => {
      expect(fleet.map((y) => [y.year, y.needed, y.retired, y.replaced, y.added, y.boughtCost, y.returnedValue, y.leasedCost])).toEqual([
        [2026, 140, 100, 100, 0, 510_000, 30_000, 201_600],
        [2027, 150, 0, 0, 10, 50_000, 0, 216_000],
      ]);
    });

    it('falls into budget years: bought 510,000 and 50,000; leased 84,000, 207,600 and 126,000', () => {
      const devices = budgetYears(fleetInvestment([{ schoolId: 'eks', years: fleet }], [2026, 2027], 4), calendar);
      expect(devices.map((y) => [y.budgetYear, y.oneOff, y.leased])).toEqual([
        [2026, 510_000, 84_000],
        [2027, 50_000, 207_600],
        [2028, 0, 126_000],
      ]);
    });
  });
});
