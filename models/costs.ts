// What a recommendation costs, from the municipality's catalogue: one-off (equipment and its
// installation, or a line's installation fee) and yearly (a line's subscription). Equipment may be
// leased over the catalogue's lease period instead of bought (models/investment.ts). Pure.
import type { Catalogue, WifiGeneration } from '../config/schema.ts';
import { wifiGenerations } from '../config/schema.ts';

export interface Cost {
  /** What is bought, as the catalogue names it. */
  item: string;
  currency: string;
  unitPrice: number;
  oneOff: number;
  yearly: number;
  /** Equipment can be leased (its one-off part spread over the lease period); a line's fee cannot. */
  leasable: boolean;
  /** Years the equipment is used: with the amount, whether its purchase is an investment (models/ledger.ts). Absent for a fee. */
  lifetimeYears?: number;
}

/** A catalogue entry that is bought: its price and installation per unit, and how long it lasts. */
export interface Priced {
  price: number;
  installation: number;
  lifetimeYears: number;
}

/** Clients one access point serves well, by Wi-Fi generation (docs/model.md gives the sources). */
export const CLIENTS_PER_AP: Record<WifiGeneration, number> = { wifi4: 25, wifi5: 40, wifi6: 50, wifi6e: 50, wifi7: 60 };

/** Clients an AP of this generation serves well: the catalogue's figure where it gives one, else the default. */
export function clientCapacity(generation: WifiGeneration, catalogue: Catalogue | undefined): number {
  return catalogue?.accessPoints.find((a) => a.generation === generation)?.clientsPerAp ?? CLIENTS_PER_AP[generation];
}

export function purchase(catalogue: Catalogue, item: string, entry: Priced, quantity: number): Cost {
  return { item, currency: catalogue.currency, unitPrice: entry.price, oneOff: round(quantity * (entry.price + entry.installation)), yearly: 0, leasable: true, lifetimeYears: entry.lifetimeYears };
}

export function subscription(catalogue: Catalogue, item: string, monthlyPrice: number, installation: number): Cost {
  return { item, currency: catalogue.currency, unitPrice: monthlyPrice, oneOff: installation, yearly: round(monthlyPrice * 12), leasable: false };
}

/** The AP the planner buys: the newest generation the catalogue offers (the cheapest of those). */
export function apOnOffer(catalogue: Catalogue | undefined): { generation: WifiGeneration; clientsPerAp: number; entry?: Catalogue['accessPoints'][number] } {
  const offered = [...(catalogue?.accessPoints ?? [])].sort(
    (a, b) => wifiGenerations.indexOf(b.generation) - wifiGenerations.indexOf(a.generation) || a.price - b.price,
  );
  const entry = offered[0];
  // Without a catalogue, a Wi-Fi 6 AP at its default capacity stands in.
  const generation = entry?.generation ?? 'wifi6';
  return { generation, clientsPerAp: entry?.clientsPerAp ?? CLIENTS_PER_AP[generation], entry };
}

/** The catalogue with every price excluding VAT, as the plan counts them: its totals exclude VAT and give it apart. */
export function pricesExcludingVat(c: Catalogue): Catalogue {
  if (c.prices === 'excludingVat') return c;
  const net = (n: number) => round(n / (1 + c.vatRate));
  const priced = <T extends { price: number; installation: number }>(e: T): T => ({ ...e, price: net(e.price), installation: net(e.installation) });
  return {
    ...c,
    prices: 'excludingVat',
    accessPoints: c.accessPoints.map(priced),
    uplinks: c.uplinks.map(priced),
    routers: c.routers.map(priced),
    internetTiers: c.internetTiers.map((t) => ({ ...t, monthlyPrice: net(t.monthlyPrice), installation: net(t.installation) })),
    ...(c.chargingCabinet ? { chargingCabinet: priced(c.chargingCabinet) } : {}),
    devices: c.devices.map((d) => ({
      ...d,
      price: net(d.price),
      residualValue: net(d.residualValue),
      disposalCost: net(d.disposalCost),
      ...(d.leasePerMonth !== undefined ? { leasePerMonth: net(d.leasePerMonth) } : {}),
    })),
  };
}

export const round = (n: number) => Math.round(n * 100) / 100;
