// Charging cabinets or trolleys for the devices that charge at school (shared devices by default):
// how many a building needs in the plan's busiest year, what they cost, and the power they draw with
// every slot charging at once, which the building's circuits must carry. Pure. docs/model.md §8.
import type { Catalogue } from '../config/schema.ts';
import { purchase } from './costs.ts';
import type { DeviceCount } from './devices.ts';
import type { Recommendation } from './plan.ts';

export function chargingRecommendations(
  years: { year: number; devices: DeviceCount }[],
  installed: number,
  catalogue: Catalogue | undefined,
  priority: (year: number) => 1 | 2 | 3,
  scenario: string,
): Recommendation[] {
  const cabinet = catalogue?.chargingCabinet;
  if (!cabinet) return [];
  const need = years.map((y) => ({ year: y.year, devices: y.devices.chargedAtSchool ?? 0, cabinets: Math.ceil((y.devices.chargedAtSchool ?? 0) / cabinet.devicesPerCabinet) }));
  const first = need.find((n) => n.cabinets > installed);
  if (!first) return [];
  const sizing = need.reduce((a, n) => (n.cabinets > a.cabinets ? n : a));
  const quantity = sizing.cabinets - installed;
  const kw = Math.round((sizing.devices * cabinet.wattsPerDevice) / 100) / 10;
  const sizedBy = sizing.year === first.year ? '' : `; ${sizing.cabinets} needed by ${sizing.year} for its ${sizing.devices} devices`;
  return [
    {
      kind: 'add-charging-cabinets',
      year: first.year,
      quantity,
      priority: priority(first.year),
      cost: purchase(catalogue!, cabinet.model ?? `charging cabinet for ${cabinet.devicesPerCabinet}`, cabinet.price, cabinet.installation, quantity),
      reason: `${first.devices} devices charged at school in ${first.year}, ${installed} ${installed === 1 ? 'cabinet' : 'cabinets'} for ${cabinet.devicesPerCabinet} each${sizedBy}; up to ${kw} kW with every slot charging`,
      evidence: {
        devicesChargedAtSchool: sizing.devices,
        devicesPerCabinet: cabinet.devicesPerCabinet,
        cabinetsInstalled: installed,
        cabinetsNeeded: sizing.cabinets,
        wattsPerDevice: cabinet.wattsPerDevice,
        peakChargingKw: kw,
        scenario,
      },
    },
  ];
}
