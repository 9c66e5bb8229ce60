// The planner's measured load: from raw points until the first roll-up, from hourly roll-ups after.
import { describe, expect, it } from 'vitest';
import { planMunicipality } from '../../planning/plan-inputs.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { maintain } from '../../store/maintenance.ts';
import type { Point } from '../../store/point.ts';
import { timeZoneOf } from '../../config/inventory.ts';

const config = demoConfig();
// Tuesday 24 November 2026, 10:00 in Oslo: a lesson hour.
const LESSON = Date.parse('2026-11-24T09:00:00Z');
const uplink = (time: number, mbps: number): Point => ({
  measurement: 'interface',
  tags: { municipality: 'fjordvik', school: 'nordli-ungdomsskole', building: 'nu-gamle', device: 'nu-gamle-sw', interface: 'Fa0/24', link: 'uplink' },
  fields: { in_bps: mbps * 1e6, out_bps: mbps * 2e5, utilisation: mbps / 100 },
  time,
});

describe('measured load for the plan', () => {
  it('reads raw points before the first roll-up and the hourly roll-ups after, and says which', async () => {
    const store = new EmbeddedStore(':memory:');
    // Two lesson hours: 60…95 Mbit/s in the first, a steady 50 in the second.
    const first = [60, 70, 80, 90, 95, 95].map((m, i) => uplink(LESSON + i * 600_000, m));
    const second = [50, 50, 50, 50, 50, 50].map((m, i) => uplink(LESSON + 3_600_000 + i * 600_000, m));
    await store.write([...first, ...second]);
    const now = LESSON + 2 * 3_600_000 + 60_000;
    const evidence = async () => {
      const plans = await planMunicipality(config, store, now, 'today');
      return plans.buildings.find((p) => p.buildingId === 'nu-gamle')!.recommendations.find((r) => r.kind === 'upgrade-uplink')!.evidence;
    };
    // Raw: the 95th percentile of the twelve samples.
    expect(await evidence()).toMatchObject({ source: 'raw points', samples: 12, measuredP95Mbps: 95 });
    await maintain(store, now, { rawDays: 30, rollupYears: 5 }, { timeZoneOf: timeZoneOf(config) });
    // Roll-ups: the 95th percentile of the two hours' p95s (95 and 50), over the same twelve samples.
    expect(await evidence()).toMatchObject({ source: 'hourly roll-ups', samples: 12, measuredP95Mbps: 95 });
    await store.close();
  });

  it("counts an exam day's sitters per building from the enrolment of the chosen grades", async () => {
    const store = new EmbeddedStore(':memory:');
    const exam = { ...config, planning: { ...config.planning, examDay: { grades: [10, 10] as [number, number], mbpsPerDevice: 8 } } };
    const plan = await planMunicipality(exam, store, LESSON, 'today');
    const year = (id: string) => plan.buildings.find((b) => b.buildingId === id)!.years[0]!;
    // Nordli has 90 pupils in each of grades 8–10; grade 10 sits in Gamlebygget only.
    expect(year('nu-gamle').examDayMbps).toBe(90 * 8);
    expect(year('nu-hoved').examDayMbps).toBeUndefined();
    const nordli = plan.schools.find((s) => s.schoolId === 'nordli-ungdomsskole')!;
    expect(nordli.years[0]!.examDayMbps).toBe(720);
    await store.close();
  });

  it('reads the same four weeks a year earlier from the roll-ups, and plans with the trend', async () => {
    const store = new EmbeddedStore(':memory:');
    const YEAR = 52 * 7 * 24 * 3_600_000;
    const tags = { municipality: 'fjordvik', school: 'nordli-ungdomsskole', building: 'nu-gamle' };
    const hour = (time: number, mbps: number): Point[] => [
      { measurement: 'interface_1h', tags: { ...tags, device: 'nu-gamle-sw', interface: 'Fa0/24', link: 'uplink' }, fields: { samples: 360, in_bps_p95: mbps * 1e6, out_bps_p95: 0 }, time },
      { measurement: 'access_point_1h', tags: { ...tags, ap: 'nu-gamle-ap01' }, fields: { samples: 360, clients_p95: 100 }, time },
    ];
    // A lesson hour now at 90 Mbit/s for 100 clients, and the same hour 52 weeks earlier at 60.
    await store.write([...hour(LESSON, 90), ...hour(LESSON - YEAR, 60)]);
    const plan = await planMunicipality(config, store, LESSON + 3_600_000, 'today');
    const evidence = plan.buildings.find((b) => b.buildingId === 'nu-gamle')!.recommendations.find((r) => r.kind === 'upgrade-uplink')!.evidence;
    expect(evidence).toMatchObject({ mbpsPerDevice: 0.9, mbpsPerDeviceSource: 'measured', demandGrowthPerYear: 0.5, demandGrowthSource: 'measured trend' });
    await store.close();
  });

  it('gives the Wi-Fi evidence per band, raw and from the roll-ups alike', async () => {
    const store = new EmbeddedStore(':memory:');
    const tags = { municipality: 'fjordvik', school: 'nordli-ungdomsskole', building: 'nu-gamle', controller: 'nu-wlc' };
    const points: Point[] = [];
    // Two APs in a lesson hour, every 10 minutes: 2.4 GHz crowded and busy, 5 GHz carrying more clients at less airtime.
    for (let i = 0; i < 6; i++) {
      const time = LESSON + i * 600_000;
      for (const ap of ['nu-gamle-ap01', 'nu-gamle-ap02']) {
        points.push({ measurement: 'access_point', tags: { ...tags, ap }, fields: { clients: 60, up: 1, channel_utilisation: 0.9 }, time });
        points.push({ measurement: 'radio', tags: { ...tags, ap, radio: '0', band: '2.4GHz' }, fields: { clients: 20 + i, channel_utilisation: ap.endsWith('1') ? 90 : 60 }, time });
        points.push({ measurement: 'radio', tags: { ...tags, ap, radio: '1', band: '5GHz' }, fields: { clients: 40, channel_utilisation: 35 }, time });
      }
    }
    await store.write(points);
    const now = LESSON + 3_600_000 + 60_000;
    const wifi = async () => (await planMunicipality(config, store, now, 'one-to-one', undefined, 'en')).buildings.find((p) => p.buildingId === 'nu-gamle')!.recommendations.find((r) => r.kind === 'add-access-points' || r.kind === 'replace-access-points')!.evidence;
    // The controller's "2.4GHz" as a reader writes it.
    expect((await wifi()).measuredByBand).toBe('2.4 GHz: 50 clients, busiest channel 90 %; 5 GHz: 80 clients, busiest channel 35 %');
    await maintain(store, now, { rawDays: 30, rollupYears: 5 }, { timeZoneOf: timeZoneOf(config) });
    expect(await wifi()).toMatchObject({ source: 'hourly roll-ups', measuredByBand: '2.4 GHz: 50 clients, busiest channel 90 %; 5 GHz: 80 clients, busiest channel 35 %' });
    const norwegian = (await planMunicipality(config, store, now, 'one-to-one', undefined, 'nb')).buildings.find((p) => p.buildingId === 'nu-gamle')!.recommendations.find((r) => r.kind === 'replace-access-points')!.evidence;
    expect(norwegian.measuredByBand).toMatch(/^2,4 GHz: 50 klienter/);
    await store.close();
  });

  it('dates purchases by the day the plan is made, never in a purchase month gone by, with the same quantities any day of the school year', async () => {
    const store = new EmbeddedStore(':memory:');
    // Within the school year 2026/27: before, in and after June's purchase month (Oslo time).
    const days = ['2026-08-20T10:00:00Z', '2026-12-07T10:00:00Z', '2027-03-01T10:00:00Z', '2027-06-15T10:00:00Z', '2027-07-20T10:00:00Z'];
    const quantities = new Set<string>();
    for (const day of days) {
      const plan = await planMunicipality(config, store, Date.parse(day), 'one-to-one');
      const all = [...plan.buildings, ...plan.schools].flatMap((p) => p.recommendations);
      quantities.add(JSON.stringify(all.map((r) => [r.kind, r.year === 'now' ? 'now' : r.year - plan.currentYear, r.quantity])));
      const month = new Date(day).getUTCFullYear() * 12 + new Date(day).getUTCMonth() + 1;
      for (const r of all.filter((r) => r.purchase)) {
        expect(r.purchase!.year * 12 + r.purchase!.month, `${day} ${r.kind}`).toBeGreaterThanOrEqual(month);
        // Urgent work (its school year's June gone by) is paid in the earliest purchase month that has not passed.
        if (r.purchase!.urgent) expect(r.purchase!.year).toBe(month <= new Date(day).getUTCFullYear() * 12 + 6 ? new Date(day).getUTCFullYear() : new Date(day).getUTCFullYear() + 1);
      }
      // Nothing is budgeted in a year before the first purchase month the plan can reach.
      const first = Math.min(...all.filter((r) => r.purchase).map((r) => r.purchase!.budgetYear));
      expect(plan.budget.municipality.filter((l) => l.budgetYear < first).every((l) => l.network === 0 && l.devices === 0 && l.charging === 0)).toBe(true);
    }
    // The day moves the dates, never what is bought.
    expect(quantities.size).toBe(1);
    const december = await planMunicipality(config, store, Date.parse('2026-12-07T10:00:00Z'), 'one-to-one', undefined, 'en');
    // Nothing measured here: 2026/27's own needs, whose June has passed, are the urgent ones.
    const urgent = december.buildings.flatMap((b) => b.recommendations).find((r) => r.purchase?.urgent)!;
    expect(urgent.year).toBe(2026);
    expect(urgent.reason).toMatch(/; urgent: the earliest purchase month is June 2027, budget year 2027$/);
    await store.close();
  });
});
