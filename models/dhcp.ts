// DHCP scopes per VLAN: each scope serves pupils' devices, staff devices or all of them, and the
// scopes serving a group must together hold its devices plus the churn share (guests, devices
// replaced within the lease time). The fix is configuration, not a purchase. Pure. docs/model.md §5c.
import { msg, NOTHING } from './message.ts';
import type { Catalogue } from '../config/schema.ts';
import type { DeviceCount } from './devices.ts';
import type { Recommendation } from './plan.ts';

/** One client scope of a building, from the inventory. */
export interface DhcpScope {
  name: string;
  vlan?: number;
  /** Usable addresses in the scope. */
  size: number;
  serves: 'pupils' | 'staff' | 'all';
}

/** Devices a group's scopes must hold: staff devices, pupils' devices (their own phones included), or all. */
export function devicesServed(devices: DeviceCount, serves: DhcpScope['serves']): number {
  const staff = devices.staffDevices ?? 0;
  if (serves === 'staff') return staff;
  if (serves === 'pupils') return devices.total - staff;
  return devices.total;
}

/** The smallest IPv4 prefix whose usable addresses (all but network and broadcast) hold `addresses`. */
export function prefixFor(addresses: number): number {
  return 32 - Math.ceil(Math.log2(addresses + 2));
}

/** What every group's check needs besides its scopes. */
interface ScopeCheck {
  years: { year: number; devices: DeviceCount }[];
  churn: number;
  catalogue: Catalogue | undefined;
  priority: (year: number) => 1 | 2 | 3;
  scenario: string;
}

export function dhcpRecommendations(scopes: readonly DhcpScope[], check: ScopeCheck): Recommendation[] {
  const groups = new Map<DhcpScope['serves'], DhcpScope[]>();
  for (const scope of scopes) groups.set(scope.serves, [...(groups.get(scope.serves) ?? []), scope]);
  return [...groups].flatMap(([serves, group]) => groupRecommendation(serves, group, check));
}

function groupRecommendation(serves: DhcpScope['serves'], group: DhcpScope[], { years, churn, catalogue, priority, scenario }: ScopeCheck): Recommendation[] {
  const held = group.reduce((n, s) => n + s.size, 0);
  const need = years.map((y) => {
    const devices = devicesServed(y.devices, serves);
    return { year: y.year, devices, addresses: Math.ceil(devices * (1 + churn)) };
  });
  const first = need.find((n) => n.addresses > held);
  if (!first) return [];
  const peak = need.reduce((a, n) => (n.addresses > a.addresses ? n : a));
  // Enlarge the largest scope of the group: it must hold the peak less what the others hold.
  const largest = group.reduce((a, s) => (s.size > a.size ? s : a));
  const prefix = prefixFor(peak.addresses - (held - largest.size));
  const label = (s: DhcpScope) => `"${s.name}"${s.vlan !== undefined ? ` (VLAN ${s.vlan})` : ''}`;
  const scopes = group.length === 1 ? msg('reason.dhcp.scope', { label: label(largest), held }) : msg('reason.dhcp.scopes', { labels: group.map(label).join(', '), held });
  const sizedBy = peak.year === first.year ? NOTHING : msg('reason.dhcp.sizedBy', { addresses: peak.addresses, year: peak.year, devices: peak.devices });
  return [
    {
      kind: 'enlarge-dhcp-scope',
      year: first.year,
      quantity: 1,
      priority: priority(first.year),
      message: msg('reason.dhcp.enlarge', { devices: first.devices, whose: msg(`reason.dhcp.whose.${serves}`), year: first.year, addresses: first.addresses, churn: Math.round(churn * 100), sizedBy, scopes, label: label(largest), prefix, size: 2 ** (32 - prefix) - 2 }),
      // Configuration work, nothing bought: priced at zero where the plan has prices at all.
      cost: catalogue ? { item: 'DHCP scope change (configuration)', currency: catalogue.currency, unitPrice: 0, oneOff: 0, yearly: 0, leasable: false } : undefined,
      evidence: {
        serves,
        scopes: group.map((s) => s.name).join(', '),
        scopeSize: held,
        addressesNeeded: peak.addresses,
        sizingYear: peak.year,
        churn,
        enlarge: largest.name,
        suggestedPrefix: prefix,
        scenario,
      },
    },
  ];
}
