import { describe, expect, it } from 'vitest';
import { RateTracker, rateBetween, type CounterReading } from '../../collector/rates.ts';

const reading = (over: Partial<CounterReading>): CounterReading => ({
  name: 'Gi1/0/1',
  inOctets: 0n,
  outOctets: 0n,
  bits: 64,
  uptimeTicks: 100_000,
  time: 1_000_000,
  speedBps: 1e9,
  ...over,
});

describe('counter to rate', () => {
  it('computes bit rates from the agent uptime, not the poller clock', () => {
    // 60 s of agent time, but the answer arrived 5 s late by the poller's clock.
    const r = rateBetween(reading({}), reading({ inOctets: 75_000_000n, outOctets: 7_500_000n, uptimeTicks: 106_000, time: 1_065_000 }));
    expect(r).toEqual({ kind: 'rate', inBps: 10e6, outBps: 1e6, seconds: 60 });
  });

  it('handles a 32-bit counter that wrapped once', () => {
    const before = reading({ bits: 32, inOctets: 4_294_967_000n, outOctets: 0n });
    const after = reading({ bits: 32, inOctets: 704n, outOctets: 0n, uptimeTicks: 101_000 });
    expect(rateBetween(before, after)).toMatchObject({ kind: 'rate', inBps: (1000 * 8) / 10 });
  });

  it('gives no rate when the agent restarted (sysUpTime went down)', () => {
    expect(rateBetween(reading({ inOctets: 9_000_000n }), reading({ inOctets: 10n, uptimeTicks: 500 }))).toEqual({ kind: 'none', reason: 'restart' });
  });

  it('gives no rate when a 64-bit counter went backwards', () => {
    expect(rateBetween(reading({ inOctets: 9_000_000n }), reading({ inOctets: 10n, uptimeTicks: 106_000 }))).toEqual({ kind: 'none', reason: 'backwards' });
  });

  it('gives no rate when another interface took the index', () => {
    expect(rateBetween(reading({}), reading({ name: 'Gi1/0/2', inOctets: 10n, uptimeTicks: 106_000 }))).toEqual({ kind: 'none', reason: 'reindexed' });
  });

  it('drops a rate above the interface speed as an anomaly', () => {
    const r = rateBetween(reading({ speedBps: 100e6 }), reading({ speedBps: 100e6, inOctets: 10_000_000_000n, uptimeTicks: 106_000 }));
    expect(r.kind).toBe('anomaly');
  });

  it('remembers the previous reading per key', () => {
    const tracker = new RateTracker();
    expect(tracker.update('d/1', reading({}))).toEqual({ kind: 'none', reason: 'first' });
    expect(tracker.update('d/1', reading({ inOctets: 1_250_000n, uptimeTicks: 101_000 }))).toMatchObject({ kind: 'rate', inBps: 1e6 });
    tracker.forget('d/');
    expect(tracker.update('d/1', reading({ uptimeTicks: 102_000 }))).toEqual({ kind: 'none', reason: 'first' });
  });
});
