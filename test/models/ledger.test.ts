// The council's budget: every cost in one table per school and budget year, investment and operating
// apart, with price growth, a contingency and VAT; and purchases dated as a finance office dates them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datePurchase, purchaseOf, type BudgetCalendar } from '../../models/budget-years.ts';
import type { FleetYear } from '../../models/fleet.ts';
import { accountOf, budget, costParts, type BudgetLine, type BudgetRules } from '../../models/ledger.ts';
import type { Recommendation, RecommendationKind } from '../../models/plan.ts';
import { wording } from '../../i18n/render.ts';

const calendar: BudgetCalendar = { startMonth: 1, purchaseMonth: 6, schoolYearStartMonth: 8 };
const rules: BudgetRules = { financing: 'buy', leaseYears: 4, capitalisation: { minimumCost: 100_000, minimumLifeYears: 3, minimumUnitCost: 10_000 }, vatRate: 0.25, priceGrowthPerYear: 0, contingency: 0 };
const planYears = [2026, 2027, 2028, 2029];

function rec(kind: RecommendationKind, year: number | 'now', quantity: number, unit: number, opts: { yearly?: number; leasable?: boolean; life?: number } = {}): Recommendation {
  return {
    kind,
    year,
    quantity,
    priority: 1,
    cost: { item: kind, currency: 'NOK', unitPrice: unit, oneOff: quantity * unit, yearly: opts.yearly ?? 0, leasable: opts.leasable ?? true, ...(opts.leasable === false ? {} : { lifetimeYears: opts.life ?? 5 }) },
    message: { key: 'reason.nothing' },
    evidence: {},
  };
}

const fleetYear = (year: number, buy: number, price: number, extra: Partial<FleetYear> = {}): FleetYear => ({ year, type: 'laptop', needed: buy, inService: buy, added: buy, replaced: 0, retired: 0, price, disposalCost: 0, boughtCost: buy * price, returnedValue: 0, ...extra });

describe('purchases dated as a finance office dates them', () => {
  it('pays what is needed now in the next purchase month that has not passed, and says so', () => {
    const at = (year: number, month: number, needed: number | 'now') => purchaseOf(needed, { year, month }, calendar);
    // 7 December 2026: June 2026 is long past, so June 2027, budget year 2027.
    expect(at(2026, 12, 'now')).toEqual({ year: 2027, month: 6, budgetYear: 2027, urgent: true });
    // 2026/27's own purchases were due in June 2026: they move too, as urgent.
    expect(at(2026, 12, 2026)).toEqual({ year: 2027, month: 6, budgetYear: 2027, urgent: true });
    // Later school years keep their own June.
    expect(at(2026, 12, 2028)).toEqual({ year: 2028, month: 6, budgetYear: 2028, urgent: false });
    // In the purchase month itself it has not passed; a month later it has.
    expect(at(2026, 6, 'now')).toMatchObject({ year: 2026, budgetYear: 2026 });
    expect(at(2026, 7, 'now')).toMatchObject({ year: 2027, budgetYear: 2027 });
    expect(at(2027, 3, 'now')).toMatchObject({ year: 2027, budgetYear: 2027 });
    // A budget year from August: June 2027 falls in the one that started in August 2026.
    expect(purchaseOf('now', { year: 2026, month: 12 }, { ...calendar, startMonth: 8 })).toMatchObject({ year: 2027, budgetYear: 2026 });
  });

  it('gives the same quantities and costs whatever the day, and words the month in the reader\'s language', () => {
    const r = rec('add-access-points', 'now', 6, 12_500);
    for (const month of [1, 5, 6, 7, 12]) {
      const dated = datePurchase(r, { year: 2026, month }, calendar);
      expect(dated).toMatchObject({ kind: r.kind, quantity: 6, cost: r.cost, year: 'now' });
      expect(dated.purchase!.year * 12 + dated.purchase!.month).toBeGreaterThanOrEqual(2026 * 12 + month);
    }
    const december = datePurchase(r, { year: 2026, month: 12 }, calendar);
    expect(wording('nb')(december.message)).toBe('; haster: tidligste innkjøpsmåned er juni 2027, budsjettår 2027');
    expect(wording('en')(datePurchase(rec('upgrade-uplink', 2028, 1, 16_000), { year: 2026, month: 12 }, calendar).message)).toBe('; paid in June 2028, budget year 2028');
    // Changes to how the network is run are not bought.
    const move = { ...rec('move-movable-traffic', 'now', 1, 0), cost: undefined };
    expect(datePurchase(move, { year: 2026, month: 12 }, calendar)).toBe(move);
  });
});

