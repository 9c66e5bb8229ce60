import { describe, expect, it } from 'vitest';
import { assessRun, downRule, thresholdRule, type Sample } from '../../alerts/conditions.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-11-24T08:00:00Z');
/** One sample a minute from T0, with these values. */
const minutes = (...values: number[]): Sample[] => values.map((value, i) => ({ time: T0 + i * MIN, value }));
const load = thresholdRule(0.8, 15, 0.7, 10);
const at = (samples: Sample[]) => samples.at(-1)!.time;

describe('sustained conditions', () => {
  it('fires only after the load has stayed above the threshold for the whole duration', () => {
    const rising = minutes(...Array(15).fill(0.85));
    expect(assessRun(rising, load, at(rising), false, 3 * MIN)).toEqual({ state: 'pending', since: T0, value: 0.85 });
    const held = minutes(...Array(16).fill(0.85));
    expect(assessRun(held, load, at(held), false, 3 * MIN)).toEqual({ state: 'firing', since: T0, value: 0.85 });
    // One dip below restarts the clock.
    const dipped = minutes(...Array(8).fill(0.85), 0.79, ...Array(8).fill(0.85));
    expect(assessRun(dipped, load, at(dipped), false, 3 * MIN)).toMatchObject({ state: 'pending', since: T0 + 9 * MIN });
  });

  it('keeps firing between the two thresholds, and clears only after the lower one has held', () => {
    const between = minutes(...Array(30).fill(0.75));
    expect(assessRun(between, load, at(between), true, 3 * MIN)).toMatchObject({ state: 'firing' });
    expect(assessRun(between, load, at(between), false, 3 * MIN)).toEqual({ state: 'ok', value: 0.75 });
    const calming = minutes(0.9, ...Array(10).fill(0.5));
    expect(assessRun(calming, load, at(calming), true, 3 * MIN)).toMatchObject({ state: 'firing' });
    const calm = minutes(0.9, ...Array(11).fill(0.5));
    expect(assessRun(calm, load, at(calm), true, 3 * MIN)).toEqual({ state: 'ok', value: 0.5 });
  });

  it('does not flap on input that crosses the threshold every few minutes', () => {
    const flapping = minutes(...Array.from({ length: 60 }, (_, i) => (i % 4 < 2 ? 0.9 : 0.75)));
    // Never 15 minutes above: never fires.
    for (let end = 1; end <= flapping.length; end++) {
      expect(assessRun(flapping.slice(0, end), load, at(flapping.slice(0, end)), false, 3 * MIN).state).not.toBe('firing');
    }
    // Once firing, never 10 minutes below 70 %: never clears.
    for (let end = 1; end <= flapping.length; end++) {
      expect(assessRun(flapping.slice(0, end), load, at(flapping.slice(0, end)), true, 3 * MIN).state).toBe('firing');
    }
  });

  it('says nothing about now from stale samples', () => {
    const old = minutes(...Array(20).fill(0.95));
    expect(assessRun(old, load, at(old) + 10 * MIN, true, 3 * MIN)).toEqual({ state: 'unknown' });
    expect(assessRun([], load, T0, false, 3 * MIN)).toEqual({ state: 'unknown' });
  });

  it('fires a device down after the grace time and clears at the first answer', () => {
    const down = downRule(5);
    expect(assessRun(minutes(1, 0, 0, 0, 0, 0), down, T0 + 5 * MIN, false, 3 * MIN).state).toBe('pending');
    expect(assessRun(minutes(1, 0, 0, 0, 0, 0, 0), down, T0 + 6 * MIN, false, 3 * MIN)).toMatchObject({ state: 'firing', since: T0 + MIN });
    expect(assessRun(minutes(0, 0, 0, 0, 0, 0, 1), down, T0 + 6 * MIN, true, 3 * MIN).state).toBe('ok');
  });
});
