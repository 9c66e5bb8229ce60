// The plan's costs in the municipality's budget years: purchases in the month they are paid, running
// costs month by month over the school year, and the same totals as the school years.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetYears, type BudgetCalendar } from '../../models/budget-years.ts';
import { investmentPlan } from '../../models/investment.ts';
import type { Recommendation } from '../../models/plan.ts';

const CALENDAR: BudgetCalendar = { startMonth: 1, purchaseMonth: 6, schoolYearStartMonth: 8 };

const rec = (year: number, oneOff: number, yearly: number, leasable: boolean): Recommendation => ({
  kind: 'add-access-points',
  year,
  quantity: 1,
  priority: 1,
  cost: { item: 'x', currency: 'NOK', unitPrice: oneOff, oneOff, yearly, leasable },
  message: { key: 'reason.nothing' },
  evidence: {},
});

describe('budget years', () => {
  it('pays a purchase in its month and spreads running costs over the school year: 5/12 and 7/12 for an August start', () => {
    const plan = investmentPlan([{ schoolId: 's', recommendation: rec(2026, 120_000, 12_000, true) }], [2026, 2027, 2028, 2029], 2026, 4, 'NOK');
    const years = budgetYears(plan, CALENDAR);
    expect(years.map((y) => [y.budgetYear, y.oneOff, y.yearly, y.instalments])).toEqual([
      // June 2026: the purchase; Aug–Dec 2026: 5 months of the subscription and of the first instalment (30,000 a school year).
      [2026, 120_000, 5_000, 12_500],
      [2027, 0, 12_000, 30_000],
      [2028, 0, 12_000, 30_000],
      [2029, 0, 12_000, 30_000],
      // Jan–Jul 2030: the rest of school year 2029.
      [2030, 0, 7_000, 17_500],
    ]);
    // A budget year from July: the June purchase falls in the one that started in July 2025.
    expect(budgetYears(plan, { ...CALENDAR, startMonth: 7 })[0]).toMatchObject({ budgetYear: 2025, oneOff: 120_000, yearly: 0 });
  });

  it('adds up to the school years, in every view, whatever the calendar', () => {
    const recommendation = fc.record({
      school: fc.constantFrom('a', 'b', 'c'),
      year: fc.integer({ min: 2026, max: 2031 }),
      oneOff: fc.integer({ min: 0, max: 2_000_000 }),
      yearly: fc.integer({ min: 0, max: 200_000 }),
      leasable: fc.boolean(),
    });
    const calendar = fc.record({ startMonth: fc.integer({ min: 1, max: 12 }), purchaseMonth: fc.integer({ min: 1, max: 12 }), schoolYearStartMonth: fc.integer({ min: 1, max: 12 }) });
    fc.assert(
      fc.property(fc.array(recommendation, { maxLength: 20 }), calendar, fc.integer({ min: 1, max: 6 }), (recs, cal, leaseYears) => {
        const plan = investmentPlan(recs.map((r) => ({ schoolId: r.school, recommendation: rec(r.year, r.oneOff, r.yearly, r.leasable) })), [2026, 2027, 2028, 2029, 2030, 2031], 2026, leaseYears, 'NOK');
        const years = budgetYears(plan, cal);
        for (const k of ['oneOff', 'yearly', 'leased', 'instalments'] as const) {
          const bySchoolYear = plan.years.reduce((n, y) => n + y[k], 0);
          const byBudgetYear = years.reduce((n, y) => n + y[k], 0);
          // Rounded to 0.01 per year and school: the sums may differ by those roundings only.
          expect(Math.abs(bySchoolYear - byBudgetYear), k).toBeLessThanOrEqual(0.01 * (years.length + plan.years.length) * 4);
          for (const school of ['a', 'b', 'c']) {
            const schoolTotal = plan.years.reduce((n, y) => n + (y.bySchool[school]?.[k] ?? 0), 0);
            const budgetTotal = years.reduce((n, y) => n + (y.bySchool[school]?.[k] ?? 0), 0);
            expect(Math.abs(schoolTotal - budgetTotal), `${school} ${k}`).toBeLessThanOrEqual(0.01 * (years.length + plan.years.length) * 2);
          }
        }
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });

  it('puts every purchase in exactly one budget year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2026, max: 2031 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (year, startMonth, purchaseMonth) => {
        const plan = investmentPlan([{ schoolId: 's', recommendation: rec(year, 50_000, 0, false) }], [2026, 2027, 2028, 2029, 2030, 2031], 2026, 4, 'NOK');
        const withPurchase = budgetYears(plan, { ...CALENDAR, startMonth, purchaseMonth }).filter((y) => y.oneOff > 0);
        expect(withPurchase).toHaveLength(1);
        expect(withPurchase[0]!.oneOff).toBe(50_000);
      }),
      { numRuns: 200, seed: 20261130 },
    );
  });
});

describe('leasing', () => {
  it('pays over the lease period what buying pays at once, when the plan is long enough to hold it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 6 }), (oneOff, yearly, leaseYears) => {
        const years = Array.from({ length: leaseYears + 1 }, (_, i) => 2026 + i);
        const plan = investmentPlan([{ schoolId: 's', recommendation: rec(2026, oneOff, yearly, true) }], years, 2026, leaseYears, 'NOK');
        const sum = (k: 'oneOff' | 'instalments' | 'leased' | 'yearly') => plan.years.reduce((n, y) => n + y[k], 0);
        expect(sum('instalments')).toBeCloseTo(sum('oneOff'), 0);
        expect(sum('leased')).toBeCloseTo(sum('oneOff') + sum('yearly'), 0);
        // And in budget years just the same.
        const budget = budgetYears(plan, CALENDAR);
        expect(budget.reduce((n, y) => n + y.instalments, 0)).toBeCloseTo(oneOff, 0);
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });
});
