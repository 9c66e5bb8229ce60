// What added access points need besides themselves: a cable run each, and a PoE switch port each.
// Where the building's free PoE ports run short, PoE switches are added, enough for the ports and
// for the APs' power, in the year the APs that need them are bought. Replaced APs keep their cable
// and port. Pure. docs/model.md §4c.
import type { Catalogue } from '../config/schema.ts';
import { purchase } from './costs.ts';
import { msg } from './message.ts';
import type { Recommendation } from './plan.ts';

/** What an AP draws at the switch port, W, where the catalogue does not say: 802.3at (PoE+) at the PSE. */
export const DEFAULT_AP_POE_WATTS = 30;

/** Years a cable run lasts: it outlives the APs it feeds (an assumption; it decides only investment or operating). */
const CABLING_LIFETIME_YEARS = 10;

export interface CablingInput {
  /** The APs the plan adds, in the years it adds them. */
  added: Recommendation[];
  /** Free PoE ports on the building's access switches; unknown when absent. */
  freeSwitchPorts?: number;
  catalogue?: Catalogue;
  priority: (year: number | 'now') => 1 | 2 | 3;
  scenario: string;
}

export function cablingRecommendations({ added, freeSwitchPorts, catalogue, priority, scenario }: CablingInput): Recommendation[] {
  if (added.length === 0 || !catalogue) return [];
  const out: Recommendation[] = [];
  const perRun = catalogue.cablingPerAccessPoint;
  if (perRun !== undefined) {
    for (const r of added) {
      out.push({
        kind: 'cable-access-points',
        year: r.year,
        quantity: r.quantity,
        priority: priority(r.year),
        cost: purchase(catalogue, 'cable run and patching per access point', { price: perRun, installation: 0, lifetimeYears: CABLING_LIFETIME_YEARS }, r.quantity),
        message: msg('reason.cabling', { count: r.quantity }),
        evidence: { accessPointsAdded: r.quantity, cablingPerAccessPoint: perRun, scenario },
      });
    }
  }
  if (freeSwitchPorts === undefined) return out;
  const watts = catalogue.accessPoints.find((a) => a.poeWatts !== undefined)?.poeWatts ?? DEFAULT_AP_POE_WATTS;
  // Each year's APs take the building's free ports first (powered by their switches), then the ports
  // of switches bought for earlier years as far as their spare PoE power feeds them.
  let free = freeSwitchPorts;
  let bought = { ports: 0, watts: 0 };
  for (const r of added) {
    const onFree = Math.min(free, r.quantity);
    free -= onFree;
    const onBought = Math.min(bought.ports, Math.floor(bought.watts / watts), r.quantity - onFree);
    bought = { ports: bought.ports - onBought, watts: bought.watts - onBought * watts };
    const short = r.quantity - onFree - onBought;
    if (short <= 0) continue;
    const plan = switchesFor(short, watts, catalogue);
    if (!plan) {
      out.push({ kind: 'add-poe-switches', year: r.year, quantity: 0, priority: priority(r.year), message: msg('reason.switches.none', { short }), evidence: { accessPointsAdded: r.quantity, freeSwitchPorts: onFree + onBought, portsShort: short, scenario } });
      continue;
    }
    const { entry, quantity } = plan;
    bought = { ports: bought.ports + quantity * entry.ports - short, watts: bought.watts + quantity * entry.poeBudgetW - short * watts };
    const spareWatts = bought.watts;
    out.push({
      kind: 'add-poe-switches',
      year: r.year,
      quantity,
      priority: priority(r.year),
      cost: purchase(catalogue, entry.model, entry, quantity),
      message: msg('reason.switches.add', { added: r.quantity, free: onFree + onBought, short, quantity, model: entry.model, ports: entry.ports, watts: entry.poeBudgetW }),
      evidence: { accessPointsAdded: r.quantity, freeSwitchPorts: onFree + onBought, portsShort: short, wattsPerAccessPoint: watts, switchPorts: entry.ports, switchPoeBudgetW: entry.poeBudgetW, spareWatts, scenario },
    });
  }
  return out;
}

/**
 * The cheapest way to give `ports` APs a port and their power from one model of the catalogue's
 * switches: per model, enough units for the ports and for the watts; the lowest total price wins.
 */
function switchesFor(ports: number, watts: number, catalogue: Catalogue): { entry: Catalogue['switches'][number]; quantity: number } | undefined {
  const options = catalogue.switches
    .filter((s) => s.ports > 0 && s.poeBudgetW >= watts)
    .map((entry) => ({ entry, quantity: Math.max(Math.ceil(ports / entry.ports), Math.ceil((ports * watts) / entry.poeBudgetW)) }))
    .sort((a, b) => a.quantity * (a.entry.price + a.entry.installation) - b.quantity * (b.entry.price + b.entry.installation));
  return options[0];
}
