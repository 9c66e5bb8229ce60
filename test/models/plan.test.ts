import { wording } from '../../i18n/render.ts';
import { describe, expect, it } from 'vitest';
import { planBuilding, type BuildingInput } from '../../models/plan.ts';
import { countDevices } from '../../models/devices.ts';
import { planSchool } from '../../models/school-plan.ts';
import { catalogueSchema } from '../../config/schema.ts';

/** A recommendation's reason as an English reader gets it. */
const said = (r: { message: Parameters<ReturnType<typeof wording>>[0] }) => wording('en')(r.message);

const params = { headroom: 0.7, mbpsPerDevice: 1, currentYear: 2026, scenario: 'today', dhcpChurn: 0.25 };
const devices = (total: number, oneToOne: boolean) => ({ byType: { laptop: total }, total, pupils: total, staff: 0, oneToOne });
const window = { samples: 500, from: Date.parse('2026-10-26T00:00:00Z'), to: Date.parse('2026-11-22T00:00:00Z'), source: 'hourly roll-ups' as const };

const shortBuilding: BuildingInput = {
  schoolId: 's',
  schoolName: 'School',
  buildingId: 'old',
  buildingName: 'Old wing',
  classrooms: 6,
  accessPoints: ['wifi4', 'wifi4'],
  uplinkMbps: 100,
  measured: { uplinkP95Mbps: 90, peakClients: 120, ...window },
  years: [
    { year: 2026, devices: devices(140, true) },
    { year: 2027, devices: devices(150, true) },
  ],
};

