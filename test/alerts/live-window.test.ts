// The live rules' window over a real store: after each refresh it holds exactly what reading the
// window anew would give, while reading only the last minutes; points that arrive late are found, at
// the next refresh when within the lateness allowed, else at the next full read.
import { describe, expect, it } from 'vitest';
import { LiveWindow } from '../../alerts/live-window.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Point } from '../../store/point.ts';
import type { RangeQuery, Store } from '../../store/store.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-11-24T09:00:00Z');
const WINDOW = 20 * MIN;
const LATE = 3 * MIN;
const SCHOOLS = new Set(['a', 'b']);

/** One poll: each school's uplink, and an AP of school a, with figures that differ by time. */
function poll(time: number, schools = ['a', 'b', 'gone']): Point[] {
  return schools.flatMap((school, i): Point[] => [
    { measurement: 'interface' as const, tags: { school, building: `${school}-1`, link: 'uplink' }, fields: { utilisation: ((time / MIN) % 10) / 10 + i, oper_up: 1 }, time },
    ...(school === 'a' ? [{ measurement: 'interface' as const, tags: { school, building: 'a-2', link: 'uplink' }, fields: { utilisation: 0.5 }, time }] : []),
  ]);
}

/** The store, counting the points each range read returns. */
function counted(store: Store): Store & { read: number; asked: RangeQuery[] } {
  const wrapper = Object.assign(Object.create(store) as Store, { read: 0, asked: [] as RangeQuery[] });
  wrapper.range = async (q: RangeQuery) => {
    wrapper.asked.push(q);
    const points = await store.range(q);
    wrapper.read += points.length;
    return points;
  };
  return wrapper;
}

/** What reading the window anew gives for a school, in the window's order (per series, oldest first). */
async function anew(store: Store, school: string, now: number): Promise<Point[]> {
  const points = await store.range({ measurement: 'interface', filter: { school }, from: now - WINDOW, to: now + 1 });
  return sorted(points);
}

const sorted = (points: Point[]) => [...points].sort((x, y) => JSON.stringify(x.tags).localeCompare(JSON.stringify(y.tags)) || x.time - y.time);

describe('the live window', () => {
  it('holds what a fresh read of the window holds, minute after minute, reading only the last minutes', async () => {
    const store = new EmbeddedStore(':memory:');
    for (let t = T0 - 30 * MIN; t <= T0; t += MIN) await store.write(poll(t));
    const reads = counted(store);
    const window = new LiveWindow(reads);
    await window.refresh('interface', SCHOOLS, T0, WINDOW, LATE);
    for (const school of SCHOOLS) expect(sorted(window.points('interface', school))).toEqual(await anew(store, school, T0));
    const whole = reads.read;
    // 21 polls of three uplinks (the school that left the config is not kept).
    expect(whole).toBe(21 * 4);
    expect(window.points('interface', 'gone')).toEqual([]);
    for (let minute = 1; minute <= 5; minute++) {
      const now = T0 + minute * MIN;
      await store.write(poll(now));
      reads.read = 0;
      await window.refresh('interface', SCHOOLS, now, WINDOW, LATE);
      for (const school of SCHOOLS) expect(sorted(window.points('interface', school))).toEqual(await anew(store, school, now));
      // The three minutes allowed for lateness and the new poll: 4 polls, not 21.
      expect(reads.read).toBe(4 * 4);
    }
    await store.close();
  });

  it('finds a point written late within the lateness allowed at the next refresh, and one written again replaces it', async () => {
    const store = new EmbeddedStore(':memory:');
    const window = new LiveWindow(store);
    await store.write(poll(T0 - MIN));
    await window.refresh('interface', SCHOOLS, T0, WINDOW, LATE);
    // The poll of T0 reaches the store after the refresh at T0; its uplink of b then comes again with another figure.
    await store.write(poll(T0));
    await store.write([{ measurement: 'interface', tags: { school: 'b', building: 'b-1', link: 'uplink' }, fields: { utilisation: 0.99 }, time: T0 }]);
    await window.refresh('interface', SCHOOLS, T0 + MIN, WINDOW, LATE);
    const b = window.points('interface', 'b');
    expect(b.map((p) => p.time)).toEqual([T0 - MIN, T0]);
    // Replaced whole, as the store replaced it: oper_up is gone with the old point.
    expect(b[1]!.fields).toEqual({ utilisation: 0.99 });
    expect(sorted(window.points('interface', 'a'))).toEqual(await anew(store, 'a', T0 + MIN));
    await store.close();
  });

  it('finds a point later than that (a spool emptied after an outage) at the next full read, a window on', async () => {
    const store = new EmbeddedStore(':memory:');
    const window = new LiveWindow(store);
    await window.refresh('interface', SCHOOLS, T0, WINDOW, LATE);
    await window.refresh('interface', SCHOOLS, T0 + 10 * MIN, WINDOW, LATE);
    // Written ten minutes after its time: older than the three minutes each refresh reaches back.
    await store.write(poll(T0 + MIN, ['a']));
    await window.refresh('interface', SCHOOLS, T0 + 11 * MIN, WINDOW, LATE);
    expect(window.points('interface', 'a')).toEqual([]);
    await window.refresh('interface', SCHOOLS, T0 + WINDOW, WINDOW, LATE);
    expect(window.points('interface', 'a').map((p) => p.time)).toEqual([T0 + MIN, T0 + MIN]);
    await store.close();
  });

  it('reads anew when the clock goes back or the window changes length', async () => {
    const store = new EmbeddedStore(':memory:');
    for (let t = T0 - 30 * MIN; t <= T0; t += MIN) await store.write(poll(t));
    const window = new LiveWindow(store);
    await window.refresh('interface', SCHOOLS, T0, WINDOW, LATE);
    await window.refresh('interface', SCHOOLS, T0 - 5 * MIN, WINDOW, LATE);
    expect(sorted(window.points('interface', 'a'))).toEqual(await anew(store, 'a', T0 - 5 * MIN));
    await window.refresh('interface', SCHOOLS, T0, 2 * WINDOW, LATE);
    expect(window.points('interface', 'b')).toHaveLength(31);
    await store.close();
  });
});
