// What can alert, and with which thresholds: the links, access points, radios and devices of each
// school, where each sits behind which device, and the rules after the config's overrides.
import type { AlertRules, AlertsConfig, RuleName } from '../config/alerts.ts';
import type { BuildingConfig, SchoolConfig } from '../config/schema.ts';

/** The devices a device's data passes through on its way to the collector: a building's switch, the school's router. */
export function behind(school: SchoolConfig, deviceId: string): string[] {
  const router = school.internet?.device;
  if (deviceId === router) return [];
  const building = school.buildings.find((b) => b.devices.some((d) => d.id === deviceId));
  const sw = building?.uplink?.device;
  return [sw !== deviceId ? sw : undefined, router].filter((d): d is string => d !== undefined);
}

/** The subject's own device and everything it sits behind. */
export const through = (school: SchoolConfig, deviceId: string): string[] => [deviceId, ...behind(school, deviceId)];

/**
 * The rule as it applies here: the defaults, then overrides for the school, the building and the
 * link, the more specific later so that it wins.
 */
export function ruleFor<K extends RuleName>(alerts: AlertsConfig, name: K, where: { school: string; building?: string; link?: 'uplink' | 'internet' }): AlertRules[K] {
  const specificity = (o: AlertsConfig['overrides'][number]) => (o.school ? 1 : 0) + (o.building ? 2 : 0) + (o.link ? 4 : 0);
  const applies = alerts.overrides
    .filter((o) => (!o.school || o.school === where.school) && (!o.building || o.building === where.building) && (!o.link || o.link === where.link))
    .sort((a, b) => specificity(a) - specificity(b));
  return applies.reduce((rule, o) => ({ ...rule, ...(o.rules[name] ?? {}) }), alerts.rules[name]) as AlertRules[K];
}

export interface Place {
  municipality: string;
  school: SchoolConfig;
  building?: BuildingConfig;
}

export function placeFields(place: Place) {
  return {
    municipality: place.municipality,
    school: place.school.id,
    schoolName: place.school.name,
    ...(place.building ? { building: place.building.id, buildingName: place.building.name } : {}),
  };
}
