// A school line's traffic mix at its busy hour, read from the store: the hour over the last four
// weeks when all classes together carried the most into the school (hourly roll-ups; the raw points
// of the last day where nothing is rolled up yet), and each class's share of it. Shared by the plan,
// the overview and the API.
import type { Classifier } from '../flows/classifier.ts';
import type { TrafficMix } from '../models/traffic-plan.ts';
import { rollUp } from '../store/rollup.ts';
import type { Point } from '../store/point.ts';
import type { Store } from '../store/store.ts';

const WEEKS_MS = 28 * 86_400_000;
const DAY_MS = 86_400_000;

export async function busyHourMix(store: Store, classifier: Classifier, filter: { municipality: string; school: string }, now: number): Promise<TrafficMix | undefined> {
  let source: TrafficMix['source'] = 'hourly roll-ups';
  let hours = await store.range({ measurement: 'traffic_1h', filter, from: now - WEEKS_MS, to: now, fields: ['in_bps_mean'] });
  if (hours.length === 0) {
    source = 'raw points';
    hours = rollUp('traffic', await store.range({ measurement: 'traffic', filter, from: now - DAY_MS, to: now, fields: ['in_bps'] }));
  }
  return mixOf(hours, classifier, source);
}

/** The busiest hour of roll-up points (one per class and hour) and the classes in it. */
export function mixOf(hours: Point[], classifier: Classifier, source: TrafficMix['source']): TrafficMix | undefined {
  const totals = new Map<number, number>();
  for (const p of hours) totals.set(p.time, (totals.get(p.time) ?? 0) + (p.fields.in_bps_mean ?? 0));
  let busyHour: number | undefined;
  let most = 0;
  for (const [time, bps] of totals) if (bps > most) [busyHour, most] = [time, bps];
  if (busyHour === undefined) return undefined;
  const byClass = new Map(hours.filter((p) => p.time === busyHour).map((p) => [p.tags.class, (p.fields.in_bps_mean ?? 0) / 1e6]));
  return {
    busyHour,
    totalMbps: most / 1e6,
    source,
    classes: classifier.classes.map((c) => ({ id: c.id, name: c.name, mbps: byClass.get(c.id) ?? 0, movable: c.movable, lowerBound: c.lowerBound, qos: c.qos })),
  };
}
