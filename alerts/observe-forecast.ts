// The forecast rule: links whose busy-hour trend reaches the planning limit within N days, and
// buildings whose planned devices outgrow them before (or since) the school year they arrive. Each
// names its date and the plan's recommendation that fixes it.
import { resolveScenario, planMunicipality } from '../planning/plan-inputs.ts';
import type { Config, SchoolConfig } from '../config/schema.ts';
import type { Recommendation } from '../models/plan.ts';
import { limitCrossing } from '../models/trend.ts';
import { loadsOf, weeklyLinkLoads } from '../planning/weekly-load.ts';
import type { Store } from '../store/store.ts';
import type { Observation, Subject } from './engine.ts';
import { placeFields, ruleFor, through } from './subjects.ts';
import { msg, type Message } from '../models/message.ts';

const DAY_MS = 86_400_000;

/** A recommendation as one line: what, how much, and the cost where the catalogue has one. */
export function fixOf(r: Recommendation): Message {
  if (!r.cost) return r.message;
  const { oneOff, yearly, currency } = r.cost;
  return yearly ? msg('notify.fixYearly', { reason: r.message, oneOff: Math.round(oneOff), yearly: Math.round(yearly), currency }) : msg('notify.fixOneOff', { reason: r.message, oneOff: Math.round(oneOff), currency });
}

/** The first of August of a school year, when its devices arrive. */
const rolloutDate = (schoolYear: number) => Date.UTC(schoolYear, 7, 1);

export async function observeForecast(store: Store, config: Config, now: number, previousKeys: readonly string[]): Promise<Observation[]> {
  const observations: Observation[] = [];
  const scenario = resolveScenario(config);
  for (const municipality of config.municipalities) {
    const plan = await planMunicipality(config, store, now, scenario, municipality.id);
    const schools = config.schools
      .filter((s) => s.municipality === municipality.id)
      .map((school) => ({ school, rule: ruleFor(config.alerts, 'forecast', { school: school.id }), schoolPlan: plan.schools.find((s) => s.schoolId === school.id) }))
      .filter(({ rule }) => rule.enabled)
      .map((s) => ({
        ...s,
        links: [
          ...(s.school.internet ? [{ kind: 'internet' as const, id: s.school.id, capacity: s.school.internet.capacityMbps, device: s.school.internet.device, building: undefined, fix: s.schoolPlan?.recommendations.find((r) => r.kind === 'raise-internet-tier') }] : []),
          ...s.school.buildings.flatMap((b) =>
            b.uplink ? [{ kind: 'uplink' as const, id: b.id, capacity: b.uplink.capacityMbps, device: b.uplink.device, building: b, fix: plan.buildings.find((p) => p.buildingId === b.id)?.recommendations.find((r) => r.kind === 'upgrade-uplink') }] : [],
          ),
        ],
      }));
    // Every link's weeks at once: summaries of the municipality, not a read per link.
    const loads = await weeklyLinkLoads(store, { municipality: municipality.id, timeZone: municipality.timezone }, now, schools.flatMap(({ rule, links }) => links.map((l) => ({ ...l, weeks: rule.weeks }))));
    for (const { school, rule, schoolPlan, links } of schools) {
      for (const link of links) {
        const limit = link.capacity * config.planning.headroom;
        const weeks = loadsOf(loads, link);
        const crossing = limitCrossing(weeks, limit);
        const date = crossing.kind === 'reached' ? crossing.since : crossing.kind === 'ahead' ? crossing.date : undefined;
        const subject: Subject = {
          key: `forecast:${link.kind}:${link.building?.id ?? school.id}`,
          rule: 'forecast',
          ...placeFields({ municipality: municipality.id, school, building: link.building }),
          name: msg(link.kind === 'internet' ? 'notify.name.trendInternet' : 'notify.name.trendUplink', { mbps: link.capacity }),
          dependsOn: through(school, link.device),
          unit: 'Mbit/s',
          limit,
          ...(date !== undefined ? { date } : {}),
          ...(link.fix ? { fix: fixOf(link.fix) } : {}),
        };
        const value = weeks.at(-1)?.mbps ?? 0;
        observations.push({ subject, verdict: date !== undefined && date <= now + rule.withinDays * DAY_MS ? { state: 'firing', since: now, value } : { state: 'ok', value } });
      }
      observations.push(...rollout(school, plan.buildings.filter((b) => b.schoolId === school.id), schoolPlan, now, rule.rolloutWithinDays));
    }
  }
  // A forecast no longer made (the plan changed, a link was upgraded) is resolved.
  const seen = new Set(observations.map((o) => o.subject.key));
  return [...observations, ...previousKeys.filter((k) => !seen.has(k)).map((key) => ({ subject: { key } as Subject, verdict: { state: 'ok' as const, value: 0 } }))];
}

function rollout(school: SchoolConfig, buildings: { buildingId: string; recommendations: Recommendation[] }[], schoolPlan: { recommendations: Recommendation[] } | undefined, now: number, withinDays: number): Observation[] {
  const items = [...buildings.flatMap((b) => b.recommendations.map((r) => ({ r, building: school.buildings.find((x) => x.id === b.buildingId) }))), ...(schoolPlan?.recommendations ?? []).map((r) => ({ r, building: undefined }))];
  return items
    // Only roll-outs still ahead: once the devices are there, the live rules see what they do.
    .filter(({ r }) => typeof r.year === 'number' && rolloutDate(r.year) > now && rolloutDate(r.year) <= now + withinDays * DAY_MS)
    .map(({ r, building }) => ({
      subject: {
        key: `forecast:rollout:${building?.id ?? school.id}:${r.kind}`,
        rule: 'forecast' as const,
        ...placeFields({ municipality: school.municipality, school, building }),
        name: msg('notify.name.rollout', { year: `${r.year}/${String(((r.year as number) + 1) % 100).padStart(2, '0')}` }),
        dependsOn: [],
        unit: 'devices',
        limit: 0,
        date: rolloutDate(r.year as number),
        fix: fixOf(r),
      },
      verdict: { state: 'firing' as const, since: now, value: r.quantity },
    }));
}
