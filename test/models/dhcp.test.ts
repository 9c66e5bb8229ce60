// DHCP scopes per VLAN: which devices each scope must hold, and the fix named by scope and prefix.
import { wording } from '../../i18n/render.ts';
import { describe, expect, it } from 'vitest';
import { dhcpRecommendations, prefixFor } from '../../models/dhcp.ts';
import type { DeviceCount } from '../../models/devices.ts';

/** A recommendation's reason as an English reader gets it. */
const said = (r: { message: Parameters<ReturnType<typeof wording>>[0] }) => wording('en')(r.message);

const count = (pupilDevices: number, staffDevices: number): DeviceCount => ({ byType: { laptop: pupilDevices + staffDevices }, total: pupilDevices + staffDevices, pupils: pupilDevices, staff: staffDevices, staffDevices, oneToOne: true });
const priority = (year: number) => (year <= 2026 ? 1 : year === 2027 ? 2 : 3) as 1 | 2 | 3;
const years = [
  { year: 2026, devices: count(180, 60) },
  { year: 2027, devices: count(220, 64) },
  { year: 2028, devices: count(300, 64) },
];

const check = { years, churn: 0.25, catalogue: undefined, priority, scenario: 'one-to-one' };

describe('DHCP scopes per VLAN', () => {
  it("checks the pupils' and the staff scope each against their own devices", () => {
    const recs = dhcpRecommendations(
      [
        { name: 'elev', vlan: 110, size: 254, serves: 'pupils' },
        { name: 'ansatt', vlan: 120, size: 126, serves: 'staff' },
      ],
      check,
    );
    // Pupils: 180 × 1.25 = 225 fits 254; 220 × 1.25 = 275 does not (2027); 300 × 1.25 = 375 by 2028 → /23.
    // Staff: 64 × 1.25 = 80 fits 126: no recommendation.
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ year: 2027, priority: 2, evidence: { serves: 'pupils', scopes: 'elev', scopeSize: 254, addressesNeeded: 375, sizingYear: 2028, enlarge: 'elev', suggestedPrefix: 23 } });
    expect(said(recs[0]!)).toBe(`220 pupils' devices in 2027 need 275 addresses with 25 % churn, 375 by 2028 for its 300; scope "elev" (VLAN 110) has 254. Enlarge "elev" (VLAN 110) to a /23 (510 addresses)`);
  });

  it('sums the scopes serving the same group and enlarges the largest by what the others lack', () => {
    const recs = dhcpRecommendations(
      [
        { name: 'elev-a', size: 126, serves: 'pupils' },
        { name: 'elev-b', size: 254, serves: 'pupils' },
        { name: 'ansatt', size: 30, serves: 'staff' },
      ],
      check,
    );
    // Pupils: the two scopes' 380 addresses hold the peak of 375 (2028). Staff: 60 × 1.25 = 75 > 30 in 2026.
    expect(recs.map((r) => [r.evidence.serves, r.year])).toEqual([['staff', 2026]]);
    const tight = dhcpRecommendations([{ name: 'elev-a', size: 62, serves: 'pupils' }, { name: 'elev-b', size: 254, serves: 'pupils' }], check);
    // 316 addresses; 2027 needs 275 (fits), 2028 needs 375: elev-b must hold 375 − 62 = 313, a /23.
    expect(tight).toHaveLength(1);
    expect(tight[0]).toMatchObject({ year: 2028, priority: 3, evidence: { scopes: 'elev-a, elev-b', scopeSize: 316, addressesNeeded: 375, enlarge: 'elev-b', suggestedPrefix: 23 } });
  });

  it('a scope serving all holds every device, staff included', () => {
    const recs = dhcpRecommendations([{ name: 'clients', size: 254, serves: 'all' }], check);
    // 240 × 1.25 = 300 > 254 already in 2026.
    expect(recs[0]).toMatchObject({ year: 2026, priority: 1, evidence: { serves: 'all', addressesNeeded: 455 } });
  });

  it('names the smallest prefix whose usable addresses hold the need', () => {
    expect([254, 255, 510, 511].map(prefixFor)).toEqual([24, 23, 23, 22]);
  });
});
