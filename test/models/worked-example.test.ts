// The worked example of docs/model.md, computed by hand there and checked here figure by figure.
import { describe, expect, it } from 'vitest';
import { catalogueSchema } from '../../config/schema.ts';
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
    expect(plan.years).toEqual([
      { year: 2026, devices: 140, demandMbps: 105, accessPointsNeeded: 6 },
      { year: 2027, devices: 150, demandMbps: 112.5, accessPointsNeeded: 6 },
    ]);
    expect(plan.recommendations[0]!.evidence).toMatchObject({ mbpsPerDevice: 0.75, mbpsPerDeviceSource: 'measured' });
  });

  it('step 3: the uplink, 1 Gbit/s now for 16,000 NOK', () => {
    expect(plan.recommendations.find((r) => r.kind === 'upgrade-uplink')).toMatchObject({ year: 'now', priority: 1, quantity: 1, evidence: { limitMbps: 70, projectedPeakMbps: 112.5, targetMbps: 1000 }, cost: { oneOff: 16_000 } });
  });

  it('step 4: Wi-Fi, two Wi-Fi 4 APs replaced and four added, 75,000 NOK', () => {
    expect(plan.recommendations.filter((r) => r.kind.endsWith('access-points')).map((r) => [r.kind, r.quantity, r.cost?.oneOff])).toEqual([
      ['replace-access-points', 2, 25_000],
      ['add-access-points', 4, 50_000],
    ]);
  });

  it('step 5: 91,000 NOK bought outright in 2026, or 22,750 NOK a year for four years leased', () => {
    const investment = investmentPlan(plan.recommendations.map((recommendation) => ({ schoolId: 'eks', recommendation })), [2026, 2027, 2028, 2029, 2030], 2026, 4);
    expect(investment.years.map((y) => [y.year, y.oneOff, y.leased])).toEqual([
      [2026, 91_000, 22_750],
      [2027, 0, 22_750],
      [2028, 0, 22_750],
      [2029, 0, 22_750],
      [2030, 0, 0],
    ]);
  });
});
