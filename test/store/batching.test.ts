// The write batcher's promises to the collector: small writes go together, a failed request fails
// only its own callers, callers are never split across requests, and flush waits for what is in flight.
import { describe, expect, it } from 'vitest';
import { WriteBatcher } from '../../store/batching.ts';
import type { Point } from '../../store/point.ts';

const points = (device: string, n: number): Point[] => Array.from({ length: n }, (_, i) => ({ measurement: 'device', tags: { device }, fields: { up: 1 }, time: i }));

/** Writes kept as they came: the batcher's encoding is the store's (InfluxDB's line protocol). */
const asIs = (p: Point[]) => p;

/** A sender that records each request and fails those holding a point of `failing`. */
function recorder(failing?: string) {
  const requests: string[][] = [];
  const send = async (writes: Point[][]) => {
    const batch = writes.flat();
    requests.push([...new Set(batch.map((p) => p.tags.device!))]);
    await new Promise((r) => setTimeout(r, 5));
    if (failing && batch.some((p) => p.tags.device === failing)) throw new Error(`refused ${failing}`);
  };
  return { requests, send };
}

describe('write batcher', () => {
  it('sends the writes of one turn of the event loop in one request', async () => {
    const { requests, send } = recorder();
    const batcher = new WriteBatcher(asIs, send, { maxPoints: 1000, concurrency: 1 });
    await Promise.all(['a', 'b', 'c'].map((d) => batcher.write(points(d, 10))));
    expect(requests).toEqual([['a', 'b', 'c']]);
  });

  it('gathers writes that arrive while a request is in flight into the next one', async () => {
    const { requests, send } = recorder();
    const batcher = new WriteBatcher(asIs, send, { maxPoints: 1000, concurrency: 1 });
    const first = batcher.write(points('a', 1));
    await new Promise((r) => setImmediate(r));
    const later = ['b', 'c', 'd'].map((d) => batcher.write(points(d, 1)));
    await Promise.all([first, ...later]);
    expect(requests).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('shares what waits among the free request slots, so the server stores two requests at once', async () => {
    const { requests, send } = recorder();
    const batcher = new WriteBatcher(asIs, send, { maxPoints: 5000, concurrency: 2 });
    const devices = Array.from({ length: 32 }, (_, i) => `d${i}`);
    await Promise.all(devices.map((d) => batcher.write(points(d, 60))));
    expect(requests).toEqual([devices.slice(0, 16), devices.slice(16)]);
  });

  it('fails only the callers of the request that failed, and keeps callers whole up to maxPoints', async () => {
    const { requests, send } = recorder('b');
    const batcher = new WriteBatcher(asIs, send, { maxPoints: 25, concurrency: 1 });
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((d) => batcher.write(points(d, 10))));
    // a and b fill 20 of 25; c's 10 would not fit, so it goes next, whole.
    expect(requests).toEqual([['a', 'b'], ['c']]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });

  it('sends a write larger than a request carries in request-sized parts, and fails it if any part fails', async () => {
    const { requests, send } = recorder();
    const batcher = new WriteBatcher(asIs, send, { maxPoints: 4, concurrency: 1 });
    await batcher.write(points('big', 10));
    expect(requests).toEqual([['big'], ['big'], ['big']]);
    const failing = new WriteBatcher(asIs, recorder('big').send, { maxPoints: 4, concurrency: 1 });
    await expect(failing.write(points('big', 10))).rejects.toThrow('refused big');
  });

  it('flush resolves once nothing waits or is in flight', async () => {
    const { requests, send } = recorder();
    const batcher = new WriteBatcher(asIs, send, { maxPoints: 5, concurrency: 2 });
    for (const d of ['a', 'b', 'c', 'd']) void batcher.write(points(d, 5));
    await batcher.flush();
    expect(requests.flat().sort()).toEqual(['a', 'b', 'c', 'd']);
    await batcher.flush();
  });
});
