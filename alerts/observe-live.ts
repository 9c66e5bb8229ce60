// The live rules, read from the raw points of the last minutes (kept between evaluations in a
// LiveWindow): sustained link load, clients per access point and building, channel utilisation per
// radio, devices and links down.
import type { Config, SchoolConfig } from '../config/schema.ts';
import { clientCapacity } from '../models/costs.ts';
import { hasFlows, municipalityOf } from '../config/inventory.ts';
import { classifierFor } from '../flows/classifier.ts';
import { localWeekTime } from '../models/local-time.ts';
import { msg } from '../models/message.ts';
import type { Point } from '../store/point.ts';
import { type LiveMeasurement, type LiveWindow } from './live-window.ts';
import { assessRun, downRule, thresholdRule, type RunRule, type Sample } from './conditions.ts';
import type { Observation, Subject } from './engine.ts';
import { placeFields, ruleFor, through, type Place } from './subjects.ts';

export interface LiveContext {
  config: Config;
  now: number;
  /** Whether the alert with this key fires now: hysteresis needs to know. */
  firing: (key: string) => boolean;
}

/** Polls may be late by this many intervals before their samples count as stale. */
const STALE_INTERVALS = 3;

export async function observeLive(window: LiveWindow, ctx: LiveContext): Promise<Observation[]> {
  const { config, now } = ctx;
  const rules = config.alerts.rules;
  const longestMin = Math.max(...[rules.linkLoad, rules.apClients, rules.channelUtilisation, rules.trafficClass].flatMap((r) => [r.forMinutes, r.clearForMinutes]), rules.deviceDown.graceMinutes, rules.linkDown.graceMinutes);
  const staleMs = STALE_INTERVALS * config.collector.intervalSeconds * 1000;
  // Every override could lengthen a window; the longest default plus slack covers the common case,
  // and a run longer than the window still counts as long as the window.
  const windowMs = Math.max(longestMin, ...config.alerts.overrides.flatMap((o) => Object.values(o.rules).flatMap((r) => Object.entries(r ?? {}).flatMap(([k, v]) => (k.endsWith('Minutes') && typeof v === 'number' ? [v] : []))))) * 60_000 + 2 * staleMs;
  const observations: Observation[] = [];
  const flowsAt = (school: SchoolConfig) => hasFlows(config, school.id) && school.internet !== undefined;
  const measurements: LiveMeasurement[] = ['interface', 'access_point', 'radio', 'device', ...(config.schools.some(flowsAt) ? (['traffic'] as const) : [])];
  const schools = new Set(config.schools.map((s) => s.id));
  // A poll's points arrive within the time after which they count as stale; later ones wait for the next full read.
  for (const m of measurements) await window.refresh(m, schools, now, windowMs, staleMs);
  for (const school of config.schools) {
    const flows = flowsAt(school);
    const points = (m: LiveMeasurement) => window.points(m, school.id);
    const [interfaces, aps, radios, devices, traffic] = [points('interface'), points('access_point'), points('radio'), points('device'), flows ? points('traffic') : []];
    const judge = (subject: Subject, samples: Sample[], rule: RunRule) => observations.push({ subject, verdict: assessRun(samples, rule, now, ctx.firing(subject.key), staleMs) });
    const place: Place = { municipality: school.municipality, school };
    linkRules(config, school, place, interfaces, judge);
    if (flows) trafficRules(config, school, place, traffic, judge);
    wifiRules(config, school, place, aps, radios, judge);
    for (const device of [...school.devices, ...school.buildings.flatMap((b) => b.devices)]) {
      const rule = ruleFor(config.alerts, 'deviceDown', { school: school.id });
      if (!rule.enabled) continue;
      const building = school.buildings.find((b) => b.devices.includes(device));
      const subject: Subject = {
        key: `deviceDown:${device.id}`,
        rule: 'deviceDown',
        ...placeFields({ ...place, building }),
        name: msg('notify.name.device', { role: device.role, name: device.name ?? device.id }),
        device: device.id,
        dependsOn: through(school, device.id).slice(1),
        unit: 'up',
        limit: rule.graceMinutes,
      };
      judge(subject, samplesOf(devices.filter((p) => p.tags.device === device.id), 'up'), downRule(rule.graceMinutes));
    }
  }
  return observations;
}

type Judge = (subject: Subject, samples: Sample[], rule: RunRule) => void;

function linkRules(config: Config, school: SchoolConfig, place: Place, interfaces: Point[], judge: Judge): void {
  const links = [
    ...(school.internet ? [{ kind: 'internet' as const, link: school.internet, building: undefined, points: interfaces.filter((p) => p.tags.link === 'internet') }] : []),
    ...school.buildings.flatMap((b) => (b.uplink ? [{ kind: 'uplink' as const, link: b.uplink, building: b, points: interfaces.filter((p) => p.tags.link === 'uplink' && p.tags.building === b.id) }] : [])),
  ];
  for (const { kind, link, building, points } of links) {
    const where = { school: school.id, building: building?.id, link: kind };
    const id = building?.id ?? school.id;
    const name = msg(kind === 'internet' ? 'notify.name.internet' : 'notify.name.uplink', { mbps: link.capacityMbps });
    // Through its device: when that device is down, its own alert says so, and the link's would repeat it.
    const base = { ...placeFields({ ...place, building }), name, dependsOn: through(school, link.device) };
    const load = ruleFor(config.alerts, 'linkLoad', where);
    if (load.enabled) judge({ ...base, key: `linkLoad:${kind}:${id}`, rule: 'linkLoad', unit: 'share', limit: load.above }, samplesOf(points, 'utilisation'), thresholdRule(load.above, load.forMinutes, load.clearBelow, load.clearForMinutes));
    const down = ruleFor(config.alerts, 'linkDown', where);
    if (down.enabled) judge({ ...base, key: `linkDown:${kind}:${id}`, rule: 'linkDown', unit: 'up', limit: down.graceMinutes }, samplesOf(points, 'oper_up'), downRule(down.graceMinutes));
  }
}