describe('planning a building', () => {
  it('works the short building by hand: uplink and access points needed now', () => {
    const plan = planBuilding(shortBuilding, params);
    // Calibrated from the building, 90 Mbit/s over 120 clients = 0.75 Mbit/s per device; but 90 of
    // 100 is a full uplink, so the devices' estimate at 1 Mbit/s each is the demand.
    expect(plan.years).toEqual([
      { year: 2026, devices: 140, demandMbps: 140, estimateMbps: 140, accessPointsNeeded: 6 },
      { year: 2027, devices: 150, demandMbps: 150, estimateMbps: 150, accessPointsNeeded: 6 },
    ]);
    expect(plan.status).toBe('short');
    const uplink = plan.recommendations.find((r) => r.kind === 'upgrade-uplink')!;
    expect(uplink).toMatchObject({ year: 'now', quantity: 1, evidence: { uplinkMbps: 100, targetMbps: 1000, limitMbps: 70, measuredP95Mbps: 90, linkFull: true, estimatedMbps: 140, mbpsPerDeviceSource: 'measured' } });
    // 120 clients on 2 × 25 now: the two Wi-Fi 4 APs are replaced, and 6 classrooms on 1:1 need 6 APs, so 4 more.
    expect(plan.recommendations.find((r) => r.kind === 'replace-access-points')).toMatchObject({ year: 'now', quantity: 2, priority: 1 });
    const aps = plan.recommendations.find((r) => r.kind === 'add-access-points')!;
    expect(aps).toMatchObject({ year: 'now', quantity: 4, priority: 1, evidence: { installed: 2, needed: 6, measuredPeakClients: 120, scenario: 'today' } });
    // No catalogue, no prices: the plan says what, not how much.
    expect(aps.cost).toBeUndefined();
  });

  it('phases access points over the years that need them, each reason naming its year and devices', () => {
    // The building: 443 devices in 2026 and 575 in 2027 on 3 APs rated for 75.
    const growing: BuildingInput = { ...shortBuilding, classrooms: 10, accessPoints: ['wifi5', 'wifi5', 'wifi5'], uplinkMbps: 10_000, measured: undefined, years: [{ year: 2026, devices: devices(443, true) }, { year: 2027, devices: devices(575, true) }] };
    const plan = planBuilding(growing, params);
    const [now, later] = plan.years;
    expect(later!.accessPointsNeeded).toBeGreaterThan(now!.accessPointsNeeded);
    const adds = plan.recommendations.filter((r) => r.kind === 'add-access-points');
    expect(adds.map((r) => [r.year, r.quantity])).toEqual([
      [2026, now!.accessPointsNeeded - 3],
      [2027, later!.accessPointsNeeded - now!.accessPointsNeeded],
    ]);
    expect(said(adds[0]!)).toMatch(new RegExp(`^443 devices in 2026 on 3 access points rated for \\d+ \\(10 classrooms\\); ${now!.accessPointsNeeded} needed, ${later!.accessPointsNeeded} by 2027: the rest in the years that need them$`));
    expect(said(adds[1]!)).toBe(`575 devices in 2027 need ${later!.accessPointsNeeded} access points, ${now!.accessPointsNeeded} by then; add ${later!.accessPointsNeeded - now!.accessPointsNeeded}`);
  });

  it('recommends nothing for a building with ample headroom', () => {
    const plan = planBuilding(
      { ...shortBuilding, uplinkMbps: 10_000, accessPoints: Array(10).fill('wifi6'), measured: { uplinkP95Mbps: 50, peakClients: 100, ...window }, years: [{ year: 2026, devices: devices(120, false) }] },
      params,
    );
    expect(plan.recommendations).toEqual([]);
    expect(plan.status).toBe('ok');
  });

  it('names the school year a projected roll-out runs short when nothing is short today', () => {
    const plan = planBuilding(
      { ...shortBuilding, measured: undefined, accessPoints: Array(6).fill('wifi6'), uplinkMbps: 1000, years: [{ year: 2026, devices: devices(300, true) }, { year: 2027, devices: devices(800, true) }] },
      params,
    );
    expect(plan.recommendations).toEqual([
      expect.objectContaining({ kind: 'upgrade-uplink', year: 2027, evidence: expect.objectContaining({ targetMbps: 10_000, mbpsPerDeviceSource: 'default' }) }),
      expect.objectContaining({ kind: 'add-access-points', year: 2027, quantity: 10 }),
    ]);
  });

  it('a denser device policy never lowers the access points recommended', () => {
    const policy = (pupilsPerDevice: number) => ({ name: 'p', effectiveFrom: 2026, bands: [{ grades: [1, 10] as [number, number], pupilsPerDevice, deviceType: 'laptop' as const }], staffDevicesPerPerson: 1, personalDevicesPerPupil: 0 });
    const pupils = new Map([[5, 200]]);
    const needed = [5, 2, 1].map((ppd) => {
      const plan = planBuilding({ ...shortBuilding, measured: undefined, years: [{ year: 2026, devices: countDevices(pupils, 20, policy(ppd)) }] }, params);
      return plan.recommendations.find((r) => r.kind === 'add-access-points')?.quantity ?? 0;
    });
    expect(needed[0]).toBeLessThanOrEqual(needed[1]!);
    expect(needed[1]).toBeLessThanOrEqual(needed[2]!);
    expect(needed[2]).toBeGreaterThan(0);
  });

  it('plans for an exam day: every exam pupil online at once can need a faster uplink than busy hours do', () => {
    const calm = { ...shortBuilding, measured: undefined, accessPoints: Array(10).fill('wifi6'), uplinkMbps: 1000, years: [{ year: 2026, devices: devices(300, true), examPupils: 90 }] };
    expect(planBuilding(calm, params).recommendations).toEqual([]);
    const plan = planBuilding(calm, { ...params, examMbpsPerDevice: 10 });
    expect(plan.years[0]).toMatchObject({ demandMbps: 300, examDayMbps: 900 });
    const uplink = plan.recommendations.find((r) => r.kind === 'upgrade-uplink')!;
    expect(said(uplink)).toBe("an exam day's 900 Mbit/s in 2026 exceeds 70 % of the 1000 Mbit/s uplink; upgrade to 10,000 Mbit/s");
    expect(uplink.evidence).toMatchObject({ examDayPeakMbps: 900, targetMbps: 10_000 });
  });

  it('grows per-device demand year by year when told to, and says so in the evidence', () => {
    const flat = { ...shortBuilding, measured: undefined, years: [2026, 2027, 2028].map((year) => ({ year, devices: devices(100, true) })) };
    expect(planBuilding(flat, params).years.map((y) => y.demandMbps)).toEqual([100, 100, 100]);
    const growing = planBuilding(flat, { ...params, demandGrowthPerYear: 0.2 });
    expect(growing.years.map((y) => y.demandMbps)).toEqual([100, 120, 144]);
    expect(growing.recommendations.find((r) => r.kind === 'upgrade-uplink')!.evidence).toMatchObject({ demandGrowthPerYear: 0.2, projectedPeakMbps: 144 });
  });

  it("takes the growth from the building's own trend where the same weeks were measured in an earlier year", () => {
    const now = { uplinkP95Mbps: 120, peakClients: 100, ...window };
    const twoYearsAgo = { uplinkP95Mbps: 75, peakClients: 100, ...window };
    const plan = planBuilding(
      { ...shortBuilding, measured: now, pastMeasured: [{ yearsAgo: 2, load: twoYearsAgo }], years: [2026, 2027].map((year) => ({ year, devices: devices(100, true) })) },
      { ...params, demandGrowthPerYear: 0.5 },
    );
    // 1.2 Mbit/s per device now against 0.75 two years ago: √1.6 − 1 ≈ 26.5 % a year, not the configured 50 %.
    expect(plan.years.map((y) => y.demandMbps)).toEqual([120, 151.79]);
    expect(plan.recommendations.find((r) => r.kind === 'upgrade-uplink')!.evidence).toMatchObject({ demandGrowthPerYear: 0.265, demandGrowthSource: 'measured trend' });
  });

  it('adds APs where cells are busier than the channel-utilisation limit at busy hour, though clients fit', () => {
    const roomy = { ...shortBuilding, accessPoints: Array(6).fill('wifi6'), uplinkMbps: 10_000, years: [{ year: 2026, devices: devices(150, true) }] };
    const quiet = planBuilding({ ...roomy, measured: { peakClients: 150, channelUtilisation: [0.3, 0.4, 0.2, 0.3, 0.35, 0.45], ...window } }, { ...params, maxChannelUtilisation: 0.5 });
    expect(quiet.recommendations).toEqual([]);
    // Two cells over 50 %, at 80 % and 95 %: each needs one more AP to share it (two of 40 % and 47.5 %).
    const busy = planBuilding({ ...roomy, measured: { peakClients: 150, channelUtilisation: [0.8, 0.95, 0.2, 0.3, 0.35, 0.45], ...window } }, { ...params, maxChannelUtilisation: 0.5 });
    expect(busy.recommendations).toEqual([
      expect.objectContaining({ kind: 'add-access-points', year: 'now', quantity: 2, evidence: expect.objectContaining({ apsOverChannelLimit: 2, busiestChannelUtilisation: 0.95 }) }),
    ]);
    expect(said(busy.recommendations[0]!)).toBe('2 of 6 access points above 50 % channel utilisation at busy hour (busiest 95 %); 8 needed');
  });

  it('applies a concurrency share to the default rate only, never to a rate measured in the building', () => {
    const unmeasured = { ...shortBuilding, measured: undefined, years: [{ year: 2026, devices: devices(200, true) }] };
    expect(planBuilding(unmeasured, { ...params, concurrency: 0.5 }).years[0]!.demandMbps).toBe(100);
    // Measured: 90 Mbit/s over 120 clients already is what the building's devices do at once.
    expect(planBuilding({ ...unmeasured, measured: shortBuilding.measured }, { ...params, concurrency: 0.5 }).years[0]!.demandMbps).toBe(150);
  });

  it('uses the default rate of each device type where one is configured, the general rate for the rest', () => {
    const mixed = { byType: { tablet: 100, laptop: 50, personal: 40 }, total: 190, pupils: 150, staff: 0, oneToOne: true };
    const plan = planBuilding({ ...shortBuilding, measured: undefined, years: [{ year: 2026, devices: mixed }] }, { ...params, mbpsPerDeviceType: { tablet: 0.5, personal: 0.25 } });
    // 100 × 0.5 + 50 × 1 + 40 × 0.25 = 110 Mbit/s: above 70 % of the 100 Mbit/s uplink.
    expect(plan.years[0]!.demandMbps).toBe(110);
    expect(plan.recommendations.find((r) => r.kind === 'upgrade-uplink')!.evidence).toMatchObject({ mbpsPerDevice: 0.58, mbpsPerDeviceSource: 'default', mbpsPerDeviceType: 'tablet 0.5, personal 0.25' });
  });

  it('enlarges a DHCP scope that will not hold the devices and their churn, naming the prefix', () => {
    const plan = planBuilding({ ...shortBuilding, measured: undefined, dhcpScopes: [{ name: 'clients', size: 254, serves: 'all' }], years: [{ year: 2026, devices: devices(180, true) }, { year: 2027, devices: devices(240, true) }] }, params);
    // 240 × 1.25 = 300 addresses in 2027 (2026: 225 fits); a /23 holds 510.
    expect(plan.recommendations.find((r) => r.kind === 'enlarge-dhcp-scope')).toMatchObject({ year: 2027, priority: 2, evidence: { scopeSize: 254, addressesNeeded: 300, suggestedPrefix: 23 } });
  });
});

