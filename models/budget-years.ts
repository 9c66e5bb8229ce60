// The investment plan in the municipality's budget years (the calendar year by default; the
// økonomiplan runs four of them). A school year's equipment is paid in the month it is bought, before
// the school year starts; its subscriptions and lease instalments run month by month over the school
// year, so a school year starting in August pays 5/12 of them in its first calendar year and 7/12 in
// the next. Every cost lands in exactly one budget year, and the budget years add up to the school
// years over the same span. Pure.
import { round } from './costs.ts';
import type { InvestmentPlan, Money } from './investment.ts';
import { monthYear, msg } from './message.ts';
import { ACTIONS, type Recommendation } from './plan.ts';

export interface BudgetCalendar {
  /** The month a budget year starts, 1–12 (1: the calendar year). */
  startMonth: number;
  /** The month a school year's equipment is paid, 1–12 (6: June, before an August start). */
  purchaseMonth: number;
  /** The month school years start, 1–12 (8: August). */
  schoolYearStartMonth: number;
}

export interface BudgetYear extends Money {
  /** The calendar year the budget year starts in. */
  budgetYear: number;
  bySchool: Record<string, Money>;
}

export type Share = { budgetYear: number; part: number };

/**
 * Where a school year's costs fall: the purchase in one budget year, the running costs over twelve
 * months. With `today`, a school year whose purchase month has passed is paid in the next that has not.
 */
export function budgetYears(plan: InvestmentPlan, calendar: BudgetCalendar, today?: YearMonth): BudgetYear[] {
  const totals = new Map<number, { money: Money; bySchool: Map<string, Money> }>();
  const add = (budgetYear: number, school: string, k: keyof Money, amount: number) => {
    if (amount === 0) return;
    let year = totals.get(budgetYear);
    if (!year) totals.set(budgetYear, (year = { money: zero(), bySchool: new Map() }));
    year.money[k] += amount;
    const money = year.bySchool.get(school) ?? zero();
    money[k] += amount;
    year.bySchool.set(school, money);
  };
  for (const y of plan.years) {
    const purchase = today ? purchaseOf(y.year, today, calendar).budgetYear : budgetYearOf(y.year, calendar.purchaseMonth, calendar.startMonth);
    const running = runningShares(y.year, calendar);
    for (const [school, money] of Object.entries(y.bySchool)) {
      add(purchase, school, 'oneOff', money.oneOff);
      // In the leased view, what cannot be leased is still paid when bought.
      add(purchase, school, 'leased', money.leased - money.instalments - money.yearly);
      for (const { budgetYear, part } of running) {
        add(budgetYear, school, 'yearly', money.yearly * part);
        add(budgetYear, school, 'instalments', money.instalments * part);
        add(budgetYear, school, 'leased', (money.instalments + money.yearly) * part);
      }
    }
  }
  return [...totals]
    .sort(([a], [b]) => a - b)
    .map(([budgetYear, { money, bySchool }]) => ({
      budgetYear,
      ...rounded(money),
      bySchool: Object.fromEntries([...bySchool].map(([school, m]) => [school, rounded(m)])),
    }));
}

/** A month of a calendar year, 1–12: the day a plan is made, or when something is paid. */
export interface YearMonth {
  year: number;
  month: number;
}

/** When a purchase is paid: its month, the budget year that month falls in, and the school year it serves. */
export interface Purchase extends YearMonth {
  budgetYear: number;
  /** Needed now, or its school year's purchase month has passed: the earliest purchase month that has not. */
  urgent: boolean;
}

/**
 * When what school year `needed` needs ('now': today) is paid. A school year's purchases are paid in
 * its purchase month (June of 2027 for 2027/28); where that month has passed on `today`, or the need
 * is now, they are paid in the next purchase month that has not passed, as a finance office would.
 * The school year the purchase serves is then the calendar year it is paid in.
 */
export function purchaseOf(needed: number | 'now', today: YearMonth, calendar: BudgetCalendar): Purchase {
  const earliest = today.month <= calendar.purchaseMonth ? today.year : today.year + 1;
  const year = needed === 'now' ? earliest : Math.max(needed, earliest);
  return { year, month: calendar.purchaseMonth, budgetYear: budgetYearOf(year, calendar.purchaseMonth, calendar.startMonth), urgent: needed === 'now' || year > needed };
}

/**
 * The recommendation with its purchase dated, and its reason saying when: "urgent: the earliest
 * purchase month is June 2027, budget year 2027", or "paid in June 2028, budget year 2028". Changes
 * to how the network is run are not bought and stay as they are.
 */
export function datePurchase(r: Recommendation, today: YearMonth, calendar: BudgetCalendar): Recommendation {
  if (ACTIONS.has(r.kind)) return r;
  const purchase = purchaseOf(r.year, today, calendar);
  const when = msg(purchase.urgent ? 'reason.purchase.urgent' : 'reason.purchase.planned', { month: monthYear(purchase.year, purchase.month), budgetYear: purchase.budgetYear });
  return { ...r, purchase, message: msg('reason.purchase.with', { reason: r.message, when }) };
}

/** The budget year (by the calendar year it starts in) of a month of a calendar year. */
export function budgetYearOf(calendarYear: number, month: number, startMonth: number): number {
  return month >= startMonth ? calendarYear : calendarYear - 1;
}

/** The twelve months of school year `year` as shares of the budget years they fall in (the workbook writes them as formulas). */
export function runningShares(year: number, calendar: BudgetCalendar): Share[] {
  const shares = new Map<number, number>();
  for (let k = 0; k < 12; k++) {
    const index = calendar.schoolYearStartMonth - 1 + k;
    const budgetYear = budgetYearOf(year + Math.floor(index / 12), (index % 12) + 1, calendar.startMonth);
    shares.set(budgetYear, (shares.get(budgetYear) ?? 0) + 1 / 12);
  }
  return [...shares].map(([budgetYear, part]) => ({ budgetYear, part }));
}

const zero = (): Money => ({ oneOff: 0, yearly: 0, leased: 0, instalments: 0 });

const rounded = (m: Money): Money => ({ oneOff: round(m.oneOff), yearly: round(m.yearly), leased: round(m.leased), instalments: round(m.instalments) });
