// The plan's budget: every cost it knows, network and devices alike, in one table per school and
// budget year, investment (investering) and operating (drift) apart, with price growth, a contingency
// and the VAT on it, as a municipal budget is laid out. Pure. Rules and sources: docs/model.md §6c.
import { budgetYearOf, purchaseOf, runningShares, type BudgetCalendar, type Purchase, type YearMonth } from './budget-years.ts';
import { round, type Cost } from './costs.ts';
import type { FleetYear } from './fleet.ts';
import { ACTIONS, type Recommendation, type RecommendationKind } from './plan.ts';

/** What a cost is for: the parts a school's budget year adds up from. */
export const costParts = ['network', 'charging', 'devices', 'running', 'returned'] as const;
export type CostPart = (typeof costParts)[number];

export type Account = 'investment' | 'operating';

export interface Capitalisation {
  /** A purchase costing at least this, VAT included, may be an investment. */
  minimumCost: number;
  /** …if it lasts at least this many years… */
  minimumLifeYears: number;
  /** …and each unit of it costs at least this, VAT included: many cheap items bought together are not one asset. */
  minimumUnitCost: number;
}

export interface BudgetRules {
  financing: 'buy' | 'lease';
  leaseYears: number;
  capitalisation: Capitalisation;
  /** VAT on the catalogue's prices, which are taken excluding it (0.25: 25 %). */
  vatRate: number;
  /** Yearly growth of purchase prices after the plan's budget year (0.03: 3 %). */
  priceGrowthPerYear: number;
  /** Share added to every purchase for what the plan cannot foresee (0.1: 10 %). */
  contingency: number;
}

/** One school's (or the municipality's) costs in one budget year, excluding VAT. */
export interface BudgetLine {
  budgetYear: number;
  /** Network purchases: access points, uplinks, routers, cabling, switches, a line's installation. */
  network: number;
  charging: number;
  /** Pupil and staff devices bought, and the disposal of those retired. */
  devices: number;
  /** Subscriptions and lease instalments running in the year. */
  running: number;
  /** What retired devices bring back: income, so at most 0. */
  returned: number;
  /** What price growth adds to the year's purchases, at today's prices above. */
  priceGrowth: number;
  contingency: number;
  investment: number;
  operating: number;
  /** Every part above: investment + operating. */
  total: number;
  /** The VAT on the total's costs (the returned value left out). */
  vat: number;
}

export interface SchoolBudget {
  schoolId: string;
  years: BudgetLine[];
}

export interface Budget {
  financing: BudgetRules['financing'];
  vatRate: number;
  /** The budget years, first to last, every school given each of them. */
  budgetYears: number[];
  schools: SchoolBudget[];
  /** The schools' lines added up. */
  municipality: BudgetLine[];
}

/** One cost in one budget year, before it is added up. */
interface Entry {
  schoolId: string;
  budgetYear: number;
  part: CostPart;
  account: Account;
  amount: number;
  /** A purchase: price growth and the contingency apply to it. */
  bought: boolean;
}

export interface LedgerInput {
  /** Every recommendation with the school it belongs to, dated (`purchase`) by purchaseOf. */
  recommendations: { schoolId: string; recommendation: Recommendation }[];
  fleets: { schoolId: string; years: FleetYear[] }[];
  /** The plan's school years: running costs stop after the last. */
  planYears: number[];
  /** The day the plan is made, in the municipality's time zone: price growth counts from its budget year. */
  today: YearMonth;
  calendar: BudgetCalendar;
  rules: BudgetRules;
  /** Each device offer's life, by type, for the capitalisation rule. */
  deviceLifetimes: Record<string, number>;
}

const PART_OF: Partial<Record<RecommendationKind, CostPart>> = { 'add-charging-cabinets': 'charging' };

export function budget(input: LedgerInput): Budget {
  const entries = [...networkEntries(input), ...fleetEntries(input)];
  const base = budgetYearOf(input.today.year, input.today.month, input.calendar.startMonth);
  const years = [...new Set(entries.map((e) => e.budgetYear))].sort((a, b) => a - b);
  const schools = [...new Set([...input.recommendations.map((r) => r.schoolId), ...input.fleets.map((f) => f.schoolId)])];
  const lines = schools.map((schoolId) => ({ schoolId, years: years.map((y) => line(y, entries.filter((e) => e.schoolId === schoolId && e.budgetYear === y), base, input.rules)) }));
  return {
    financing: input.rules.financing,
    vatRate: input.rules.vatRate,
    budgetYears: years,
    schools: lines,
    municipality: years.map((y, i) => sumLines(y, lines.map((s) => s.years[i]!))),
  };
}

/** Whether a purchase is an investment: costly enough, lasting enough, and not a heap of cheap items. */
export function accountOf(amount: number, unitCost: number, lifetimeYears: number | undefined, rules: BudgetRules): Account {
  const { minimumCost, minimumLifeYears, minimumUnitCost } = rules.capitalisation;
  const gross = (n: number) => n * (1 + rules.vatRate);
  return lifetimeYears !== undefined && lifetimeYears >= minimumLifeYears && gross(amount) >= minimumCost && gross(unitCost) >= minimumUnitCost ? 'investment' : 'operating';
}

