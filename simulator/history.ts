// Past weeks for the demo: the points the collector would have stored had it polled the simulated
// municipality all along, so a first start already shows a week's curves, a weekday × hour grid and
// a plan calibrated from measurements. Tags come from the same DeviceTarget the collector uses.
import type { DeviceTarget } from '../config/inventory.ts';
import type { Point } from '../store/point.ts';
import type { Store } from '../store/store.ts';
import type { SimDevice } from './world.ts';

/** Points of one past instant: every configured link's rates and every access point's clients. */
export function pointsAt(world: readonly SimDevice[], targets: readonly DeviceTarget[], time: number, simMs: number): Point[] {
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
