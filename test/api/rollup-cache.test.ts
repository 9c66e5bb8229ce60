// Answers made from the roll-ups are made once per maintenance run: the plan is read from the store
// once however many ask, again after maintenance (the answer from before serving while that takes
// long), apart per language but from the same measured load; the number kept is bounded.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { RollupCache } from '../../api/rollup-cache.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Store } from '../../store/store.ts';

/** The embedded store, counting the reads asked of it. */
function counted(store: Store): { store: Store; reads: () => number } {
  let reads = 0;
  const count = <T>(read: () => Promise<T>) => {
    reads++;
    return read();
  };
  return {
    reads: () => reads,
    store: {
      write: (p) => store.write(p),
      latest: (m, f) => count(() => store.latest(m, f)),
      range: (q) => count(() => store.range(q)),
      count: (q) => count(() => store.count(q)),
      aggregate: (q) => count(() => store.aggregate!(q)),
      earliest: (m) => store.earliest(m),
      deleteBefore: (m, t) => store.deleteBefore(m, t),
      close: () => store.close(),
    },
  };
}

describe('answers kept until maintenance runs', () => {
  it('reads the store for the plan once per roll-up run, whatever the language', async () => {
    const embedded = new EmbeddedStore(':memory:');
    const { store, reads } = counted(embedded);
    const rollupCache = new RollupCache();
    let now = Date.parse('2026-11-24T09:20:00Z');
    const app = createApp({ config: demoConfig(), store, rollupCache, now: () => now });
    const plan = async (language = 'nb') => {
      const res = await app.request('/api/v1/plan?scenario=one-to-one', { headers: { 'accept-language': language } });
      expect(res.status).toBe(200);
      return (await res.json()) as { measuredUntil: string };
    };
    const first = await plan();
    // It says where the measured weeks end: the hour of the newest roll-up run, not the minute asked.
    expect(first.measuredUntil).toBe('2026-11-24T09:00:00.000Z');
    const afterFirst = reads();
    expect(afterFirst).toBeGreaterThan(0);
    expect(await plan()).toEqual(first);
    expect(reads()).toBe(afterFirst);
    // What was measured, the lines' traffic mixes too, is shared by every language: nothing is read again.
    expect((await plan('sv')).measuredUntil).toBe(first.measuredUntil);
    expect(reads()).toBe(afterFirst);
    rollupCache.rolledUp();
    expect(await plan()).toEqual(first);
    expect(reads()).toBeGreaterThan(afterFirst);
    // Sent gzipped to a reader who takes it, and not at all to one who has it already.
    const zipped = await app.request('/api/v1/plan?scenario=one-to-one', { headers: { 'accept-language': 'nb', 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString())).toEqual(first);
    const again = await app.request('/api/v1/plan?scenario=one-to-one', { headers: { 'accept-language': 'nb', 'if-none-match': zipped.headers.get('etag')! } });
    expect(again.status).toBe(304);
    // An hour on, after the next roll-up run, the plan made again says so.
    now += 3_600_000;
    rollupCache.rolledUp();
    expect((await plan()).measuredUntil).toBe('2026-11-24T10:00:00.000Z');
    await embedded.close();
  });

  it('keeps 500 answers at most, forgetting the one used longest ago, and never a failed one', async () => {
    const cache = new RollupCache();
    let made = 0;
    const make = (value: number) => () => {
      made++;
      return Promise.resolve(value);
    };
    for (let i = 0; i < 500; i++) await cache.get(`k${i}`, make(i));
    await cache.get('k0', make(-1));
    await cache.get('k500', make(500));
    expect(made).toBe(501);
    // k0 was used again, so k1 was the one forgotten.
    expect(await cache.get('k0', make(-1))).toBe(0);
    expect(await cache.get('k1', make(-2))).toBe(-2);
    await expect(cache.get('bad', () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.get('bad', make(7))).toBe(7);
  });

  it('after maintenance, makes an answer again once however many ask, and serves the one from before while that takes long', async () => {
    const cache = new RollupCache({ patienceMs: 50 });
    const later = (value: string, ms: number) => () => new Promise<string>((done) => setTimeout(() => done(value), ms));
    expect(await cache.get('plan', later('monday', 0))).toBe('monday');
    cache.rolledUp();
    let made = 0;
    const slow = () => {
      made++;
      return later('tuesday', 300)();
    };
    // Three readers at once: each has the answer from before after its wait, and one making is under way.
    const started = performance.now();
    expect(await Promise.all([cache.get('plan', slow), cache.get('plan', slow), cache.get('plan', slow)])).toEqual(['monday', 'monday', 'monday']);
    expect(performance.now() - started).toBeLessThan(250);
    expect(made).toBe(1);
    await new Promise((r) => setTimeout(r, 350));
    expect(await cache.get('plan', slow)).toBe('tuesday');
    expect(made).toBe(1);
    // Made quickly, the new answer is the one a reader gets.
    cache.rolledUp();
    expect(await cache.get('plan', later('wednesday', 0))).toBe('wednesday');
    // Where making it again fails (the store is down), the answer from before stays.
    cache.rolledUp();
    expect(await cache.get('plan', () => Promise.reject(new Error('store down')))).toBe('wednesday');
    expect(await cache.get('plan', later('thursday', 0))).toBe('thursday');
  });
});
