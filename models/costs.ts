// What a recommendation costs, from the municipality's catalogue: one-off (equipment and its
// installation), yearly (a line's subscription), and per year when the one-off part is leased over
// the catalogue's lease period. Pure.
import type { Catalogue, WifiGeneration } from '../config/schema.ts';
import { wifiGenerations } from '../config/schema.ts';

export interface Cost {
  /** What is bought, as the catalogue names it. */
  item: string;
  currency: string;
  unitPrice: number;
  oneOff: number;
  yearly: number;
  /** The one-off part spread over the lease period, plus the yearly part. */
  leasedPerYear: number;
}

/** Clients one access point serves well, by Wi-Fi generation (docs/model.md gives the sources). */
export const CLIENTS_PER_AP: Record<WifiGeneration, number> = { wifi4: 25, wifi5: 40, wifi6: 50, wifi6e: 50, wifi7: 60 };

export function purchase(catalogue: Catalogue, item: string, unitPrice: number, installation: number, quantity: number): Cost {
  const oneOff = round(quantity * (unitPrice + installation));
  return { item, currency: catalogue.currency, unitPrice, oneOff, yearly: 0, leasedPerYear: round(oneOff / catalogue.leaseYears) };
}

export function subscription(catalogue: Catalogue, item: string, monthlyPrice: number, installation: number): Cost {
  const yearly = round(monthlyPrice * 12);
  return { item, currency: catalogue.currency, unitPrice: monthlyPrice, oneOff: installation, yearly, leasedPerYear: round(installation / catalogue.leaseYears + yearly) };
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
