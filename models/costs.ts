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
}

/** Clients one access point serves well, by Wi-Fi generation (docs/model.md gives the sources). */
export const CLIENTS_PER_AP: Record<WifiGeneration, number> = { wifi4: 25, wifi5: 40, wifi6: 50, wifi6e: 50, wifi7: 60 };

/** Clients an AP of this generation serves well: the catalogue's figure where it gives one, else the default. */
export function clientCapacity(generation: WifiGeneration, catalogue: Catalogue | undefined): number {
  return catalogue?.accessPoints.find((a) => a.generation === generation)?.clientsPerAp ?? CLIENTS_PER_AP[generation];
}

export function purchase(catalogue: Catalogue, item: string, unitPrice: number, installation: number, quantity: number): Cost {
  return { item, currency: catalogue.currency, unitPrice, oneOff: round(quantity * (unitPrice + installation)), yearly: 0, leasable: true };
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

export const round = (n: number) => Math.round(n * 100) / 100;
