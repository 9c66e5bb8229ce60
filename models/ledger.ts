// The plan's budget: every cost it knows, network and devices alike, in one table per school and
// budget year, investment (investering) and operating (drift) apart, with price growth, a contingency
// and the VAT on it, as a municipal budget is laid out. Pure. Rules and sources: docs/model.md §6d.
import { budgetYearOf, purchaseOf, runningShares, type BudgetCalendar, type Purchase, type Share, type YearMonth } from './budget-years.ts';
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

/** Posts one cost of a school in a budget year; a purchase (`bought`) takes price growth and the contingency. */
type Post = (schoolId: string, budgetYear: number, part: CostPart, account: Account, amount: number, bought: boolean) => void;

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
  const { rules } = input;
  const base = budgetYearOf(input.today.year, input.today.month, input.calendar.startMonth);
  // Each school's lines by budget year, added up as the costs are posted: a county posts a hundred
  // thousand of them, and no cost is kept once it is in its line.
  const bySchool = new Map<string, Map<number, BudgetLine>>();
  for (const s of [...input.recommendations.map((r) => r.schoolId), ...input.fleets.map((f) => f.schoolId)]) if (!bySchool.has(s)) bySchool.set(s, new Map());
  const post: Post = (schoolId, budgetYear, part, account, amount, bought) => {
    const mine = bySchool.get(schoolId)!;
    const l = mine.get(budgetYear) ?? mine.set(budgetYear, emptyLine(budgetYear)).get(budgetYear)!;
    const growth = bought ? amount * ((1 + rules.priceGrowthPerYear) ** Math.max(0, budgetYear - base) - 1) : 0;
    const contingency = bought ? (amount + growth) * rules.contingency : 0;
    l[part] += amount;
    l.priceGrowth += growth;
    l.contingency += contingency;
    l[account] += amount + growth + contingency;
  };
  postNetwork(input, post);
  postFleet(input, post);
  const years = [...new Set([...bySchool.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const schools = [...bySchool].map(([schoolId, mine]) => ({ schoolId, years: years.map((y) => finish(mine.get(y) ?? emptyLine(y), rules.vatRate)) }));
  return {
    financing: rules.financing,
    vatRate: rules.vatRate,
    budgetYears: years,
    schools,
    municipality: years.map((y, i) => sumLines(y, schools.map((s) => s.years[i]!))),
  };
}

/** Whether a purchase is an investment: costly enough, lasting enough, and not a heap of cheap items. */
export function accountOf(amount: number, unitCost: number, lifetimeYears: number | undefined, rules: BudgetRules): Account {
  const { minimumCost, minimumLifeYears, minimumUnitCost } = rules.capitalisation;
  const gross = (n: number) => n * (1 + rules.vatRate);
  return lifetimeYears !== undefined && lifetimeYears >= minimumLifeYears && gross(amount) >= minimumCost && gross(unitCost) >= minimumUnitCost ? 'investment' : 'operating';
}

/** Running costs of a school year by budget year, worked out once per school year. */
function sharesOf(calendar: BudgetCalendar): (schoolYear: number) => Share[] {
  const known = new Map<number, Share[]>();
  return (schoolYear) => known.get(schoolYear) ?? known.set(schoolYear, runningShares(schoolYear, calendar)).get(schoolYear)!;
}

function postNetwork({ recommendations, planYears, calendar, rules }: LedgerInput, post: Post): void {
  const shares = sharesOf(calendar);
  const lastYear = planYears.at(-1)!;
  for (const { schoolId, recommendation: r } of recommendations) {
    if (ACTIONS.has(r.kind) || !r.cost || !r.purchase) continue;
    const cost: Cost = r.cost;
    const purchase: Purchase = r.purchase;
    const part = PART_OF[r.kind] ?? 'network';
    const running = (schoolYear: number, amount: number) => {
      if (amount === 0 || schoolYear > lastYear) return;
      for (const share of shares(schoolYear)) post(schoolId, share.budgetYear, 'running', 'operating', amount * share.part, false);
    };
    if (cost.leasable && rules.financing === 'lease') {
      // Leased: the equipment's price in equal instalments over the lease, each running like a subscription.
      for (let k = 0; k < rules.leaseYears; k++) running(purchase.year + k, cost.oneOff / rules.leaseYears);
    } else if (cost.oneOff > 0) {
      const account = cost.leasable ? accountOf(cost.oneOff, cost.oneOff / Math.max(1, r.quantity), cost.lifetimeYears, rules) : 'operating';
      post(schoolId, purchase.budgetYear, part, account, cost.oneOff, true);
    }
    for (let y = purchase.year; y <= lastYear; y++) running(y, cost.yearly);
  }
}

function postFleet({ fleets, today, calendar, rules, deviceLifetimes }: LedgerInput, post: Post): void {
  const shares = sharesOf(calendar);
  for (const { schoolId, years } of fleets) {
    for (const y of years) {
      const paid = purchaseOf(y.year, today, calendar).budgetYear;
      if (rules.financing === 'lease' && y.leasedCost !== undefined) {
        for (const share of shares(y.year)) post(schoolId, share.budgetYear, 'running', 'operating', y.leasedCost * share.part, false);
        continue;
      }
      const bought = (y.added + y.replaced) * y.price;
      if (bought > 0) post(schoolId, paid, 'devices', accountOf(bought, y.price, deviceLifetimes[y.type], rules), bought, true);
      if (y.retired * y.disposalCost > 0) post(schoolId, paid, 'devices', 'operating', y.retired * y.disposalCost, true);
      if (y.returnedValue > 0) post(schoolId, paid, 'returned', 'operating', -y.returnedValue, false);
    }
  }
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
