// A school line's busy hour, read from the store: the hour over the last four weeks when all traffic
// classes together carried the most into the school (hourly roll-ups; the raw points of the last day
// where nothing is rolled up yet), and what each class carried in it. Kept with the plan's load
// summaries (planning/load-summaries.ts) and turned into the model's traffic mix with the classes'
// names and QoS, which come from the config, not the store.
import type { Classifier } from '../flows/classifier.ts';
import type { TrafficMix } from '../models/traffic-plan.ts';
import { rollUp } from '../store/rollup.ts';
import type { Point } from '../store/point.ts';
import type { Store } from '../store/store.ts';

const WEEKS_MS = 28 * 86_400_000;
const DAY_MS = 86_400_000;

/** A line's busiest hour and the bit/s into the school of each class measured in it. */
export interface BusyHour {
  time: number;
  source: TrafficMix['source'];
  bpsByClass: Record<string, number>;
}

/** The busy hour of the school's line over the four weeks before `until`, if any traffic was measured. */
export async function busyHourOf(store: Store, filter: { municipality: string; school: string }, until: number): Promise<BusyHour | undefined> {
  let source: TrafficMix['source'] = 'hourly roll-ups';
  let hours = await store.range({ measurement: 'traffic_1h', filter, from: until - WEEKS_MS, to: until, fields: ['in_bps_mean'] });
  if (hours.length === 0) {
    source = 'raw points';
    hours = rollUp('traffic', await store.range({ measurement: 'traffic', filter, from: until - DAY_MS, to: until, fields: ['in_bps'] }));
  }
  return busiest(hours, source);
}

/** The busiest hour of roll-up points (one per class and hour) and the classes in it. */
function busiest(hours: Point[], source: TrafficMix['source']): BusyHour | undefined {
  const totals = new Map<number, number>();
  for (const p of hours) totals.set(p.time, (totals.get(p.time) ?? 0) + (p.fields.in_bps_mean ?? 0));
  let time: number | undefined;
  let most = 0;
  for (const [t, bps] of totals) if (bps > most) [time, most] = [t, bps];
  if (time === undefined) return undefined;
  const bpsByClass: Record<string, number> = {};
  for (const p of hours) if (p.time === time && p.tags.class !== undefined) bpsByClass[p.tags.class] = p.fields.in_bps_mean ?? 0;
  return { time, source, bpsByClass };
}

/** The busy hour as the model reads it: every class of the classifier, in Mbit/s, those not measured at 0. */
export function mixAt(busy: BusyHour, classifier: Classifier): TrafficMix {
  const totalBps = Object.values(busy.bpsByClass).reduce((a, b) => a + b, 0);
  return {
    busyHour: busy.time,
    totalMbps: totalBps / 1e6,
    source: busy.source,
    classes: classifier.classes.map((c) => ({ id: c.id, name: c.name, mbps: (busy.bpsByClass[c.id] ?? 0) / 1e6, movable: c.movable, lowerBound: c.lowerBound, qos: c.qos })),
  };
}
