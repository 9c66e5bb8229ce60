// The device fleet of a school over the plan's school years: the machines the policy needs, the
// installed base ageing out, what to buy for growth and to replace at end of life, what is returned,
// and what it costs bought or leased. Pure. Formulas: docs/model.md §7.
import type { InvestmentPlan, Money } from './investment.ts';

/** A device on offer, from catalogue.devices. */
export interface DeviceOffer {
  type: string;
  model?: string;
  price: number;
  /** Lease price per device and month, where the supplier leases it. */
  leasePerMonth?: number;
  /** Years a device is used before it is replaced. */
  lifetimeYears: number;
  /** What a device brings back at end of life (buy-back, resale), reported as income beside the cost. */
  residualValue: number;
  /** What disposing of a device costs (collection, data wiping, recycling). */
  disposalCost: number;
}

/** Devices of one type a school already has, by the school year they were bought. */
export interface Cohort {
  type: string;
  count: number;
  acquired: number;
}

export interface FleetYear {
  year: number;
  type: string;
  /** Devices the policy calls for this school year. */
  needed: number;
  /** Devices in service after this year's purchases and retirements. */
  inService: number;
  /** Bought for growth or a policy change. */
  added: number;
  /** Bought to replace devices at end of life that are still needed. */
  replaced: number;
  /** Devices at end of life, returned or disposed of this year. */
  retired: number;
  /** The offer's price and disposal cost per device: the figures behind boughtCost. */
  price: number;
  disposalCost: number;
  /** The year bought outright: purchases and the disposal of retired devices. */
  boughtCost: number;
  /** What the retired devices bring back (buy-back, resale): income, shown apart from the cost. */
  returnedValue: number;
  /** The offer's lease price per device and month: the figure behind leasedCost. */
  leasePerMonth?: number;
  /** The year leased: every needed device at the lease price for twelve months; undefined when not leasable. */
  leasedCost?: number;
}

/**
 * The school's fleet year by year for every type the policy needs or the base holds. Devices reach
 * end of life at the start of the school year `lifetimeYears` after they were bought. A device still
 * needed is replaced then; one no longer needed is retired without a replacement. Surplus devices
 * not yet at end of life stay in service until they are.
 */
export function planFleet(needed: { year: number; byType: Record<string, number> }[], base: Cohort[], offers: DeviceOffer[]): FleetYear[] {
  const types = [...new Set([...needed.flatMap((y) => Object.keys(y.byType)), ...base.map((c) => c.type)])].filter((t) => offers.some((o) => o.type === t)).sort();
  const out: FleetYear[] = [];
  for (const type of types) {
    const offer = offers.find((o) => o.type === type)!;
    let cohorts = base.filter((c) => c.type === type).map((c) => ({ ...c }));
    for (const y of needed) {
      const need = y.byType[type] ?? 0;
      const retiring = cohorts.filter((c) => c.acquired + offer.lifetimeYears <= y.year);
      cohorts = cohorts.filter((c) => c.acquired + offer.lifetimeYears > y.year);
      const retired = retiring.reduce((n, c) => n + c.count, 0);
      const kept = cohorts.reduce((n, c) => n + c.count, 0);
      const buy = Math.max(0, need - kept);
      const replaced = Math.min(buy, retired);
      if (buy > 0) cohorts.push({ type, count: buy, acquired: y.year });
      out.push({
        year: y.year,
        type,
        needed: need,
        inService: kept + buy,
        added: buy - replaced,
        replaced,
        retired,
        price: offer.price,
        disposalCost: offer.disposalCost,
        boughtCost: buy * offer.price + retired * offer.disposalCost,
        returnedValue: retired * offer.residualValue,
        ...(offer.leasePerMonth !== undefined ? { leasePerMonth: offer.leasePerMonth, leasedCost: need * offer.leasePerMonth * 12 } : {}),
      });
    }
  }
  return out;
}

/**
 * The fleet's cost in the shape of the network investment (per school year and school), so it falls
 * into budget years the same way: purchases and disposal when bought, a lease month by month. A type
 * the supplier does not lease is bought in the leased view too.
 */
export function fleetInvestment(schools: { schoolId: string; years: FleetYear[] }[], planYears: number[], leaseYears: number, currency?: string): InvestmentPlan {
  const years = planYears.map((year) => {
    const bySchool: Record<string, Money> = {};
    for (const school of schools) {
      const mine = school.years.filter((y) => y.year === year);
      if (mine.length === 0) continue;
      const oneOff = mine.reduce((n, y) => n + y.boughtCost, 0);
      const instalments = mine.reduce((n, y) => n + (y.leasedCost ?? 0), 0);
      const leased = instalments + mine.reduce((n, y) => n + (y.leasedCost === undefined ? y.boughtCost : 0), 0);
      bySchool[school.schoolId] = { oneOff, yearly: 0, leased, instalments };
    }
    const sum = (k: keyof Money) => Object.values(bySchool).reduce((n, m) => n + m[k], 0);
    return { year, oneOff: sum('oneOff'), yearly: 0, leased: sum('leased'), instalments: sum('instalments'), bySchool };
  });
  return { currency, leaseYears, years, unpriced: 0 };
}