function networkEntries({ recommendations, planYears, calendar, rules }: LedgerInput): Entry[] {
  const out: Entry[] = [];
  for (const { schoolId, recommendation: r } of recommendations) {
    if (ACTIONS.has(r.kind) || !r.cost || !r.purchase) continue;
    const cost: Cost = r.cost;
    const purchase: Purchase = r.purchase;
    const part = PART_OF[r.kind] ?? 'network';
    const lastYear = planYears.at(-1)!;
    const running = (schoolYear: number, amount: number) => {
      if (amount === 0 || schoolYear > lastYear) return;
      for (const share of runningShares(schoolYear, calendar)) out.push({ schoolId, budgetYear: share.budgetYear, part: 'running', account: 'operating', amount: amount * share.part, bought: false });
    };
    if (cost.leasable && rules.financing === 'lease') {
      // Leased: the equipment's price in equal instalments over the lease, each running like a subscription.
      for (let k = 0; k < rules.leaseYears; k++) running(purchase.year + k, cost.oneOff / rules.leaseYears);
    } else if (cost.oneOff > 0) {
      const account = cost.leasable ? accountOf(cost.oneOff, cost.oneOff / Math.max(1, r.quantity), cost.lifetimeYears, rules) : 'operating';
      out.push({ schoolId, budgetYear: purchase.budgetYear, part, account, amount: cost.oneOff, bought: true });
    }
    for (let y = purchase.year; y <= lastYear; y++) running(y, cost.yearly);
  }
  return out;
}

function fleetEntries({ fleets, today, calendar, rules, deviceLifetimes }: LedgerInput): Entry[] {
  const out: Entry[] = [];
  for (const { schoolId, years } of fleets) {
    for (const y of years) {
      const paid = purchaseOf(y.year, today, calendar).budgetYear;
      if (rules.financing === 'lease' && y.leasedCost !== undefined) {
        for (const share of runningShares(y.year, calendar)) out.push({ schoolId, budgetYear: share.budgetYear, part: 'running', account: 'operating', amount: y.leasedCost * share.part, bought: false });
        continue;
      }
      const bought = (y.added + y.replaced) * y.price;
      if (bought > 0) out.push({ schoolId, budgetYear: paid, part: 'devices', account: accountOf(bought, y.price, deviceLifetimes[y.type], rules), amount: bought, bought: true });
      if (y.retired * y.disposalCost > 0) out.push({ schoolId, budgetYear: paid, part: 'devices', account: 'operating', amount: y.retired * y.disposalCost, bought: true });
      if (y.returnedValue > 0) out.push({ schoolId, budgetYear: paid, part: 'returned', account: 'operating', amount: -y.returnedValue, bought: false });
    }
  }
  return out;
}

/** A school's budget year from its entries: the parts at today's prices, then growth and contingency on the purchases. */
function line(budgetYear: number, entries: Entry[], base: number, rules: BudgetRules): BudgetLine {
  const l = emptyLine(budgetYear);
  const growthFactor = (1 + rules.priceGrowthPerYear) ** Math.max(0, budgetYear - base) - 1;
  for (const e of entries) {
    l[e.part] += e.amount;
    const growth = e.bought ? e.amount * growthFactor : 0;
    const contingency = e.bought ? (e.amount + growth) * rules.contingency : 0;
    l.priceGrowth += growth;
    l.contingency += contingency;
    l[e.account] += e.amount + growth + contingency;
  }
  return finish(l, rules.vatRate);
}

function sumLines(budgetYear: number, lines: BudgetLine[]): BudgetLine {
  const l = emptyLine(budgetYear);
  for (const other of lines) for (const k of SUMMED) l[k] += other[k];
  return roundLine(l);
}

const SUMMED = [...costParts, 'priceGrowth', 'contingency', 'investment', 'operating', 'total', 'vat'] as const;

const emptyLine = (budgetYear: number): BudgetLine => ({ budgetYear, network: 0, charging: 0, devices: 0, running: 0, returned: 0, priceGrowth: 0, contingency: 0, investment: 0, operating: 0, total: 0, vat: 0 });

/**
 * Rounded to the øre with the total made from the rounded parts, so that a reader who adds the parts
 * up gets the total; the investment takes what rounding left, so investment + operating is the total too.
 */
function finish(l: BudgetLine, vatRate: number): BudgetLine {
  const r = roundLine(l);
  r.total = round(costParts.reduce((n, k) => n + r[k], 0) + r.priceGrowth + r.contingency);
  r.investment = round(r.total - r.operating);
  r.vat = round((r.total - r.returned) * vatRate);
  return r;
}

function roundLine(l: BudgetLine): BudgetLine {
  const r = { ...l };
  for (const k of SUMMED) r[k] = round(r[k]);
  return r;
}
