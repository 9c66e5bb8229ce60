// Intervals without traffic are zero, not missing: a class that bursts once in an hour is averaged
// over the whole hour, its share of the busy hour is its share of the bytes, and an alert on it
// clears once it stops. Real IPFIX datagrams through the receiver as the collector runs it.
import { describe, expect, it } from 'vitest';
import { LiveWindow } from '../../alerts/live-window.ts';
import { observeLive } from '../../alerts/observe-live.ts';
import { flowsSchema, type Config } from '../../config/schema.ts';
import { classifierFor } from '../../flows/classifier.ts';
import { startFlows } from '../../flows/run.ts';
import { busyHourOf, mixAt } from '../../planning/traffic-mix.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { dataSet, ipfixMessage, templateSet, V4_FIELDS } from '../../simulator/flow-packets.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { maintain } from '../../store/maintenance.ts';
import { timeZoneOf } from '../../config/inventory.ts';

const SCHOOL = 'storeng-skole';
const MIN = 60_000;
// Tuesday 24 November 2026 from 10:00 in Oslo: a lesson hour.
const HOUR = Date.parse('2026-11-24T09:00:00Z');
const config: Config = { ...demoConfig(), collector: { ...demoConfig().collector, intervalSeconds: 60 }, flows: flowsSchema.parse({ host: '127.0.0.1', netflowPort: 0, ipfixPort: 0, exporters: [{ address: '127.0.0.1', lines: [{ school: SCHOOL, inside: ['10.3.0.0/16'] }] }] }) };

/** One download into the school: from 198.51.100.1 (no class: "other") or 17.0.0.1 (Apple's network: updates). */
const download = (from: string, bytes: number, sequence: number) => ipfixMessage([templateSet(10, 256, V4_FIELDS), dataSet(256, V4_FIELDS, [[from, '10.3.0.9', 443, 50_000, 6, bytes, Math.ceil(bytes / 1400)]])], sequence);

describe('traffic classes with no traffic in an interval', () => {
  it('count as zero: one burst of updates in an hour is averaged over the hour, and its share of the busy hour is its share of the bytes', async () => {
    const store = new EmbeddedStore(':memory:');
    let clock = HOUR;
    const flows = (await startFlows(config, store, { log: () => {}, intervalMs: MIN, now: () => clock }))!;
    const OTHER_PER_MINUTE = 1_500_000;
    const BURST = 3_200_000;
    for (let m = 0; m < 60; m++) {
      flows.receiver.handle(download('198.51.100.1', OTHER_PER_MINUTE, m), '127.0.0.1');
      // 3.2 MB of updates in one minute of the hour, nothing in the other 59.
      if (m === 30) flows.receiver.handle(download('17.0.0.1', BURST, 1000), '127.0.0.1');
      clock = HOUR + (m + 1) * MIN;
      await flows.flush();
    }
    await flows.stop();
    // Every minute of the hour has a point for the updates, 59 of them zero.
    const raw = await store.range({ measurement: 'traffic', filter: { school: SCHOOL, class: 'updates' }, from: HOUR, to: HOUR + 3_600_000 });
    expect(raw).toHaveLength(60);
    expect(raw.filter((p) => p.fields.in_bytes === 0)).toHaveLength(59);

    await maintain(store, HOUR + 2 * 3_600_000, { rawDays: 30, rollupYears: 5 }, { timeZoneOf: timeZoneOf(config) });
    const [hour] = await store.range({ measurement: 'traffic_1h', filter: { school: SCHOOL, class: 'updates' }, from: HOUR, to: HOUR + 3_600_000 });
    // The hour's mean: the burst's bits over 3,600 s (7.1 kbit/s), not over the one minute it lasted (427 kbit/s).
    expect(hour!.fields.in_bps_mean).toBeCloseTo((BURST * 8) / 3600, 3);
    const busy = (await busyHourOf(store, { municipality: 'fjordvik', school: SCHOOL }, HOUR + 2 * 3_600_000))!;
    const mix = mixAt(busy, classifierFor(config));
    const updates = mix.classes.find((c) => c.id === 'updates')!;
    expect(updates.mbps / mix.totalMbps).toBeCloseTo(BURST / (BURST + 60 * OTHER_PER_MINUTE), 6);
    await store.close();
  });

  it('clears a traffic-class alert once the class stops: the quiet minutes are measured, not missing', async () => {
    const store = new EmbeddedStore(':memory:');
    let clock = HOUR;
    const flows = (await startFlows(config, store, { log: () => {}, intervalMs: MIN, now: () => clock }))!;
    const verdict = async () => {
      const observations = await observeLive(new LiveWindow(store), { config, now: clock, firing: () => false });
      return observations.find((o) => o.subject.key === `trafficClass:updates:${SCHOOL}`)?.verdict.state;
    };
    // Twenty minutes of 100 Mbit/s of updates on the 300 Mbit/s line (750 MB a minute): a third of it.
    for (let m = 0; m < 20; m++) {
      flows.receiver.handle(download('17.0.0.1', 750_000_000, m), '127.0.0.1');
      clock += MIN;
      await flows.flush();
    }
    expect(await verdict()).toBe('firing');
    // Then the updates stop, and only other traffic arrives for twenty minutes.
    for (let m = 20; m < 40; m++) {
      flows.receiver.handle(download('198.51.100.1', 1_500_000, m), '127.0.0.1');
      clock += MIN;
      await flows.flush();
    }
    expect(await verdict()).toBe('ok');
    await flows.stop();
    await store.close();
  });
});
