// Charging cabinets or trolleys for the devices that charge at school (shared devices by default):
// how many a building needs year by year, bought in the year that needs them, what they cost, and
// the power they draw with every slot charging at once, which the building's circuits must carry.
// Pure. docs/model.md §8.
import { msg } from './message.ts';
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
  // Phased like access points: each year buys what its own devices add, nothing a year early.
  const out: Recommendation[] = [];
  let have = installed;
  for (const y of years) {
    const devices = y.devices.chargedAtSchool ?? 0;
    const cabinets = Math.ceil(devices / cabinet.devicesPerCabinet);
    if (cabinets <= have) continue;
    const quantity = cabinets - have;
    const kw = Math.round((devices * cabinet.wattsPerDevice) / 100) / 10;
    out.push({
      kind: 'add-charging-cabinets',
      year: y.year,
      quantity,
      priority: priority(y.year),
      cost: purchase(catalogue!, cabinet.model ?? `charging cabinet for ${cabinet.devicesPerCabinet}`, cabinet, quantity),
      // `count` is the cabinets installed: the catalogues say cabinet or cabinets by it.
      message: msg('reason.charging', { devices, year: y.year, count: have, per: cabinet.devicesPerCabinet, needed: cabinets, kw }),
      evidence: {
        devicesChargedAtSchool: devices,
        devicesPerCabinet: cabinet.devicesPerCabinet,
        cabinetsInstalled: have,
        cabinetsNeeded: cabinets,
        wattsPerDevice: cabinet.wattsPerDevice,
        peakChargingKw: kw,
        scenario,
      },
    });
    have = cabinets;
  }
  return out;
}
