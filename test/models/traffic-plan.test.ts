// The plan's use of the traffic mix: updates moved instead of a tier bought where that is enough,
// the upgrade kept as the fallback, the priority order for a congested line, and the mix as evidence.
import { wording } from '../../i18n/render.ts';
import type { Message } from '../../models/message.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planBuilding } from '../../models/plan.ts';
import { investmentPlan } from '../../models/investment.ts';
import { planSchool } from '../../models/school-plan.ts';
import { describeMix, trafficRecommendations, type TrafficMix } from '../../models/traffic-plan.ts';
import { demoConfig } from '../../simulator/demo.ts';

/** A recommendation's reason as an English reader gets it. */
const said = (r: { message: Parameters<ReturnType<typeof wording>>[0] }) => wording('en')(r.message);

const HOUR = Date.parse('2026-11-24T08:00:00Z');
const cls = (id: string, mbps: number, rank: number, extra: Partial<TrafficMix['classes'][number]> = {}) => ({ id, name: id.replace('-', ' '), mbps, movable: false, lowerBound: false, qos: { rank, dscp: rank === 1 ? 34 : 8, phb: rank === 1 ? 'AF41' : 'CS1' }, ...extra });

/** A 200 Mbit/s line (140 usable at 70 %) whose busy hour is 170 Mbit/s, 60 of them updates. */
const MIX: TrafficMix = {
  busyHour: HOUR,
  totalMbps: 170,
  source: 'hourly roll-ups',
  classes: [cls('video-meetings', 70, 1), cls('cloud-office', 40, 3), cls('updates', 60, 6, { movable: true, lowerBound: true })],
};
const params = { headroom: 0.7, currentYear: 2026, scenario: 'one-to-one', movableShare: 0.15, mbpsPerDevice: 1, dhcpChurn: 0.25, catalogue: demoConfig().catalogue };