describe('planning a school', () => {
  const catalogue = catalogueSchema.parse({
    internetTiers: [{ mbps: 1000, monthlyPrice: 8000 }],
    routers: [
      { model: 'small', throughputMbps: 500, price: 20_000 },
      { model: 'medium', throughputMbps: 2000, price: 45_000, installation: 5000 },
    ],
  });
  const building = (demandMbps: number) => planBuilding({ ...shortBuilding, measured: undefined, accessPoints: Array(10).fill('wifi6'), uplinkMbps: 10_000, years: [{ year: 2026, devices: devices(demandMbps, false) }] }, params);

  it('replaces a router too slow for the internet tier the plan moves to, in the same year', () => {
    const plan = planSchool({ schoolId: 's', schoolName: 'S', internetMbps: 500, routerMbps: 600, buildings: [building(400)] }, { ...params, catalogue });
    expect(plan.recommendations.map((r) => [r.kind, r.year, r.evidence.targetMbps])).toEqual([
      ['raise-internet-tier', 2026, 1000],
      ['replace-router', 2026, 2000],
    ]);
    expect(plan.recommendations[1]!.cost).toMatchObject({ item: 'medium', oneOff: 50_000 });
  });

  it('leaves a router alone that carries the line', () => {
    const plan = planSchool({ schoolId: 's', schoolName: 'S', internetMbps: 500, routerMbps: 1000, buildings: [building(100)] }, { ...params, catalogue });
    expect(plan.recommendations).toEqual([]);
  });

  it("plans a full line on its devices' estimate: 500 Mbit/s flat out, with devices that suggest 800, gets the tier for 800 and a router for it", () => {
    const tiers = catalogueSchema.parse({
      internetTiers: [500, 1000, 1200, 2000].map((mbps) => ({ mbps, monthlyPrice: mbps * 10 })),
      routers: [{ model: 'medium', throughputMbps: 2000, price: 45_000 }],
    });
    // The buildings behind the line measure what the line lets through: 480 Mbit/s over 800 clients.
    const behind = planBuilding({ ...shortBuilding, accessPoints: Array(20).fill('wifi6'), uplinkMbps: 10_000, measured: { uplinkP95Mbps: 480, peakClients: 800, ...window }, years: [{ year: 2026, devices: devices(800, false) }] }, params);
    expect(behind.years[0]).toMatchObject({ demandMbps: 480, estimateMbps: 800 });
    const line = { p95Mbps: 480, ...window };
    const plan = planSchool({ schoolId: 's', schoolName: 'S', internetMbps: 500, routerMbps: 600, measuredInternet: line, buildings: [behind] }, { ...params, catalogue: tiers });
    expect(plan.years[0]).toMatchObject({ demandMbps: 800, estimateMbps: 800 });
    const raise = plan.recommendations.find((r) => r.kind === 'raise-internet-tier')!;
    // 800 Mbit/s at 70 % headroom needs 1,143: the 1,200 tier, not the 1,000 that 480 measured would suggest.
    expect(raise).toMatchObject({ year: 'now', evidence: { targetMbps: 1200, linkFull: true, estimatedMbps: 800, measuredP95Mbps: 480 } });
    expect(said(raise)).toBe('the internet line is full: at least 480 Mbit/s measured, and the real demand is unknown; 800 devices at 1 Mbit/s each suggest 800 Mbit/s exceeds 70 % of the 500 Mbit/s internet line; move to the 1200 Mbit/s tier');
    expect(plan.recommendations.find((r) => r.kind === 'replace-router')).toMatchObject({ evidence: { lineMbps: 1200, targetMbps: 2000 } });
    // Below the saturation share the same measurement is the demand.
    const calm = planSchool({ schoolId: 's', schoolName: 'S', internetMbps: 500, measuredInternet: { ...line, p95Mbps: 440 }, buildings: [behind] }, { ...params, catalogue: tiers });
    expect(calm.years[0]!.demandMbps).toBe(480);
  });
});

describe('a full uplink', () => {
  it('plans Gamlebygget on its devices: 97 of 100 Mbit/s all day is at least 97, and 288 devices suggest 288', () => {
    const gamlebygget: BuildingInput = { ...shortBuilding, accessPoints: Array(8).fill('wifi6'), measured: { uplinkP95Mbps: 97, peakClients: 314, ...window }, years: [{ year: 2026, devices: devices(288, true) }] };
    const plan = planBuilding(gamlebygget, params);
    // Calibrated, 97 ÷ 314 × 288 = 89 Mbit/s: what fitted through, not what was wanted.
    expect(plan.years[0]!.demandMbps).toBe(288);
    const uplink = plan.recommendations.find((r) => r.kind === 'upgrade-uplink')!;
    expect(uplink).toMatchObject({ year: 'now', evidence: { linkFull: true, measuredP95Mbps: 97, estimatedMbps: 288, projectedPeakMbps: 288, targetMbps: 1000 } });
    expect(said(uplink)).toMatch(/^the uplink is full: at least 97 Mbit\/s measured, and the real demand is unknown; 288 devices at 1 Mbit\/s each suggest 288 Mbit\/s exceeds 70 % of the 100 Mbit\/s uplink/);
  });
});
