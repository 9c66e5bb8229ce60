// Turns a device's sample into store points tagged with the inventory: interface rates and
// utilisation, access-point clients and channel utilisation, and the device's own reachability.
import type { DeviceTarget } from '../config/inventory.ts';
import type { Point } from '../store/point.ts';
import type { DeviceSample } from './poll-device.ts';
import type { RateResult, RateTracker } from './rates.ts';
import type { Row } from './read-table.ts';
import { wifiPoints } from './wifi-points.ts';

export interface ConversionReport {
  points: Point[];
  /** Controller rows that match no access point in the inventory, by the name the controller gave. */
  unmatchedAps: string[];
  anomalies: string[];
}

/** Where a device stands, as tags: every point it yields carries them. */
export function deviceTags(target: DeviceTarget): Record<string, string> {
  const base = { municipality: target.municipalityId, school: target.schoolId, device: target.device.id };
  return target.buildingId ? { ...base, building: target.buildingId } : base;
}

export function samplePoints(target: DeviceTarget, sample: DeviceSample, rates: RateTracker): ConversionReport {
  const placed = deviceTags(target);
  const report: ConversionReport = { points: [], unmatchedAps: [], anomalies: [] };
  const interfaces = sample.rows.filter((r) => r.entity === 'interface');
  const loads = sample.rows.filter((r) => r.entity === 'processor').map((r) => r.values.load).filter((l): l is number => typeof l === 'number');
  const fields: Record<string, number> = { up: sample.ok ? 1 : 0, poll_ms: sample.durationMs, interfaces: interfaces.length, refused: sample.refused.length };
  // Several processors (cores, stack members) are summed up as their mean, as hrProcessorLoad's users do.
  if (loads.length > 0) fields.cpu_load = loads.reduce((a, b) => a + b, 0) / loads.length / 100;
  report.points.push({ measurement: 'device', tags: { ...placed, role: target.device.role }, fields, time: sample.time });
  if (!sample.ok) {
    // The next answer after an outage starts the rate calculation afresh.
    rates.forget(`${target.device.id}/`);
    return report;
  }
  const fastestBps = fastestSpeed(interfaces);
  for (const row of interfaces) report.points.push(interfacePoint(target, sample, row, rates, placed, report.anomalies, fastestBps));
  report.anomalies.push(...missingLinks(target, interfaces));
  report.points.push(...wifiPoints(target, sample, report.unmatchedAps));
  report.points[0]!.fields.unmatched_aps = report.unmatchedAps.length;
  report.points[0]!.fields.anomalies = report.anomalies.length;
  return report;
}

function interfacePoint(
  target: DeviceTarget,
  sample: DeviceSample,
  row: Row,
  rates: RateTracker,
  tags: Record<string, string>,
  anomalies: string[],
  fastestBps: number | undefined,
): Point {
  const v = row.values;
  const name = interfaceName(row);
  const link = linkOf(target, row);
  const speedBps = link ? link.capacityMbps * 1e6 : typeof v.speedBps === 'number' ? v.speedBps : undefined;
  const fields: Record<string, number> = { oper_up: v.operStatus === 'up' ? 1 : 0 };
  if (speedBps) fields.speed_bps = speedBps;
  const result = interfaceRate(target, sample, row, rates, fastestBps);
  if (result?.kind === 'rate') {
    fields.in_bps = result.inBps;
    fields.out_bps = result.outBps;
    if (speedBps) fields.utilisation = Math.max(result.inBps, result.outBps) / speedBps;
  } else if (result?.kind === 'anomaly') {
    const limit = link ? "the link's configured capacity" : speedBps ? "the interface's speed" : "the device's fastest interface";
    anomalies.push(`${target.device.id} ${name}: a rate above ${limit} was dropped as implausible`);
  }
  const linkTags: Record<string, string> = link ? { link: link.kind, ...(link.buildingId ? { building: link.buildingId } : {}) } : {};
  return { measurement: 'interface', tags: { ...tags, interface: name, ...linkTags }, fields, time: sample.time };
}

/** A link in the config whose interface the device does not have would otherwise just show no data. */
function missingLinks(target: DeviceTarget, interfaces: Row[]): string[] {
  if (interfaces.length === 0) return [];
  const names = new Set(interfaces.flatMap((r) => [interfaceName(r), String(r.values.descr ?? '')]));
  return [...target.links]
    .filter(([name]) => !names.has(name))
    .map(([name, link]) => {
      const have = interfaces.slice(0, 12).map(interfaceName).join(', ');
      return `${target.device.id}: the ${link.kind} link's interface "${name}" is not on this device (it has: ${have}${interfaces.length > 12 ? ', …' : ''})`;
    });
}

/** The inventory's link (uplink, internet line) on this interface, by its name or description. */
export function linkOf(target: DeviceTarget, row: Row) {
  return target.links.get(interfaceName(row)) ?? (row.values.descr ? target.links.get(String(row.values.descr)) : undefined);
}

export function interfaceName(row: Row): string {
  return String(row.values.name || row.values.descr || `ifIndex ${row.key}`);
}

/** The fastest speed the device reports for any interface: the most a port that reports none can carry. */
export function fastestSpeed(interfaces: Row[]): number | undefined {
  let fastest = 0;
  for (const row of interfaces) if (typeof row.values.speedBps === 'number' && row.values.speedBps > fastest) fastest = row.values.speedBps;
  return fastest || undefined;
}

/**
 * Feeds an interface row's counters to the tracker, bounded by the link's configured capacity, the
 * interface's speed or the device's fastest (`fastestBps`); undefined when the row has no counters.
 */
export function interfaceRate(target: DeviceTarget, sample: DeviceSample, row: Row, rates: RateTracker, fastestBps: number | undefined): RateResult | undefined {
  const v = row.values;
  if (typeof v.inOctets !== 'bigint' || typeof v.outOctets !== 'bigint') return undefined;
  const link = linkOf(target, row);
  return rates.update(`${target.device.id}/${row.key}`, {
    name: interfaceName(row),
    inOctets: v.inOctets,
    outOctets: v.outOctets,
    bits: row.sources.inOctets?.type === 'counter32' ? 32 : 64,
    uptimeTicks: row.uptimeTicks ?? sample.sysUpTimeTicks,
    discontinuityTicks: typeof v.discontinuity === 'number' ? v.discontinuity : undefined,
    time: sample.time,
    speedBps: typeof v.speedBps === 'number' ? v.speedBps : undefined,
    capacityBps: link ? link.capacityMbps * 1e6 : undefined,
    fastestBps,
  });
}
