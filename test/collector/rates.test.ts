import { describe, expect, it } from 'vitest';
import type { DeviceSample } from '../../collector/poll-device.ts';
import { RateTracker, rateBetween, type CounterReading } from '../../collector/rates.ts';
import type { Row } from '../../collector/read-table.ts';
import { fastestSpeed, samplePoints } from '../../collector/to-points.ts';
import type { DeviceTarget } from '../../config/inventory.ts';

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

  it('gives no rate when ifCounterDiscontinuityTime moved (counters reset without a restart)', () => {
    const before = reading({ inOctets: 9_000_000n, discontinuityTicks: 0 });
    const after = reading({ inOctets: 20_000n, uptimeTicks: 106_000, discontinuityTicks: 105_000 });
    expect(rateBetween(before, after)).toEqual({ kind: 'none', reason: 'discontinuity' });
    // The same reset seen again in the next interval does not stop that interval's rate.
    expect(rateBetween(after, reading({ inOctets: 7_520_000n, uptimeTicks: 112_000, discontinuityTicks: 105_000 }))).toMatchObject({ kind: 'rate', inBps: 1e6 });
  });

  it('gives no rate when the counters read changed width (the 64-bit column came or went)', () => {
    expect(rateBetween(reading({ bits: 64, inOctets: 9_000_000n }), reading({ bits: 32, inOctets: 9_100_000n, uptimeTicks: 106_000 }))).toEqual({ kind: 'none', reason: 'discontinuity' });
  });

  it('gives no rate from a 32-bit counter that may have wrapped more than once in the interval', () => {
    // 1 Gbit/s for 60 s is 7.5 GB: two wraps of a 32-bit counter could hide in it.
    const r = rateBetween(reading({ bits: 32, inOctets: 1000n }), reading({ bits: 32, inOctets: 2000n, uptimeTicks: 106_000 }));
    expect(r).toEqual({ kind: 'none', reason: 'ambiguous-wrap' });
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

  it('takes a 32-bit counter that went back from its lower half for a reset, not a wrap, when the agent gives no speed', () => {
    // The agent says speed 0; taken for a wrap this was 3.4 GB in 10 s: 2.7 Gbit/s on a 100 Mbit/s line.
    const before = reading({ bits: 32, speedBps: 0, inOctets: 1_200_000_000n });
    const after = reading({ bits: 32, speedBps: 0, inOctets: 300_000_000n, uptimeTicks: 101_000 });
    expect(rateBetween(before, after)).toEqual({ kind: 'none', reason: 'reset' });
    // From the upper half, with no capacity known, it is a wrap.
    expect(rateBetween(reading({ bits: 32, speedBps: 0, inOctets: 4_294_000_000n }), reading({ bits: 32, speedBps: 0, inOctets: 1000n, uptimeTicks: 101_000 }))).toMatchObject({ kind: 'rate' });
  });

  it('takes a 32-bit counter that went back for a reset when the wrap would carry more than the configured link', () => {
    // Near the top, but the wrapped increase (about 0.5 GB in 10 s, 430 Mbit/s) does not fit a 100 Mbit/s line.
    const before = reading({ bits: 32, speedBps: 0, capacityBps: 100e6, inOctets: 3_800_000_000n });
    const after = reading({ bits: 32, speedBps: 0, capacityBps: 100e6, inOctets: 40_000_000n, uptimeTicks: 101_000 });
    expect(rateBetween(before, after)).toEqual({ kind: 'none', reason: 'reset' });
    // A wrap that fits the line is a rate: 100 MB in 10 s is 80 Mbit/s.
    const wrap = rateBetween(reading({ bits: 32, capacityBps: 100e6, inOctets: 4_244_967_296n }), reading({ bits: 32, capacityBps: 100e6, inOctets: 50_000_000n, uptimeTicks: 101_000 }));
    expect(wrap).toMatchObject({ kind: 'rate', inBps: 80e6 });
  });

  it('drops a rate above the configured capacity even when the agent says speed 0 or more than the contract', () => {
    const spike = (speedBps: number) => rateBetween(reading({ speedBps, capacityBps: 100e6 }), reading({ speedBps, capacityBps: 100e6, inOctets: 1_400_000_000n, uptimeTicks: 106_000 }));
    // 1.4 GB in 60 s: 187 Mbit/s on a 100 Mbit/s line.
    expect(spike(0).kind).toBe('anomaly');
    expect(spike(1e9).kind).toBe('anomaly');
  });

  it("bounds an interface that reports no speed and is no configured link by the device's fastest interface", () => {
    // The hostile run: a 32-bit counter reset from its upper half read as a wrap, 1.04 Gbit/s where 10 were true.
    const before = reading({ bits: 32, speedBps: 0, fastestBps: 1e9, inOctets: 3_000_000_000n });
    const after = reading({ bits: 32, speedBps: 0, fastestBps: 1e9, inOctets: 1_000_000n, uptimeTicks: 101_000 });
    expect(rateBetween(before, after)).toEqual({ kind: 'none', reason: 'reset' });
    // A wrap that fits the fastest port is still a wrap: 12.5 MB in 10 s.
    const wrap = rateBetween(reading({ bits: 32, speedBps: 0, fastestBps: 1e9, inOctets: 4_294_967_296n - 12_500_000n }), reading({ bits: 32, speedBps: 0, fastestBps: 1e9, inOctets: 0n, uptimeTicks: 101_000 }));
    expect(wrap).toMatchObject({ kind: 'rate', inBps: 10e6 });
    // A 64-bit jump past the fastest port is an anomaly, not 2.4 Gbit/s on a switch of 1 Gbit/s ports.
    expect(rateBetween(reading({ speedBps: 0, fastestBps: 1e9 }), reading({ speedBps: 0, fastestBps: 1e9, inOctets: 18_000_000_000n, uptimeTicks: 106_000 })).kind).toBe('anomaly');
  });

  it('finds the fastest interface of a sample, and the points drop a rate above it for a port without speed', () => {
    const row = (key: string, name: string, speedBps: number | undefined, inOctets: bigint): Row => ({
      entity: 'interface',
      index: { ifIndex: Number(key) },
      key,
      values: { name, ...(speedBps !== undefined ? { speedBps } : {}), operStatus: 'up', inOctets, outOctets: 0n },
      sources: { inOctets: { oid: '1.3.6.1.2.1.31.1.1.1.6', type: 'counter64' }, outOctets: { oid: '1.3.6.1.2.1.31.1.1.1.10', type: 'counter64' } } as Row['sources'],
    });
    const target = { municipalityId: 'm', schoolId: 's', device: { id: 'sw', role: 'switch' }, links: new Map(), accessPoints: new Map() } as unknown as DeviceTarget;
    const sample = (ticks: number, octets: bigint): DeviceSample => ({ deviceId: 'sw', time: ticks * 10, durationMs: 5, ok: true, sysUpTimeTicks: ticks, rows: [row('1', 'Gi0/1', 1e9, 0n), row('2', 'Vlan10', undefined, octets), row('3', 'Gi0/2', 100e6, 0n)], refused: [], varbinds: 12 });
    expect(fastestSpeed(sample(0, 0n).rows)).toBe(1e9);
    const rates = new RateTracker();
    samplePoints(target, sample(100_000, 0n), rates);
    // 18 GB in 60 s on a port of a switch whose fastest is 1 Gbit/s.
    const report = samplePoints(target, sample(106_000, 18_000_000_000n), rates);
    const vlan = report.points.find((p) => p.tags.interface === 'Vlan10')!;
    expect(vlan.fields.in_bps).toBeUndefined();
    expect(report.anomalies).toEqual(["sw Vlan10: a rate above the device's fastest interface was dropped as implausible"]);
  });

  it('remembers the previous reading per key', () => {
    const tracker = new RateTracker();
    expect(tracker.update('d/1', reading({}))).toEqual({ kind: 'none', reason: 'first' });
    expect(tracker.update('d/1', reading({ inOctets: 1_250_000n, uptimeTicks: 101_000 }))).toMatchObject({ kind: 'rate', inBps: 1e6 });
    tracker.forget('d/');
    expect(tracker.update('d/1', reading({ uptimeTicks: 102_000 }))).toEqual({ kind: 'none', reason: 'first' });
  });
});
