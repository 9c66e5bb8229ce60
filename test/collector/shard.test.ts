import { describe, expect, it } from 'vitest';
import { ownerOf, parseShard } from '../../collector/shard.ts';

const ids = Array.from({ length: 2000 }, (_, i) => `school-${Math.floor(i / 8)}-sw${i % 8}`);

describe('sharding devices between collectors', () => {
  it('gives every device to exactly one shard, in shares near 1/n', () => {
    const counts = [0, 0, 0, 0];
    for (const id of ids) counts[ownerOf(id, 4) - 1]!++;
    expect(counts.reduce((a, b) => a + b)).toBe(2000);
    for (const c of counts) expect(c).toBeGreaterThan(400); // 500 each would be exact
  });

  it('moves only the devices a new shard takes when one is added, about 1/(n+1)', () => {
    const moved = ids.filter((id) => ownerOf(id, 4) !== ownerOf(id, 5));
    expect(moved.every((id) => ownerOf(id, 5) === 5)).toBe(true);
    expect(moved.length / ids.length).toBeGreaterThan(0.15);
    expect(moved.length / ids.length).toBeLessThan(0.25);
  });

  it('reads i/n and refuses anything else, naming it', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(`got "${bad}"`);
  });
});
