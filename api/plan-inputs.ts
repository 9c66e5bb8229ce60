// Gathers what the planning model needs from the config and the store: projected devices per year
// and the measured busy-hour load of every building, then runs the model.
import type { Config } from '../config/schema.ts';
import { schoolYearOf } from '../models/local-time.ts';
import { planBuilding, type BuildingPlan, type MeasuredLoad } from '../models/plan.ts';
import { buildingDevices, policyFor } from '../models/population.ts';
import { inBusyHours, percentile } from '../models/statistics.ts';
import type { Store } from '../store/store.ts';

const WINDOW_MS = 28 * 24 * 3600 * 1000;

/**
 * The scenario to plan with: the one asked for, else the config's, else the first policy. A name that
 * is no policy is an error, never a quiet fall-back to today's policy.
 */
export function resolveScenario(config: Config, requested?: string): string {
  const names = config.devicePolicies.map((p) => p.name);
  if (requested !== undefined && !names.includes(requested)) {
    throw new RangeError(`no device policy named "${requested}" (have: ${names.join(', ')})`);
  }
  return requested ?? config.planning.scenario ?? names[0]!;
}

export async function planMunicipality(config: Config, store: Store, now: number, scenario: string): Promise<BuildingPlan[]> {
  const tz = config.municipality.timezone;
  const currentYear = schoolYearOf(now, tz);
  const plans: BuildingPlan[] = [];
  for (const school of config.schools) {
    for (const building of school.buildings) {
      const years = Array.from({ length: config.planning.horizonYears }, (_, i) => currentYear + i).map((year) => ({
        year,
        devices: buildingDevices(school, building, year, policyFor(config.devicePolicies, scenario, year)),
      }));
      plans.push(
        planBuilding(
          {
            schoolId: school.id,
            schoolName: school.name,
            buildingId: building.id,
            buildingName: building.name,
            classrooms: building.classrooms,
            accessPoints: building.accessPoints.map((ap) => ap.generation),
            uplinkMbps: building.uplink?.capacityMbps,
            measured: await measuredLoad(store, building.id, now, tz),
            years,
          },
          { headroom: config.planning.headroom, mbpsPerDevice: config.planning.mbpsPerDevice, currentYear },
        ),
      );
    }
  }
  return plans;
}

/**
 * Busy-hour load of a building over the last four weeks. Where no busy-hour sample exists yet (a
 * fresh install at a weekend), every sample counts, and the evidence says how many there were.
 */
async function measuredLoad(store: Store, buildingId: string, now: number, tz: string): Promise<MeasuredLoad | undefined> {
  const from = now - WINDOW_MS;
  const uplink = await store.range({ measurement: 'interface', filter: { building: buildingId, link: 'uplink' }, from, to: now + 1 });
  const aps = await store.range({ measurement: 'access_point', filter: { building: buildingId }, from, to: now + 1 });
  const busy = <T extends { time: number }>(list: T[]) => {
    const inHours = list.filter((p) => inBusyHours(p.time, tz));
    return inHours.length > 0 ? inHours : list;
  };
  const rates = busy(uplink.filter((p) => p.fields.in_bps !== undefined)).map((p) => Math.max(p.fields.in_bps!, p.fields.out_bps ?? 0) / 1e6);
  const clientsByTime = new Map<number, number>();
  for (const p of busy(aps)) clientsByTime.set(p.time, (clientsByTime.get(p.time) ?? 0) + (p.fields.clients ?? 0));
  if (rates.length === 0 && clientsByTime.size === 0) return undefined;
  return {
    uplinkP95Mbps: percentile(rates, 95),
    // Loops, not Math.max(...spread): four weeks of 10 s polls overflow the argument stack.
    peakClients: clientsByTime.size > 0 ? [...clientsByTime.values()].reduce((a, b) => Math.max(a, b)) : undefined,
    samples: rates.length,
    from: [...uplink, ...aps].reduce((t, p) => Math.min(t, p.time), Infinity),
    to: [...uplink, ...aps].reduce((t, p) => Math.max(t, p.time), -Infinity),
  };
}
