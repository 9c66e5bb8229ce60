// Which collector process polls which device when several share the work: rendezvous (highest
// random weight) hashing on the device id. Every process computes the same owner for a device
// without talking to the others, and going from n to n+1 shards moves only the devices the new
// shard wins, about 1/(n+1) of them.
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** "2/4" → the second of four. Throws a sentence naming the value for anything else. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new RangeError(`expected i/n with 1 ≤ i ≤ n, such as 1/2, got "${text}"`);
  return { index, count };
}

function weight(shardIndex: number, deviceId: string): bigint {
  return createHash('sha256').update(`${shardIndex}\n${deviceId}`).digest().readBigUInt64BE(0);
}

/** The shard (1-based) that polls this device out of `count`. */
export function ownerOf(deviceId: string, count: number): number {
  let best = 1;
  let bestWeight = -1n;
  for (let i = 1; i <= count; i++) {
    const w = weight(i, deviceId);
    if (w > bestWeight) [best, bestWeight] = [i, w];
  }
  return best;
}

export const inShard = (deviceId: string, shard: Shard) => ownerOf(deviceId, shard.count) === shard.index;
