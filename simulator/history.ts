// Past weeks for the demo: the points the collector would have stored had it polled the simulated
// municipality all along, so a first start already shows a week's curves, a weekday × hour grid and
// a plan calibrated from measurements. Tags come from the same DeviceTarget the collector uses.
import type { DeviceTarget } from '../config/inventory.ts';
import type { Point } from '../store/point.ts';
import type { Store } from '../store/store.ts';
import type { SimDevice } from './world.ts';
import { classRates } from './traffic-mix.ts';

/** Where the demo's unclassified traffic goes, and its shares: what the "classify it" list shows. */
const UNCLASSIFIED = [
  { prefix: '203.0.113.0/24', port: 'tcp/8443', share: 0.55 },
  { prefix: '100.64.20.0/24', port: 'udp/4500', share: 0.3 },
  { prefix: '2001:db8:ff::/48', port: 'tcp/443', share: 0.15 },
];

/** An hour's top list of unclassified prefixes, as the meter writes it on the hour, from the rate at its start. */
function unclassifiedPoints(municipality: string, school: string, other: { inBps: number; outBps: number } | undefined, hour: number): Point[] {
  if (!other) return [];
  return UNCLASSIFIED.map((u) => ({
    measurement: 'traffic_unclassified' as const,
    tags: { municipality, school, prefix: u.prefix, port: u.port },
    fields: { in_bytes: (other.inBps / 8) * 3600 * u.share, out_bytes: (other.outBps / 8) * 3600 * u.share, in_packets: Math.round(((other.inBps / 8) * 3600 * u.share) / 1200), out_packets: Math.round(((other.outBps / 8) * 3600 * u.share) / 600) },
    time: hour,
  }));
}

/** The `traffic` points the flow meter would have written for a line's classes at one instant (10 minutes' worth). */
function trafficPoints(municipality: string, school: string, rates: Record<string, { inBps: number; outBps: number }>, time: number): Point[] {
  const seconds = 600;
  return Object.entries(rates).map(([cls, r]) => ({
    measurement: 'traffic' as const,
    tags: { municipality, school, class: cls },
    fields: { in_bps: r.inBps, out_bps: r.outBps, in_bytes: (r.inBps / 8) * seconds, out_bytes: (r.outBps / 8) * seconds, in_packets: Math.round((r.inBps / 8 / 1200) * seconds), out_packets: Math.round((r.outBps / 8 / 600) * seconds) },
    time,
  }));
}

/**
 * Points of one past instant: every configured link's rates and every access point's clients, and
 * for schools whose flows are collected (`flowSchools`: school → time zone) their line's classes.
 */
export function pointsAt(world: readonly SimDevice[], targets: readonly DeviceTarget[], time: number, simMs: number, flowSchools: ReadonlyMap<string, string> = new Map()): Point[] {
  const points: Point[] = [];
  for (const device of world) {
    const target = targets.find((t) => t.device.id === device.config.id);
    if (!target) continue;
    const placed = { municipality: target.municipalityId, school: target.schoolId, device: target.device.id, ...(target.buildingId ? { building: target.buildingId } : {}) };
    for (const iface of device.interfaces) {
      const link = target.links.get(iface.name);
      if (!link) continue;
      const { inBps, outBps } = iface.rates(simMs);
      const speedBps = link.capacityMbps * 1e6;
      points.push({
        measurement: 'interface',
        tags: { ...placed, interface: iface.name, link: link.kind, ...(link.buildingId ? { building: link.buildingId } : {}) },
        fields: { oper_up: 1, speed_bps: speedBps, in_bps: inBps, out_bps: outBps, utilisation: Math.max(inBps, outBps) / speedBps },
        time,
      });
      const tz = link.kind === 'internet' ? flowSchools.get(target.schoolId) : undefined;
      if (tz) {
        const rates = classRates(target.schoolId, inBps, outBps, simMs, tz);
        points.push(...trafficPoints(target.municipalityId, target.schoolId, rates, time));
        if (time % 3_600_000 === 0) points.push(...unclassifiedPoints(target.municipalityId, target.schoolId, rates.other, time));
      }
    }
    for (const ap of device.accessPoints) {
      const inventory = target.accessPoints.get(ap.name);
      if (!inventory) continue;
      const clients = ap.radios.reduce((n, r) => n + r.clients(simMs), 0);
      const busiest = Math.max(...ap.radios.map((r) => r.channelUtilisation(simMs))) / 100;
      points.push({
        measurement: 'access_point',
        tags: { municipality: target.municipalityId, school: target.schoolId, building: inventory.buildingId, ap: inventory.id, controller: target.device.id },
        fields: { clients, up: 1, channel_utilisation: busiest },
        time,
      });
    }
  }
  return points;
}

/**
 * Writes `days` of history before `now`, one instant every `stepMs`, unless the store already holds
 * interface points (a restarted demo keeps what it had). Returns the number of points written.
 */
export async function seedHistory(store: Store, at: (time: number) => Point[], now: number, days: number, stepMs: number): Promise<number> {
  if ((await store.earliest('interface')) !== undefined) return 0;
  let written = 0;
  let batch: Point[] = [];
  for (let t = Math.floor((now - days * 86_400_000) / stepMs) * stepMs; t < now - stepMs; t += stepMs) {
    batch.push(...at(t));
    if (batch.length >= 5000) {
      // In batches, so the collector's polls and the API run between them.
      await store.write(batch);
      written += batch.length;
      batch = [];
    }
  }
  await store.write(batch);
  return written + batch.length;
}
