// Answers made from the roll-ups are made once per maintenance run: the plan is read from the store
// once however many ask, again after maintenance, apart per language; the number kept is bounded.
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
  it('reads the store for the plan once per roll-up run, and once per language', async () => {
    const embedded = new EmbeddedStore(':memory:');
    const { store, reads } = counted(embedded);
    const rollupCache = new RollupCache();
    const app = createApp({ config: demoConfig(), store, rollupCache, now: () => Date.parse('2026-11-24T09:00:00Z') });
    const plan = async (language = 'nb') => {
      const res = await app.request('/api/v1/plan?scenario=one-to-one', { headers: { 'accept-language': language } });
      expect(res.status).toBe(200);
      return res.json();
    };
    const first = await plan();
    const afterFirst = reads();
    expect(afterFirst).toBeGreaterThan(0);
    expect(await plan()).toEqual(first);
    expect(reads()).toBe(afterFirst);
    await plan('sv');
    const afterSwedish = reads();
    expect(afterSwedish).toBeGreaterThan(afterFirst);
    rollupCache.rolledUp();
    expect(await plan()).toEqual(first);
    expect(reads()).toBeGreaterThan(afterSwedish);
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
});
