// The traffic-class rule over a real store: updates filling a third of a school's line through a
// Tuesday lesson fire; the same in the evening do not; an override by rate instead of share applies.
import { describe, expect, it } from 'vitest';
import { LiveWindow } from '../../alerts/live-window.ts';
import { observeLive } from '../../alerts/observe-live.ts';
import { configSchema, type Config } from '../../config/schema.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { wording } from '../../i18n/render.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Point } from '../../store/point.ts';

const MIN = 60_000;
const LESSON = Date.parse('2026-11-24T09:00:00Z'); // Tuesday 10:00 in Oslo
const EVENING = Date.parse('2026-11-24T18:00:00Z'); // Tuesday 19:00

/** Storeng's line (300 Mbit/s) carrying `mbps` of updates, a point a minute for 20 minutes up to `end`. */
function updates(end: number, mbps: number): Point[] {
  return Array.from({ length: 20 }, (_, i) => ({ measurement: 'traffic' as const, tags: { municipality: 'fjordvik', school: 'storeng-skole', class: 'updates' }, fields: { in_bps: mbps * 1e6, out_bps: 1e6 }, time: end - (19 - i) * MIN }));
}

async function verdict(config: Config, points: Point[], now: number) {
  const store = new EmbeddedStore(':memory:');
  await store.write(points);
  const observations = await observeLive(new LiveWindow(store), { config: { ...config, collector: { ...config.collector, intervalSeconds: 60 } }, now, firing: () => false });
  await store.close();
  return observations.find((o) => o.subject.key === 'trafficClass:updates:storeng-skole');
}

describe('the traffic-class rule', () => {
  it('fires when updates hold over a quarter of the line through a lesson, and not in the evening', async () => {
    const english = configSchema.parse({ ...demoConfig(), municipalities: demoConfig().municipalities.map((m) => ({ ...m, locale: 'en' })) });
    const lesson = await verdict(english, updates(LESSON, 100), LESSON);
    expect(lesson?.verdict).toMatchObject({ state: 'firing' });
    expect(wording('en')(lesson!.subject.name)).toBe('Operating-system and app updates on the internet line (300 Mbit/s) in lesson time');
    expect(lesson?.subject.limit).toBe(0.25);
    const evening = await verdict(demoConfig(), updates(EVENING, 100), EVENING);
    expect(evening?.verdict).toMatchObject({ state: 'ok' });
    // Under the share, nothing.
    expect((await verdict(demoConfig(), updates(LESSON, 60), LESSON))?.verdict).toMatchObject({ state: 'ok' });
  });

  it('takes a rate instead of a share, per school', async () => {
    const config = configSchema.parse({ ...demoConfig(), alerts: { overrides: [{ school: 'storeng-skole', rules: { trafficClass: { aboveMbps: 50 } } }] } });
    const o = await verdict(config, updates(LESSON, 60), LESSON);
    expect(o?.verdict).toMatchObject({ state: 'firing' });
    expect(o?.subject.limit).toBeCloseTo(50 / 300, 6);
  });
});
