// Added access points need a cable run and a PoE port each: the plan prices the runs and adds PoE
// switches where the building's free ports, or their power, run short.
import { describe, expect, it } from 'vitest';
import { catalogueSchema } from '../../config/schema.ts';
import { wording } from '../../i18n/render.ts';
import { planBuilding, type BuildingInput } from '../../models/plan.ts';

const catalogue = (poeWatts?: number, smallBudgetW = 240) =>
  catalogueSchema.parse({
    accessPoints: [{ generation: 'wifi6', price: 9500, installation: 3000, ...(poeWatts ? { poeWatts } : {}) }],
    cablingPerAccessPoint: 4000,
    switches: [
      { model: 'PoE 8', ports: 8, poeBudgetW: smallBudgetW, price: 9000 },
      { model: 'PoE 24', ports: 24, poeBudgetW: 370, price: 25_000 },
    ],
  });
const devices = (total: number) => ({ byType: { laptop: total }, total, pupils: total, staff: 0, oneToOne: true });
const params = { headroom: 0.7, mbpsPerDevice: 1, currentYear: 2026, scenario: 's', dhcpChurn: 0.25 };
// Two Wi-Fi 4 APs replaced, six classrooms on 1:1 need six APs now, and ten by 2027 for 480 devices.
const building: BuildingInput = {
  schoolId: 's',
  schoolName: 'S',
  buildingId: 'b',
  buildingName: 'B',
  classrooms: 6,
  accessPoints: ['wifi4', 'wifi4'],
  uplinkMbps: 10_000,
  freeSwitchPorts: 3,
  years: [
    { year: 2026, devices: devices(140) },
    { year: 2027, devices: devices(480) },
  ],
};
const of = (plan: ReturnType<typeof planBuilding>, kind: string) => plan.recommendations.filter((r) => r.kind === kind);

describe('cabling and switch ports for added access points', () => {
  it('cables each added AP, not the replaced ones, and adds a switch in the year the free ports run out', () => {
    const plan = planBuilding(building, { ...params, catalogue: catalogue() });
    expect(of(plan, 'add-access-points').map((r) => [r.year, r.quantity])).toEqual([[2026, 4], [2027, 4]]);
    expect(of(plan, 'cable-access-points').map((r) => [r.year, r.quantity, r.cost?.oneOff])).toEqual([[2026, 4, 16_000], [2027, 4, 16_000]]);
    // 2026: 4 new APs on 3 free ports: 1 short, one 8-port switch (7 ports left); 2027's 4 fit on those.
    const switches = of(plan, 'add-poe-switches');
    expect(switches.map((r) => [r.year, r.quantity, r.cost?.item, r.cost?.oneOff])).toEqual([[2026, 1, 'PoE 8', 9000]]);
    expect(switches[0]!.evidence).toMatchObject({ accessPointsAdded: 4, freeSwitchPorts: 3, portsShort: 1, wattsPerAccessPoint: 30 });
    expect(wording('en')(switches[0]!.message)).toBe('4 added access points, 3 free PoE ports on the access switches, 1 short; add 1 × PoE 8 (8 ports, 240 W PoE)');
    expect(wording('nb')(of(plan, 'cable-access-points')[0]!.message)).toBe('de 4 nye tilgangspunktene trenger hver sin kabelføring til svitsjen');
  });

  it('buys for power as well as ports: the cheapest switches that feed every AP', () => {
    // 60 W APs: an 8-port switch of 120 W feeds two. Four short: two of those (18,000) beat one 24-port
    // (25,000). Their 12 spare ports have no power left, so 2027's four need two more.
    const plan = planBuilding({ ...building, freeSwitchPorts: 0 }, { ...params, catalogue: catalogue(60, 120) });
    expect(of(plan, 'add-poe-switches').map((r) => [r.year, r.quantity, r.cost?.item])).toEqual([[2026, 2, 'PoE 8'], [2027, 2, 'PoE 8']]);
  });

  it('prices no switches where the free ports are not known, and no cabling without a price for it', () => {
    const unknown = planBuilding({ ...building, freeSwitchPorts: undefined }, { ...params, catalogue: catalogue() });
    expect(of(unknown, 'add-poe-switches')).toEqual([]);
    expect(of(unknown, 'cable-access-points')).toHaveLength(2);
    const noCabling = planBuilding(building, { ...params, catalogue: catalogueSchema.parse({ accessPoints: [{ generation: 'wifi6', price: 9500 }] }) });
    expect(of(noCabling, 'cable-access-points')).toEqual([]);
    // No switch on offer: the shortfall is said, unpriced.
    expect(of(noCabling, 'add-poe-switches')).toMatchObject([
      { year: 2026, quantity: 0, evidence: { portsShort: 1 } },
      { year: 2027, quantity: 0, evidence: { portsShort: 4 } },
    ]);
    expect(of(noCabling, 'add-poe-switches').every((r) => r.cost === undefined)).toBe(true);
  });
});
