// Counter readings to bit rates. A rate is only given when it can be trusted: an agent restart, a
// counter discontinuity (ifCounterDiscontinuityTime moved, or the counters read changed width), a
// counter that went backwards (a 64-bit one, or a 32-bit one whose wrap would mean more traffic than
// the link carries), a 32-bit counter that may have wrapped more than once, or an interface that
// changed name under its index gives none for that interval, and a rate above the link's capacity is
// dropped as an anomaly. The capacity is the configured one where the inventory has the link (agents
// report 0, or the port's speed above a slower contract), else the agent's, else (an interface that
// reports no speed) the fastest speed the device reports for any interface: no port carries more.
// Pure, apart from the previous readings it keeps.

export interface CounterReading {
  /** Interface name at this index, to notice re-indexing. */
  name: string;
  inOctets: bigint;
  outOctets: bigint;
  /** 32 or 64: how wide the counters are, for wrap handling. */
  bits: 32 | 64;
  /** sysUpTime in hundredths of a second, when the agent gave it. */
  uptimeTicks?: number;
  /** ifCounterDiscontinuityTime: the sysUpTime of the interface's last counter reset, where served. */
  discontinuityTicks?: number;
  /** Poller clock, ms. */
  time: number;
  /** The agent's ifSpeed/ifHighSpeed; 0 or absent when it does not say. */
  speedBps?: number;
  /** The link's capacity from the inventory, where this interface is a configured link. */
  capacityBps?: number;
  /** The fastest speed the device reports for any of its interfaces, for one that reports none. */
  fastestBps?: number;
}

export type RateResult =
  | { kind: 'rate'; inBps: number; outBps: number; seconds: number }
  | { kind: 'none'; reason: 'first' | 'restart' | 'reindexed' | 'discontinuity' | 'backwards' | 'reset' | 'too-soon' | 'ambiguous-wrap' }
  | { kind: 'anomaly'; reason: 'above-speed'; inBps: number; outBps: number };

const WRAP32 = 2n ** 32n;

export class RateTracker {
  private readonly last = new Map<string, CounterReading>();

  /** Compares `reading` with the previous one for `key` and remembers it for next time. */
  update(key: string, reading: CounterReading): RateResult {
    const previous = this.last.get(key);
    this.last.set(key, reading);
    return previous ? rateBetween(previous, reading) : { kind: 'none', reason: 'first' };
  }

  forget(keyPrefix: string): void {
    for (const key of this.last.keys()) if (key.startsWith(keyPrefix)) this.last.delete(key);
  }
}

export function rateBetween(a: CounterReading, b: CounterReading): RateResult {
  if (a.name !== b.name) return { kind: 'none', reason: 'reindexed' };
  if (a.bits !== b.bits || a.discontinuityTicks !== b.discontinuityTicks) return { kind: 'none', reason: 'discontinuity' };
  // The agent's own clock is used when both readings have it: a poll answered late then does not inflate the rate.
  let seconds: number;
  if (a.uptimeTicks !== undefined && b.uptimeTicks !== undefined) {
    if (b.uptimeTicks < a.uptimeTicks) return { kind: 'none', reason: 'restart' };
    seconds = (b.uptimeTicks - a.uptimeTicks) / 100;
  } else {
    seconds = (b.time - a.time) / 1000;
  }
  if (seconds <= 0.5) return { kind: 'none', reason: 'too-soon' };
  const own = b.capacityBps || b.speedBps || undefined;
  const ceiling = own ?? (b.fastestBps || undefined);
  // At full speed the interval would carry 2^32 octets or more: a 32-bit counter may have wrapped
  // twice, and any rate from it could be too low by whole wraps. (Judged by the interface's own
  // speed: the device's fastest port would make every speedless 32-bit counter ambiguous.)
  if (b.bits === 32 && own && (own / 8) * seconds >= Number(WRAP32)) return { kind: 'none', reason: 'ambiguous-wrap' };
  const inDelta = counterDelta(a.inOctets, b.inOctets, b.bits, seconds, own, ceiling);
  const outDelta = counterDelta(a.outOctets, b.outOctets, b.bits, seconds, own, ceiling);
  if (inDelta === 'backwards' || outDelta === 'backwards') return { kind: 'none', reason: 'backwards' };
  if (inDelta === 'reset' || outDelta === 'reset') return { kind: 'none', reason: 'reset' };
  const inBps = (Number(inDelta) * 8) / seconds;
  const outBps = (Number(outDelta) * 8) / seconds;
  // 2 % over the nominal capacity allows for timing jitter; beyond that a counter has misbehaved.
  if (ceiling && (inBps > ceiling * 1.02 || outBps > ceiling * 1.02)) {
    return { kind: 'anomaly', reason: 'above-speed', inBps, outBps };
  }
  return { kind: 'rate', inBps, outBps, seconds };
}

/**
 * The increase from a to b. A 64-bit counter going back was reset. A 32-bit one wrapped only if the
 * wrapped increase fits the link (with 2 % for jitter) or, with no capacity of its own, if it was in
 * its upper half and fits the device's fastest port: a counter at 1.2 GB that reads 0.3 GB next was
 * reset (an agent or line card), and taking it for a wrap would give gigabits of traffic that never
 * crossed the link.
 */
function counterDelta(a: bigint, b: bigint, bits: 32 | 64, seconds: number, own: number | undefined, ceiling: number | undefined): bigint | 'backwards' | 'reset' {
  if (b >= a) return b - a;
  if (bits === 64) return 'backwards';
  const wrapped = b + WRAP32 - a;
  const fitsIn = (bps: number | undefined) => !bps || (Number(wrapped) * 8) / seconds <= bps * 1.02;
  const fits = own ? fitsIn(own) : a >= WRAP32 / 2n && fitsIn(ceiling);
  return fits ? wrapped : 'reset';
}
