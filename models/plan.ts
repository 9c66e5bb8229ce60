// The planning model: for each building and school year, the devices the policy brings, the demand
// they put on the uplink and the Wi-Fi, and what must be added when capacity runs short, with the
// figures behind each recommendation. Pure: plain data in, plain data out.
import type { DeviceCount } from './devices.ts';
import type { WifiGeneration } from '../config/schema.ts';

/** Clients one access point serves well, by Wi-Fi generation (documented in docs/model.md). */
export const CLIENTS_PER_AP: Record<WifiGeneration, number> = { wifi4: 25, wifi5: 40, wifi6: 50, wifi6e: 50, wifi7: 60 };

/** Uplink speeds a building can be moved to, Mbit/s. */
export const UPLINK_STEPS = [100, 1000, 10_000, 25_000, 40_000, 100_000];

export interface MeasuredLoad {
  /** Busy-hour 95th percentile of the uplink's busier direction, Mbit/s. */
  uplinkP95Mbps?: number;
  /** Busy-hour peak of associated clients over the building's access points. */
  peakClients?: number;
  samples: number;
  /** What the figures were computed from: hourly roll-ups, or raw points before the first roll-up. */
  source: 'hourly roll-ups' | 'raw points';
  from: number;
  to: number;
}

export interface BuildingInput {
  schoolId: string;
  schoolName: string;
  buildingId: string;
  buildingName: string;
  classrooms: number;
  accessPoints: WifiGeneration[];
  uplinkMbps?: number;
  measured?: MeasuredLoad;
  /** Projected devices per school year, first year = now. */
  years: { year: number; devices: DeviceCount }[];
}

export interface PlanParameters {
  headroom: number;
  mbpsPerDevice: number;
  /** The school year now; a building short in it is short now. */
  currentYear: number;
}

export type RecommendationKind = 'add-access-points' | 'upgrade-uplink';

export interface Recommendation {
  kind: RecommendationKind;
  /** The school year it is needed by; "now" when measurements show it short today. */
  year: number | 'now';
  quantity: number;
  reason: string;
  evidence: Record<string, number | string | boolean>;
}

export interface YearProjection {
  year: number;
  devices: number;
  demandMbps: number;
  accessPointsNeeded: number;
}

export interface BuildingPlan {
  schoolId: string;
  schoolName: string;
  buildingId: string;
  buildingName: string;
  status: 'ok' | 'short';
  years: YearProjection[];
  recommendations: Recommendation[];
}

/** Calibrate per-device demand from the building itself once this many clients were measured. */
const MIN_CLIENTS_FOR_CALIBRATION = 20;

export function planBuilding(input: BuildingInput, params: PlanParameters): BuildingPlan {
  const m = input.measured;
  const calibrated = m?.uplinkP95Mbps !== undefined && m.peakClients !== undefined && m.peakClients >= MIN_CLIENTS_FOR_CALIBRATION;
  const mbpsPerDevice = calibrated ? m!.uplinkP95Mbps! / m!.peakClients! : params.mbpsPerDevice;
  const installedCapacity = input.accessPoints.reduce((n, g) => n + CLIENTS_PER_AP[g], 0);
  const perApClients = input.accessPoints.length > 0 ? installedCapacity / input.accessPoints.length : CLIENTS_PER_AP.wifi6;

  const years = input.years.map(({ year, devices }) => ({
    year,
    devices: devices.total,
    demandMbps: round(devices.total * mbpsPerDevice),
    // One AP per classroom where every pupil has a device, and enough for the clients in any case.
    accessPointsNeeded: Math.max(devices.oneToOne ? input.classrooms : 0, Math.ceil(devices.total / perApClients)),
  }));
  const recommendations: Recommendation[] = [];
  const assumptions = { mbpsPerDevice: round(mbpsPerDevice), mbpsPerDeviceSource: calibrated ? 'measured' : 'default', headroom: params.headroom };

  if (input.uplinkMbps) {
    const limit = input.uplinkMbps * params.headroom;
    const shortNow = m?.uplinkP95Mbps !== undefined && m.uplinkP95Mbps > limit;
    const firstShort = years.find((y) => y.demandMbps > limit);
    if (shortNow || firstShort) {
      const peakDemand = Math.max(m?.uplinkP95Mbps ?? 0, ...years.map((y) => y.demandMbps));
      const target = UPLINK_STEPS.find((s) => s > input.uplinkMbps! && peakDemand <= s * params.headroom) ?? UPLINK_STEPS.at(-1)!;
      recommendations.push({
        kind: 'upgrade-uplink',
        year: shortNow ? 'now' : firstShort!.year,
        quantity: 1,
        reason: shortNow
          ? `busy-hour p95 ${round(m!.uplinkP95Mbps!)} Mbit/s exceeds ${Math.round(params.headroom * 100)} % of the ${input.uplinkMbps} Mbit/s uplink; upgrade to ${target} Mbit/s`
          : `projected ${firstShort!.demandMbps} Mbit/s for ${firstShort!.devices} devices in ${firstShort!.year} exceeds ${Math.round(params.headroom * 100)} % of the ${input.uplinkMbps} Mbit/s uplink; upgrade to ${target} Mbit/s`,
        evidence: {
          uplinkMbps: input.uplinkMbps,
          targetMbps: target,
          limitMbps: round(limit),
          ...(m?.uplinkP95Mbps !== undefined ? { measuredP95Mbps: round(m.uplinkP95Mbps), measuredFrom: iso(m.from), measuredTo: iso(m.to), samples: m.samples, source: m.source } : {}),
          projectedPeakMbps: round(peakDemand),
          ...assumptions,
        },
      });
    }
  }

  const installed = input.accessPoints.length;
  const apCapacityNow = installedCapacity;
  const shortWifiNow = m?.peakClients !== undefined && m.peakClients > apCapacityNow;
  const firstApShort = years.find((y) => y.accessPointsNeeded > installed);
  if (shortWifiNow || firstApShort) {
    const needed = Math.max(
      shortWifiNow ? Math.ceil(m!.peakClients! / perApClients) : 0,
      ...years.map((y) => y.accessPointsNeeded),
    );
    recommendations.push({
      kind: 'add-access-points',
      year: shortWifiNow ? 'now' : firstApShort!.year,
      quantity: needed - installed,
      reason: shortWifiNow
        ? `${m!.peakClients} clients at busy hour on ${installed} access points rated for ${apCapacityNow}; ${needed} needed`
        : `${firstApShort!.devices} devices in ${firstApShort!.year} need ${firstApShort!.accessPointsNeeded} access points, ${installed} installed`,
      evidence: {
        installed,
        needed,
        clientsPerAp: round(perApClients),
        classrooms: input.classrooms,
        ...(m?.peakClients !== undefined ? { measuredPeakClients: m.peakClients, measuredFrom: iso(m.from), measuredTo: iso(m.to) } : {}),
        oneToOne: input.years.some((y) => y.devices.oneToOne),
      },
    });
  }
  return {
    schoolId: input.schoolId,
    schoolName: input.schoolName,
    buildingId: input.buildingId,
    buildingName: input.buildingName,
    status: recommendations.some((r) => r.year === 'now' || r.year <= params.currentYear) ? 'short' : 'ok',
    years,
    recommendations,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
const iso = (ms: number) => new Date(ms).toISOString();