/**
 * A watched class over its share (or rate) of the internet line in lesson hours. Outside them its
 * samples count as below the limit, so an evening's updates neither fire nor keep an alert firing.
 */
function trafficRules(config: Config, school: SchoolConfig, place: Place, traffic: Point[], judge: Judge): void {
  const rule = ruleFor(config.alerts, 'trafficClass', { school: school.id, link: 'internet' });
  if (!rule.enabled || !school.internet) return;
  const capacityBps = school.internet.capacityMbps * 1e6;
  const above = rule.aboveMbps !== undefined ? (rule.aboveMbps * 1e6) / capacityBps : rule.above;
  const clearBelow = rule.aboveMbps !== undefined ? above * (rule.clearBelow / rule.above) : rule.clearBelow;
  const tz = municipalityOf(config, school).timezone;
  const [from, to] = rule.lessonHours.map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3))) as [number, number];
  const inLessons = (time: number) => {
    const local = localWeekTime(time, tz);
    return local.weekday <= 5 && local.minuteOfDay >= from && local.minuteOfDay < to;
  };
  const names = new Map(classifierFor(config).classes.map((c) => [c.id, c.name]));
  for (const cls of rule.classes) {
    const samples = traffic
      .filter((p) => p.tags.class === cls)
      .map((p) => ({ time: p.time, value: inLessons(p.time) ? Math.max(p.fields.in_bps ?? 0, p.fields.out_bps ?? 0) / capacityBps : 0 }));
    const subject: Subject = {
      ...placeFields(place),
      key: `trafficClass:${cls}:${school.id}`,
      rule: 'trafficClass',
      name: msg('notify.name.trafficClass', { class: msg(`traffic.class.${cls}`, undefined, names.get(cls) ?? cls), mbps: school.internet.capacityMbps }),
      dependsOn: through(school, school.internet.device),
      unit: 'share',
      limit: above,
    };
    judge(subject, samples, thresholdRule(above, rule.forMinutes, clearBelow, rule.clearForMinutes));
  }
}

function wifiRules(config: Config, school: SchoolConfig, place: Place, aps: Point[], radios: Point[], judge: Judge): void {
  for (const building of school.buildings) {
    const where = { school: school.id, building: building.id };
    const clients = ruleFor(config.alerts, 'apClients', where);
    const cu = ruleFor(config.alerts, 'channelUtilisation', where);
    const at = placeFields({ ...place, building });
    const capacityOf = new Map(building.accessPoints.map((ap) => [ap.id, clientCapacity(ap.generation, config.catalogue)]));
    const mine = aps.filter((p) => p.tags.building === building.id);
    if (clients.enabled) {
      const rule = thresholdRule(clients.above, clients.forMinutes, clients.clearBelow, clients.clearForMinutes);
      for (const ap of building.accessPoints) {
        const capacity = capacityOf.get(ap.id)!;
        const samples = samplesOf(mine.filter((p) => p.tags.ap === ap.id), 'clients').map((s) => ({ time: s.time, value: s.value / capacity }));
        judge({ ...at, key: `apClients:ap:${ap.id}`, rule: 'apClients', name: msg('notify.name.ap', { name: ap.name, generation: msg(`generation.${ap.generation}`), capacity }), dependsOn: ap.controller ? through(school, ap.controller) : [], unit: 'share', limit: clients.above }, samples, rule);
      }
      const total = [...capacityOf.values()].reduce((a, b) => a + b, 0);
      if (total > 0) {
        const sums = new Map<number, number>();
        for (const p of mine) sums.set(p.time, (sums.get(p.time) ?? 0) + (p.fields.clients ?? 0));
        const samples = [...sums].map(([time, n]) => ({ time, value: n / total }));
        const controllers = [...new Set(building.accessPoints.flatMap((ap) => (ap.controller ? [ap.controller] : [])))];
        judge({ ...at, key: `apClients:building:${building.id}`, rule: 'apClients', name: msg('notify.name.buildingWifi', { aps: building.accessPoints.length, capacity: total }), dependsOn: controllers.flatMap((c) => through(school, c)), unit: 'share', limit: clients.above }, samples, rule);
      }
    }
    if (cu.enabled) {
      const rule = thresholdRule(cu.above, cu.forMinutes, cu.clearBelow, cu.clearForMinutes);
      const byRadio = new Map<string, Point[]>();
      for (const p of radios.filter((r) => r.tags.building === building.id && r.fields.channel_utilisation !== undefined)) {
        const key = `${p.tags.ap}:${p.tags.radio}`;
        byRadio.set(key, [...(byRadio.get(key) ?? []), p]);
      }
      for (const [key, points] of byRadio) {
        const ap = building.accessPoints.find((a) => a.id === points[0]!.tags.ap);
        const { band, radio, ap: apId } = points[0]!.tags;
        const name = msg('notify.name.radio', { name: ap?.name ?? apId ?? '', band: band ?? msg('notify.name.radioNumber', { radio: radio ?? '' }) });
        judge({ ...at, key: `channelUtilisation:${key}`, rule: 'channelUtilisation', name, dependsOn: ap?.controller ? through(school, ap.controller) : [], unit: 'share', limit: cu.above }, samplesOf(points, 'channel_utilisation'), rule);
      }
    }
  }
}

function samplesOf(points: Point[], field: string): Sample[] {
  return points.filter((p) => p.fields[field] !== undefined).map((p) => ({ time: p.time, value: p.fields[field]! }));
}
