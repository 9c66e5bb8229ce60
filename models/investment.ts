// The investment plan: what the recommendations cost per school and per school year, bought outright
// or leased, and the municipality's totals, for a budget. Pure.
import { round } from './costs.ts';
import { ACTIONS, type Recommendation } from './plan.ts';

export interface Money {
  /** Paid in the year: equipment and installation bought outright. */
  oneOff: number;
  /** Recurring in the year: subscriptions started in it or before. */
  yearly: number;
  /** The year's cost when equipment is leased: lease instalments running in it, plus subscriptions. */
  leased: number;
  /** The lease instalments within `leased` (the rest is subscriptions and what cannot be leased). */
  instalments: number;
}

export interface YearInvestment extends Money {
  year: number;
  bySchool: Record<string, Money>;
}

export interface InvestmentPlan {
  currency?: string;
  leaseYears: number;
  years: YearInvestment[];
  /** Recommendations the catalogue gives no price for, so the totals leave them out. */
  unpriced: number;
}

export function investmentPlan(
  recommendations: { schoolId: string; recommendation: Recommendation }[],
  planYears: number[],
  currentYear: number,
  leaseYears: number,
  /** The catalogue's currency, so a plan with nothing to buy still says which. */
  currency?: string,
): InvestmentPlan {
  const years: YearInvestment[] = planYears.map((year) => ({ year, oneOff: 0, yearly: 0, leased: 0, instalments: 0, bySchool: {} }));
  let unpriced = 0;
  for (const { schoolId, recommendation: r } of recommendations) {
    if (ACTIONS.has(r.kind)) continue;
    if (!r.cost) {
      unpriced++;
      continue;
    }
    // Dated recommendations start when paid (a purchase month that has not passed), the rest in their school year.
    const start = r.purchase?.year ?? (r.year === 'now' ? currentYear : r.year);
    const { oneOff, yearly, leasable } = r.cost;
    for (const y of years) {
      if (y.year < start) continue;
      const first = y.year === start;
      // Leased equipment is paid in equal instalments over leaseYears; a line's fee when it starts.
      const instalments = leasable && y.year - start < leaseYears ? oneOff / leaseYears : 0;
      const add: Money = {
        oneOff: first ? oneOff : 0,
        yearly,
        leased: instalments + (!leasable && first ? oneOff : 0) + yearly,
        instalments,
      };
      const school = (y.bySchool[schoolId] ??= { oneOff: 0, yearly: 0, leased: 0, instalments: 0 });
      for (const k of ['oneOff', 'yearly', 'leased', 'instalments'] as const) {
        school[k] = round(school[k] + add[k]);
        y[k] = round(y[k] + add[k]);
      }
    }
  }
  return { currency, leaseYears, years, unpriced };
}