describe('investment or operating', () => {
  it('follows the capitalisation rule: at least 100,000 with VAT, three years, and not a heap of cheap items', () => {
    // Eight APs at 12,500: 100,000 excluding VAT, 125,000 with it, each 15,625: an investment.
    expect(accountOf(100_000, 12_500, 5, rules)).toBe('investment');
    // A 16,000 uplink: too small.
    expect(accountOf(16_000, 16_000, 5, rules)).toBe('operating');
    // 300 laptops at 5,000: 1.5 million, but each is trivial (6,250 with VAT): operating, as KRS 4 practice has it.
    expect(accountOf(1_500_000, 5000, 4, rules)).toBe('operating');
    // Tablets at 9,000 (11,250 with VAT), 100 of them, lasting three years: an investment.
    expect(accountOf(900_000, 9000, 3, rules)).toBe('investment');
    // Lasting two years: operating, however costly.
    expect(accountOf(900_000, 9000, 2, rules)).toBe('operating');
  });
});

describe('the budget per school and budget year', () => {
  const today = { year: 2026, month: 12 };
  const dated = (schoolId: string, r: Recommendation) => ({ schoolId, recommendation: datePurchase(r, today, calendar) });

  it('adds network, charging, devices, running and returns into one total, investment and operating apart', () => {
    const b = budget({
      recommendations: [
        dated('a', rec('add-access-points', 'now', 8, 12_500)),
        dated('a', rec('upgrade-uplink', 2028, 1, 16_000)),
        dated('a', rec('add-charging-cabinets', 2027, 3, 30_000, { life: 10 })),
        // A line: 3,000 to install, 120,000 a year from 2027/28.
        dated('b', { ...rec('raise-internet-tier', 'now', 1, 10_000, { leasable: false, yearly: 120_000 }), cost: { item: 'line', currency: 'NOK', unitPrice: 10_000, oneOff: 3000, yearly: 120_000, leasable: false } }),
      ],
      fleets: [{ schoolId: 'a', years: [fleetYear(2026, 100, 5000, { retired: 10, disposalCost: 100, returnedValue: 3000 }), fleetYear(2027, 10, 5000)] }],
      planYears,
      today,
      calendar,
      rules,
      deviceLifetimes: { laptop: 4 },
    });
    expect(b.budgetYears).toEqual([2027, 2028, 2029, 2030]);
    const a = b.schools.find((s) => s.schoolId === 'a')!.years;
    // 2027: the APs (urgent, June 2027) and three cabinets (112,500 with VAT) as investments; 2026/27's
    // and 2027/28's laptops, paid June 2027, as operating, each being trivial.
    expect(a[0]).toMatchObject({ budgetYear: 2027, network: 100_000, charging: 90_000, devices: 500_000 + 1000 + 50_000, returned: -3000, running: 0, investment: 100_000 + 90_000, operating: 551_000 - 3000 });
    expect(a[1]).toMatchObject({ budgetYear: 2028, network: 16_000, operating: 16_000, investment: 0 });
    const line = b.schools.find((s) => s.schoolId === 'b')!.years;
    // The line runs from August 2027: 5/12 of a year in 2027, whole years after, 7/12 in 2030.
    expect(line.map((y) => y.running)).toEqual([50_000, 120_000, 120_000, 70_000]);
    expect(line[0]).toMatchObject({ network: 3000, operating: 53_000, vat: 13_250 });
    for (const l of [...b.schools.flatMap((s) => s.years), ...b.municipality]) expectAddsUp(l);
  });

  it('grows later purchases by the price growth and adds the contingency, each as its own figure', () => {
    const b = budget({
      recommendations: [dated('a', rec('upgrade-uplink', 'now', 1, 100_000)), dated('a', rec('upgrade-uplink', 2029, 1, 100_000))],
      fleets: [],
      planYears,
      today,
      calendar,
      rules: { ...rules, priceGrowthPerYear: 0.03, contingency: 0.1 },
      deviceLifetimes: {},
    });
    const [y2027, y2029] = [b.municipality.find((y) => y.budgetYear === 2027)!, b.municipality.find((y) => y.budgetYear === 2029)!];
    // Priced in budget year 2026 (the plan's day): 2027 is one year on, 2029 three.
    expect(y2027.priceGrowth).toBeCloseTo(3000, 2);
    expect(y2027.contingency).toBeCloseTo(10_300, 2);
    expect(y2029.priceGrowth).toBeCloseTo(100_000 * (1.03 ** 3 - 1), 2);
    expect(y2029.total).toBeCloseTo(100_000 * 1.03 ** 3 * 1.1, 1);
    expect(y2029.investment).toBe(y2029.total);
  });

  it('spreads leased equipment and devices over the years they run, as operating costs', () => {
    const b = budget({
      recommendations: [dated('a', rec('add-access-points', 2027, 8, 12_000))],
      fleets: [{ schoolId: 'a', years: [fleetYear(2027, 100, 5000, { leasePerMonth: 100, leasedCost: 120_000 })] }],
      planYears,
      today,
      calendar,
      rules: { ...rules, financing: 'lease' },
      deviceLifetimes: { laptop: 4 },
    });
    const total = b.municipality.reduce((n, y) => n + y.running, 0);
    // 96,000 of APs over four years from 2027/28, of which 2027/28, 2028/29 and 2029/30 fall in the plan; the laptops' one year.
    expect(total).toBeCloseTo(72_000 + 120_000, 2);
    expect(b.municipality.every((y) => y.investment === 0 && y.network === 0 && y.devices === 0)).toBe(true);
  });

  it('adds up on any municipality: each line its parts, investment and operating its total, the municipality its schools', () => {
    const kinds: RecommendationKind[] = ['add-access-points', 'upgrade-uplink', 'replace-router', 'add-charging-cabinets'];
    const recommendation = fc.record({
      school: fc.constantFrom('a', 'b', 'c'),
      kind: fc.constantFrom(...kinds),
      year: fc.constantFrom<number | 'now'>('now', 2026, 2027, 2028, 2029),
      quantity: fc.integer({ min: 1, max: 40 }),
      unit: fc.integer({ min: 0, max: 200_000 }),
      yearly: fc.integer({ min: 0, max: 200_000 }),
      leasable: fc.boolean(),
    });
    const fleet = fc.record({ school: fc.constantFrom('a', 'b'), year: fc.constantFrom(2026, 2027, 2028, 2029), buy: fc.integer({ min: 0, max: 500 }), price: fc.integer({ min: 1000, max: 20_000 }), retired: fc.integer({ min: 0, max: 100 }), lease: fc.option(fc.integer({ min: 50, max: 400 }), { nil: undefined }) });
    fc.assert(
      fc.property(
        fc.array(recommendation, { maxLength: 20 }),
        fc.array(fleet, { maxLength: 10 }),
        fc.record({ month: fc.integer({ min: 1, max: 12 }), growth: fc.double({ min: 0, max: 0.1, noNaN: true }), contingency: fc.double({ min: 0, max: 0.3, noNaN: true }), lease: fc.boolean() }),
        (recs, fleets, o) => {
          const day = { year: 2026, month: o.month };
          const b = budget({
            recommendations: recs.map((r) => ({ schoolId: r.school, recommendation: datePurchase({ ...rec(r.kind, r.year, r.quantity, r.unit, { leasable: r.leasable }), cost: { ...rec(r.kind, r.year, r.quantity, r.unit).cost!, yearly: r.yearly, leasable: r.leasable } }, day, calendar) })),
            fleets: fleets.map((f) => ({ schoolId: f.school, years: [fleetYear(f.year, f.buy, f.price, { retired: f.retired, disposalCost: 150, returnedValue: f.retired * 300, ...(f.lease ? { leasePerMonth: f.lease, leasedCost: f.buy * f.lease * 12 } : {}) })] })),
            planYears,
            today: day,
            calendar,
            rules: { ...rules, priceGrowthPerYear: o.growth, contingency: o.contingency, financing: o.lease ? 'lease' : 'buy' },
            deviceLifetimes: { laptop: 4 },
          });
          for (const s of b.schools) {
            expect(s.years.map((y) => y.budgetYear)).toEqual(b.budgetYears);
            for (const l of s.years) expectAddsUp(l);
          }
          b.municipality.forEach((m, i) => {
            expectAddsUp(m);
            for (const k of [...costParts, 'investment', 'operating', 'total', 'vat'] as const) expect(m[k]).toBeCloseTo(b.schools.reduce((n, s) => n + s.years[i]![k], 0), 1);
          });
          // Nothing bought is paid before the purchase month the plan could still reach.
          const earliest = purchaseOf('now', day, calendar).budgetYear;
          for (const m of b.municipality) if (m.budgetYear < earliest) expect(m.network + m.charging + m.devices).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

/** A line's total is its parts, growth and contingency, and investment + operating; VAT is the rate on its costs. */
function expectAddsUp(l: BudgetLine) {
  const parts = costParts.reduce((n, k) => n + l[k], 0) + l.priceGrowth + l.contingency;
  expect(l.total).toBeCloseTo(parts, 1);
  expect(l.investment + l.operating).toBeCloseTo(l.total, 1);
  expect(l.vat).toBeCloseTo((l.total - l.returned) * 0.25, 1);
}
