// The inventory seen from one device: where it stands, which links it carries and which access points
// it reports. Derived from the config once, so the collector does no searching per poll.
import type { AccessPointConfig, Config, DeviceConfig, Municipality, SchoolConfig } from './schema.ts';

export interface LinkRole {
  kind: 'uplink' | 'internet';
  buildingId?: string;
  capacityMbps: number;
}

export interface DeviceTarget {
  municipalityId: string;
  schoolId: string;
  buildingId?: string;
  device: DeviceConfig;
  /** Links on this device, by interface name. */
  links: Map<string, LinkRole>;
  /** Access points this device may report (a controller's), by the name the controller uses. */
  accessPoints: Map<string, AccessPointConfig & { buildingId: string }>;
}

export function deviceTargets(config: Config): DeviceTarget[] {
  const targets: DeviceTarget[] = [];
  for (const school of config.schools) {
    const schoolAps = school.buildings.flatMap((b) => b.accessPoints.map((ap) => ({ ...ap, buildingId: b.id })));
    const target = (device: DeviceConfig, buildingId?: string): DeviceTarget => {
      const links = new Map<string, LinkRole>();
      if (school.internet?.device === device.id) links.set(school.internet.interface, { kind: 'internet', capacityMbps: school.internet.capacityMbps });
      for (const b of school.buildings) {
        if (b.uplink?.device === device.id) links.set(b.uplink.interface, { kind: 'uplink', buildingId: b.id, capacityMbps: b.uplink.capacityMbps });
      }
      const accessPoints = new Map(schoolAps.filter((ap) => ap.controller === device.id).map((ap) => [ap.name, ap]));
      return { municipalityId: school.municipality, schoolId: school.id, buildingId, device, links, accessPoints };
    };
    targets.push(...school.devices.map((d) => target(d)));
    for (const b of school.buildings) targets.push(...b.devices.map((d) => target(d, b.id)));
  }
  return targets;
}

/** The municipality a school belongs to: its time zone decides busy hours and school years. */
export function municipalityOf(config: Config, school: Pick<SchoolConfig, 'municipality'>): Municipality {
  return config.municipalities.find((m) => m.id === school.municipality) ?? config.municipalities[0]!;
}

/** Whether the config collects flows for this school's line: only then is a traffic mix looked for. */
/**
 * A point's time zone from its municipality tag; the first municipality's for a point without one
 * (the collector tags every point it writes).
 */
export function timeZoneOf(config: Pick<Config, 'municipalities'>): (tags: Readonly<Record<string, string>>) => string {
  const zones = new Map(config.municipalities.map((m) => [m.id, m.timezone]));
  return (tags) => zones.get(tags.municipality ?? '') ?? config.municipalities[0]!.timezone;
}

export const hasFlows = (config: Pick<Config, 'flows'>, schoolId: string) => config.flows?.exporters.some((e) => e.lines.some((l) => l.school === schoolId)) ?? false;