describe('traffic in the plan', () => {
  it('moves updates instead of the tier upgrade when that brings the busy hour under the limit, keeping the upgrade as fallback', () => {
    const plan = planSchool({ schoolId: 's', schoolName: 'S', internetMbps: 200, measuredInternet: { p95Mbps: 170, samples: 500, source: 'hourly roll-ups', from: HOUR - 7 * 86_400_000, to: HOUR }, trafficMix: MIX, buildings: [] }, params);
    const upgrade = plan.recommendations.find((r) => r.kind === 'raise-internet-tier')!;
    expect(wording('en')(upgrade.evidence.busyHourMix as Message)).toBe('Video meetings 41 %; Operating-system and app updates ≥ 35 %; Cloud office and storage 24 %');
    expect(wording('sv')(upgrade.evidence.busyHourMix as Message)).toMatch(/^Videomöten 41 %; /);
    const move = plan.recommendations.find((r) => r.kind === 'move-movable-traffic')!;
    // 170 − 60 = 110 Mbit/s, under 140: the upgrade is avoided, and its price is named.
    expect(move.evidence).toMatchObject({ movableMbps: 60, busyHourAfterMbps: 110, limitMbps: 140, avoidsUpgrade: true, avoidedTierMbps: upgrade.evidence.targetMbps, avoidedYearly: upgrade.cost!.yearly });
    expect(said(move)).toContain(`avoids the ${upgrade.evidence.targetMbps} Mbit/s tier (${upgrade.cost!.yearly.toLocaleString('en')} NOK a year`);
    expect(said(move)).toContain('keep that upgrade as the fallback');
    expect(move.cost).toBeUndefined();
    // The line is over its limit now: the order to prioritise in, exams and meetings first.
    const qos = plan.recommendations.find((r) => r.kind === 'prioritise-traffic')!;
    expect(wording('en')(qos.evidence.qosTable as Message)).toBe('1 Video meetings AF41 (DSCP 34); 2 Cloud office and storage CS1 (DSCP 8); 3 Operating-system and app updates CS1 (DSCP 8)');
  });

  it('says moving is not enough where the busy hour stays over the limit without the updates', () => {
    const heavy: TrafficMix = { ...MIX, totalMbps: 230, classes: [cls('video-meetings', 130, 1), cls('cloud-office', 60, 3), cls('updates', 40, 6, { movable: true })] };
    const [move] = trafficRecommendations({ mix: heavy, internetMbps: 200, measuredP95Mbps: 230 }, params);
    expect(move!.kind).toBe('move-movable-traffic');
    expect(move!.evidence.avoidsUpgrade).toBe(false);
    expect(said(move!)).toContain('still over the 140 Mbit/s planning limit');
  });

  it('recommends nothing about updates under the share, and no priorities on a line with room', () => {
    const calm: TrafficMix = { ...MIX, totalMbps: 100, classes: [cls('video-meetings', 90, 1), cls('updates', 10, 6, { movable: true })] };
    expect(trafficRecommendations({ mix: calm, internetMbps: 200, measuredP95Mbps: 100 }, params)).toEqual([]);
    expect(wording('en')(describeMix(calm))).toBe('Video meetings 90 %; Operating-system and app updates 10 %');
  });

  it('never counts the network changes as unpriced purchases', () => {
    const recommendations = trafficRecommendations({ mix: MIX, internetMbps: 200, measuredP95Mbps: 170 }, params);
    expect(recommendations.map((r) => r.kind)).toEqual(['move-movable-traffic', 'prioritise-traffic']);
    const investment = investmentPlan(recommendations.map((recommendation) => ({ schoolId: 's', recommendation })), [2026], 2026, 4, 'NOK');
    expect(investment.unpriced).toBe(0);
    expect(investment.years[0]!.oneOff).toBe(0);
  });

  it("keeps an upgrade that the projected devices need: today's updates moved do not carry the devices of 2028", () => {
    // A 500 Mbit/s line (350 usable); today's busy hour 200 Mbit/s, a fifth of it updates; the devices grow to 500 Mbit/s by 2028.
    const building = (devices: number[]) => planBuilding({ schoolId: 's', schoolName: 'S', buildingId: 'b', buildingName: 'B', classrooms: 1, accessPoints: Array(20).fill('wifi6'), uplinkMbps: 10_000, years: devices.map((d, i) => ({ year: 2026 + i, devices: { byType: { laptop: d }, total: d, pupils: d, staff: 0, oneToOne: false } })) }, params);
    const mix: TrafficMix = { ...MIX, totalMbps: 200, classes: [cls('video-meetings', 100, 1), cls('cloud-office', 60, 3), cls('updates', 40, 6, { movable: true })] };
    const measuredInternet = { p95Mbps: 200, samples: 500, source: 'hourly roll-ups' as const, from: HOUR - 7 * 86_400_000, to: HOUR };
    const plan = planSchool({ schoolId: 's', schoolName: 'S', internetMbps: 500, measuredInternet, trafficMix: mix, buildings: [building([180, 250, 500])] }, params);
    const upgrade = plan.recommendations.find((r) => r.kind === 'raise-internet-tier')!;
    expect(upgrade.year).toBe(2028);
    const move = plan.recommendations.find((r) => r.kind === 'move-movable-traffic')!;
    // 500 less its fifth is 400, over 350: the upgrade stays, and the reason says by how much the move lowers the peak.
    expect(move.evidence).toMatchObject({ avoidsUpgrade: false, upgradePeakMbps: 500, upgradePeakAfterMbps: 400 });
    expect(said(move)).toMatch(/; it lowers the projected peak of 2028 from 500 to about 400 Mbit\/s, which still needs the \d+ Mbit\/s tier$/);
    // With fewer devices in 2028 (400 less a fifth is 320), the move does avoid it.
    const smaller = planSchool({ schoolId: 's', schoolName: 'S', internetMbps: 500, measuredInternet, trafficMix: mix, buildings: [building([180, 250, 400])] }, params);
    expect(smaller.recommendations.find((r) => r.kind === 'move-movable-traffic')!.evidence).toMatchObject({ avoidsUpgrade: true, upgradePeakAfterMbps: 320 });
  });

  it('never claims to avoid an upgrade that the projected devices alone require', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(200, 300, 500, 1000),
        fc.integer({ min: 1, max: 900 }),
        fc.double({ min: 0.16, max: 0.9, noNaN: true }),
        (devices, line, measured, updatesShare) => {
          const building = planBuilding({ schoolId: 's', schoolName: 'S', buildingId: 'b', buildingName: 'B', classrooms: 1, accessPoints: Array(40).fill('wifi6'), uplinkMbps: 100_000, years: devices.map((d, i) => ({ year: 2026 + i, devices: { byType: { laptop: d }, total: d, pupils: d, staff: 0, oneToOne: false } })) }, params);
          const mix: TrafficMix = { ...MIX, totalMbps: measured, classes: [cls('video-meetings', measured * (1 - updatesShare), 1), cls('updates', measured * updatesShare, 6, { movable: true })] };
          const plan = planSchool({ schoolId: 's', schoolName: 'S', internetMbps: line, measuredInternet: { p95Mbps: measured, samples: 500, source: 'hourly roll-ups', from: 0, to: 1 }, trafficMix: mix, buildings: [building] }, params);
          const move = plan.recommendations.find((r) => r.kind === 'move-movable-traffic');
          const upgrade = plan.recommendations.find((r) => r.kind === 'raise-internet-tier');
          if (!move?.evidence.avoidsUpgrade || !upgrade) return;
          // The devices' demand in the upgrade's year, less the share that moves, fits the line.
          const year = upgrade.year === 'now' ? plan.years[0]! : plan.years.find((y) => y.year === upgrade.year)!;
          expect(year.demandMbps * (1 - updatesShare)).toBeLessThanOrEqual(line * params.headroom + 1e-6);
        },
      ),
      { numRuns: 300 },
    );
  });
});
