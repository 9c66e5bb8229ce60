import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpoolingWriter } from '../../collector/spool.ts';
import type { Point } from '../../store/point.ts';
import { EmbeddedStore } from '../../store/embedded.ts';

const point = (time: number): Point => ({ measurement: 'device', tags: { device: 'd1' }, fields: { up: 1 }, time });
const dir = () => mkdtempSync(join(tmpdir(), 'kapasitet-spool-'));

/** A real store that is down: a closed SQLite database refuses every write. */
function downStore(path: string): EmbeddedStore {
  const store = new EmbeddedStore(path);
  void store.close();
  return store;
}

describe('spooling points while the store is down', () => {
  it('keeps them on disk through a restart and writes them in order when the store is back', async () => {
    const d = dir();
    const logs: string[] = [];
    const first = new SpoolingWriter(downStore(join(d, 'a.sqlite')), { path: join(d, 'spool.jsonl'), maxPoints: 100, log: (m) => logs.push(m) });
    await first.write([point(1), point(2)]);
    await first.write([point(3)]);
    expect(first.pending).toBe(3);
    expect(logs[0]).toMatch(/^store: write failed .*keeping 2 points on disk$/);

    // The collector restarts; the store is reachable again.
    const store = new EmbeddedStore(join(d, 'b.sqlite'));
    const second = new SpoolingWriter(store, { path: join(d, 'spool.jsonl'), maxPoints: 100, log: (m) => logs.push(m) });
    expect(second.pending).toBe(3);
    await second.write([point(4)]);
    // The new point waits behind the spooled ones; the spool empties in the background.
    expect(await second.flush()).toBe(true);
    expect(second.pending).toBe(0);
    expect((await store.range({ measurement: 'device', from: 0, to: 10 })).map((p) => p.time)).toEqual([1, 2, 3, 4]);
    expect(readFileSync(join(d, 'spool.jsonl'), 'utf8')).toBe('');
    // And a note of what was written late, for maintenance to roll those hours up again.
    const [note] = await store.range({ measurement: 'late_points', from: 0, to: Date.now() + 60_000 });
    expect(note!.fields).toEqual({ from: 1, to: 4, points: 4 });
    await store.close();
  });

  it('empties a large spool in batches, so no single write is larger than a store takes', async () => {
    const d = dir();
    const writer = new SpoolingWriter(downStore(join(d, 'a.sqlite')), { path: join(d, 'spool.jsonl'), maxPoints: 20_000, log: () => {} });
    await writer.write(Array.from({ length: 12_000 }, (_, i) => point(i)));
    const store = new EmbeddedStore(join(d, 'b.sqlite'));
    const sizes: number[] = [];
    // The real store, with the size of each write noted on the way.
    const measured = { write: async (points: Point[]) => (sizes.push(points.length), store.write(points)) };
    const again = new SpoolingWriter(measured, { path: join(d, 'spool.jsonl'), maxPoints: 20_000, log: () => {} });
    expect(await again.flush()).toBe(true);
    // Then the note of the points written late.
    expect(sizes).toEqual([5000, 5000, 2000, 1]);
    expect((await store.range({ measurement: 'device', from: 0, to: 20_000 })).length).toBe(12_000);
    await store.close();
  });

  it('drops the oldest points beyond its bound, and counts and logs them', async () => {
    const d = dir();
    const logs: string[] = [];
    const writer = new SpoolingWriter(downStore(join(d, 'a.sqlite')), { path: join(d, 'spool.jsonl'), maxPoints: 3, log: (m) => logs.push(m) });
    await writer.write([point(1), point(2)]);
    await writer.write([point(3), point(4), point(5)]);
    expect(writer.dropped).toBe(2);
    expect(logs.at(-1)).toBe('spool: full (3 points); dropped the 2 oldest, 2 in all');
    const kept = readFileSync(join(d, 'spool.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).time);
    expect(kept).toEqual([3, 4, 5]);
  });

  it('drains once, in order, while the collector goes on writing, and never makes a write wait for the drain', async () => {
    const d = dir();
    const first = new SpoolingWriter(downStore(join(d, 'a.sqlite')), { path: join(d, 'spool.jsonl'), maxPoints: 100_000, log: () => {} });
    await first.write(Array.from({ length: 12_000 }, (_, i) => point(i)));
    const store = new EmbeddedStore(join(d, 'b.sqlite'));
    // The real store, slowed to 200 ms a write and with every point it is sent noted (but the late notes).
    const sent: number[] = [];
    const slow = { write: async (points: Point[]) => (await new Promise((r) => setTimeout(r, 200)), sent.push(...points.filter((p) => p.measurement === 'device').map((p) => p.time)), store.write(points)) };
    const writer = new SpoolingWriter(slow, { path: join(d, 'spool.jsonl'), maxPoints: 100_000, log: () => {} });
    const took: number[] = [];
    // 40 devices' writes at once, as a cycle makes them, then 10 more rounds while the drain runs.
    for (let round = 0; round < 11; round++) {
      const started = performance.now();
      await Promise.all(Array.from({ length: 40 }, (_, i) => writer.write([point(100_000 + round * 100 + i)])));
      took.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await writer.flush()).toBe(true);
    expect(Math.max(...took)).toBeLessThan(100);
    // Each point sent once, the spooled ones first, the later ones after them in the order written.
    const expected = [...Array.from({ length: 12_000 }, (_, i) => i), ...Array.from({ length: 11 }, (_, r) => Array.from({ length: 40 }, (_, i) => 100_000 + r * 100 + i)).flat()];
    expect(sent).toEqual(expected);
    expect((await store.range({ measurement: 'device', from: 0, to: 200_000 })).length).toBe(expected.length);
    expect(readFileSync(join(d, 'spool.jsonl'), 'utf8')).toBe('');
    await store.close();
  });

  it('waits longer between tries while the store stays down, instead of trying at every write', async () => {
    const d = dir();
    let clock = 0;
    let tries = 0;
    const down = downStore(join(d, 'a.sqlite'));
    const counting = { write: (points: Point[]) => (tries++, down.write(points)) };
    const writer = new SpoolingWriter(counting, { path: join(d, 'spool.jsonl'), maxPoints: 100_000, log: () => {}, now: () => clock });
    for (let t = 0; t < 120; t++) {
      clock = t * 1000;
      await writer.write([point(t)]);
      await new Promise((r) => setTimeout(r, 1));
    }
    // The first write, then tries after 1, 2, 4, 8, 16 and every 30 s: a dozen, not 120.
    expect(tries).toBeLessThan(15);
    expect(writer.pending).toBe(120);
  });

  it('counts the batch a drain is writing as waiting until the store takes it, so the gauge never drops while the store is down', async () => {
    const d = dir();
    let clock = 0;
    const down = downStore(join(d, 'a.sqlite'));
    // The store answers each try only when let: a slow store that then fails.
    let answer: () => void = () => {};
    let asked = 0;
    const slow = { write: async (points: Point[]) => (asked++, await new Promise<void>((r) => (answer = r)), down.write(points)) };
    const writer = new SpoolingWriter(slow, { path: join(d, 'spool.jsonl'), maxPoints: 100_000, log: () => {}, now: () => clock });
    const first = writer.write([point(0)]);
    answer();
    await first;
    for (let t = 1; t < 10; t++) await writer.write([point(t)]);
    expect(writer.stats().pending).toBe(10);
    // A drain begins once its retry time has come: its batch is out of the spool and in flight.
    clock = 5000;
    await writer.write([point(10)]);
    await expect.poll(() => asked).toBe(2);
    expect(writer.stats().pending).toBe(11);
    answer();
    await expect.poll(() => writer.stats().pending).toBe(11);
  });

  it('passes over a line cut short by a crash, naming it, and keeps the rest', async () => {
    const d = dir();
    const path = join(d, 'spool.jsonl');
    appendFileSync(path, `${JSON.stringify(point(1))}\n{"measurement":"dev\n${JSON.stringify(point(2))}\n`);
    const logs: string[] = [];
    const writer = new SpoolingWriter(downStore(join(d, 'a.sqlite')), { path, maxPoints: 100, log: (m) => logs.push(m) });
    expect(writer.pending).toBe(2);
    expect(logs).toContain(`spool ${path} line 2: not a point, skipped`);
  });
});
