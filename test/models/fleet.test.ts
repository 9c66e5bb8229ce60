// The device fleet over the plan's years: growth, replacements at end of life, returns, and the cost
// bought or leased, by hand and as properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DevicePolicy } from '../../config/schema.ts';
import { countDevices } from '../../models/devices.ts';
import { planFleet, type DeviceOffer } from '../../models/fleet.ts';

const LAPTOP: DeviceOffer = { type: 'laptop', price: 8000, leasePerMonth: 250, lifetimeYears: 4, residualValue: 500, disposalCost: 200 };

describe('the device fleet', () => {
  it('works a school by hand: growth now, the 2023 laptops replaced in 2027, nothing bought after', () => {
    const years = planFleet(
      [
        { year: 2026, byType: { laptop: 120 } },
        { year: 2027, byType: { laptop: 130 } },
        { year: 2028, byType: { laptop: 130 } },
      ],
      [{ type: 'laptop', count: 100, acquired: 2023 }],
      [LAPTOP],
    );
    expect(years).toEqual([
      // 20 more than the 100 in service: 20 × 8,000.
      { year: 2026, type: 'laptop', needed: 120, inService: 120, added: 20, replaced: 0, retired: 0, price: 8000, disposalCost: 200, boughtCost: 160_000, returnedValue: 0, leasePerMonth: 250, leasedCost: 360_000 },
      // The 100 from 2023 reach four years: 100 replaced and 10 added; each returned one costs 200 to dispose of and brings back 500.
      { year: 2027, type: 'laptop', needed: 130, inService: 130, added: 10, replaced: 100, retired: 100, price: 8000, disposalCost: 200, boughtCost: 110 * 8000 + 100 * 200, returnedValue: 50_000, leasePerMonth: 250, leasedCost: 390_000 },
      { year: 2028, type: 'laptop', needed: 130, inService: 130, added: 0, replaced: 0, retired: 0, price: 8000, disposalCost: 200, boughtCost: 0, returnedValue: 0, leasePerMonth: 250, leasedCost: 390_000 },
    ]);
  });

  it('retires devices no longer needed at end of life without replacing them, and reads only types on offer', () => {
    const years = planFleet([{ year: 2026, byType: { tablet: 40, laptop: 10 } }], [{ type: 'tablet', count: 60, acquired: 2022 }], [{ ...LAPTOP, type: 'tablet', price: 4000, leasePerMonth: undefined }]);
    expect(years).toEqual([{ year: 2026, type: 'tablet', needed: 40, inService: 40, added: 0, replaced: 40, retired: 60, price: 4000, disposalCost: 200, boughtCost: 40 * 4000 + 60 * 200, returnedValue: 60 * 500 }]);
  });

  // The cost, not the net: a device bought earlier may return its residual value inside the plan's
  // span where the later one would not, so the income is kept apart (returnedValue).
  it('never costs less for more devices needed in any year', () => {
    const needs = fc.array(fc.integer({ min: 0, max: 800 }), { minLength: 1, maxLength: 6 });
    const offer = fc.record({
      price: fc.integer({ min: 1, max: 20_000 }),
      lifetimeYears: fc.integer({ min: 1, max: 6 }),
      residualShare: fc.double({ min: 0, max: 1, noNaN: true }),
      disposalCost: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(needs, offer, fc.nat({ max: 5 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 2018, max: 2026 }), (need, o, at, extra, baseCount, acquired) => {
        const offers: DeviceOffer[] = [{ type: 'laptop', price: o.price, lifetimeYears: o.lifetimeYears, residualValue: Math.floor(o.price * o.residualShare), disposalCost: o.disposalCost }];
        const base = [{ type: 'laptop', count: baseCount, acquired }];
        const years = (list: number[]) => list.map((n, i) => ({ year: 2026 + i, byType: { laptop: n } }));
        const cost = (list: number[]) => planFleet(years(list), base, offers).reduce((n, y) => n + y.boughtCost, 0);
        const more = need.map((n, i) => (i === at % need.length ? n + extra : n));
        expect(cost(more)).toBeGreaterThanOrEqual(cost(need));
      }),
      { numRuns: 500, seed: 20261130 },
    );
  });

  // From pupils to cost: the policy turns pupils into devices (shared ones rounded up per band), the
  // fleet turns devices into purchases. More pupils in any grade and year must not cost less.
  it('never costs less, bought or leased, for more pupils in any grade and year', () => {
    const band = fc.record({ from: fc.integer({ min: 1, max: 10 }), span: fc.integer({ min: 0, max: 3 }), pupilsPerDevice: fc.constantFrom(1, 2, 3, 5), deviceType: fc.constantFrom('tablet' as const, 'laptop' as const) });
    const enrolment = fc.array(fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 10, maxLength: 10 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(band, { minLength: 1, maxLength: 3 }), enrolment, fc.nat(), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 300 }), (bands, pupilsPerYear, at, extra, baseCount) => {
        const policy: DevicePolicy = { name: 'p', effectiveFrom: 2026, staffDevicesPerPerson: 1, personalDevicesPerPupil: 0, bands: bands.map((b) => ({ grades: [b.from, b.from + b.span] as [number, number], pupilsPerDevice: b.pupilsPerDevice, deviceType: b.deviceType })) };
        const offers: DeviceOffer[] = [LAPTOP, { ...LAPTOP, type: 'tablet', price: 4000, leasePerMonth: 120, lifetimeYears: 3 }];
        const base = [{ type: 'laptop', count: baseCount, acquired: 2023 }, { type: 'tablet', count: baseCount, acquired: 2024 }];
        const cost = (pupils: number[][]) => {
          const needed = pupils.map((grades, i) => ({ year: 2026 + i, byType: countDevices(new Map(grades.map((n, g) => [g + 1, n])), 30, policy).byType }));
          const years = planFleet(needed, base, offers);
          return { bought: years.reduce((n, y) => n + y.boughtCost, 0), leased: years.reduce((n, y) => n + (y.leasedCost ?? 0), 0) };
        };
        const year = at % pupilsPerYear.length;
        const grade = Math.floor(at / pupilsPerYear.length) % 10;
        const more = pupilsPerYear.map((grades, i) => grades.map((n, g) => (i === year && g === grade ? n + extra : n)));
        const before = cost(pupilsPerYear);
        const after = cost(more);
        expect(after.bought).toBeGreaterThanOrEqual(before.bought);
        expect(after.leased).toBeGreaterThanOrEqual(before.leased);
      }),
      { numRuns: 500, seed: 20261130 },
    );
  });
});
