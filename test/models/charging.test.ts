// Charging cabinets for the devices that charge at school: shared devices by default, bought in the
// years that need them, with the power every slot draws at once.
import { wording } from '../../i18n/render.ts';
import { describe, expect, it } from 'vitest';
import { catalogueSchema, devicePolicySchema } from '../../config/schema.ts';
import { chargingRecommendations } from '../../models/charging.ts';
import { countDevices } from '../../models/devices.ts';

/** A recommendation's reason as an English reader gets it. */
const said = (r: { message: Parameters<ReturnType<typeof wording>>[0] }) => wording('en')(r.message);

const catalogue = catalogueSchema.parse({ currency: 'NOK', chargingCabinet: { model: 'Cabinet 32', devicesPerCabinet: 32, price: 15_000, installation: 2000, wattsPerDevice: 20 } });
const count = (atSchool: number) => ({ byType: { tablet: atSchool }, total: atSchool, pupils: atSchool, staff: 0, oneToOne: false, chargedAtSchool: atSchool });

describe('charging cabinets', () => {
  it('charges shared devices at school and 1:1 devices at home unless the policy says otherwise', () => {
    const policy = devicePolicySchema.parse({
      name: 'p',
      effectiveFrom: 2026,
      bands: [
        { grades: [1, 4], pupilsPerDevice: 2, deviceType: 'tablet' },
        { grades: [5, 7], pupilsPerDevice: 1, deviceType: 'laptop' },
        { grades: [8, 10], pupilsPerDevice: 1, deviceType: 'laptop', charging: 'school' },
      ],
    });
    const pupils = new Map([[1, 40], [5, 30], [8, 25]]);
    // 40 pupils on 1:2 tablets: 20 at school; the 30 fifth-graders' laptops go home; 25 eighth-graders' stay.
    expect(countDevices(pupils, 0, policy).chargedAtSchool).toBe(45);
  });

  it('buys cabinets in the years that need them, each with its devices and the power they draw', () => {
    const recs = chargingRecommendations([{ year: 2026, devices: count(90) }, { year: 2027, devices: count(130) }, { year: 2028, devices: count(100) }], 1, catalogue, (y) => (y === 2026 ? 1 : 2), 'one-to-one');
    // 90 devices need 3 cabinets of 32 in 2026: 2 more than the 1 there is; 130 need 5 in 2027: 2 more; 2028 needs fewer.
    expect(recs.map((r) => [r.year, r.quantity, r.priority, r.cost?.oneOff])).toEqual([
      [2026, 2, 1, 2 * 17_000],
      [2027, 2, 2, 2 * 17_000],
    ]);
    expect(recs[1]!.evidence).toEqual({ devicesChargedAtSchool: 130, devicesPerCabinet: 32, cabinetsInstalled: 3, cabinetsNeeded: 5, wattsPerDevice: 20, peakChargingKw: 2.6, scenario: 'one-to-one' });
    expect(recs.map((r) => said(r))).toEqual([
      '90 devices charged at school in 2026, 1 cabinet for 32 each; 3 needed; up to 1.8 kW with every slot charging',
      '130 devices charged at school in 2027, 3 cabinets for 32 each; 5 needed; up to 2.6 kW with every slot charging',
    ]);
  });

  it('recommends nothing where the cabinets suffice or the catalogue offers none', () => {
    expect(chargingRecommendations([{ year: 2026, devices: count(64) }], 2, catalogue, () => 1, 's')).toEqual([]);
    expect(chargingRecommendations([{ year: 2026, devices: count(640) }], 0, catalogueSchema.parse({}), () => 1, 's')).toEqual([]);
  });
});
