// Devices a building will carry in a school year: enrolment × device policy, plus staff devices and
// pupils' own devices. Pure.
import type { DevicePolicy, EnrolmentYear } from '../config/schema.ts';

export interface DeviceCount {
  /** School-owned devices by type, and phones/own devices under "personal". */
  byType: Record<string, number>;
  total: number;
  pupils: number;
  staff: number;
  /** True when every pupil in the building has a device of their own (1:1). */
  oneToOne: boolean;
  /** Staff devices among them: what a staff VLAN's DHCP scope holds. */
  staffDevices?: number;
  /** Pupils' devices that charge at school (shared ones by default): what charging cabinets hold. */
  chargedAtSchool?: number;
}

/**
 * Pupils per grade in a building for a school year. `shareOfOthers` is the building's share of the
 * grades no building claims explicitly (by classrooms), so schools need not map every grade.
 */
export function pupilsInBuilding(
  enrolment: EnrolmentYear,
  buildingGrades: readonly number[] | undefined,
  claimedGrades: ReadonlySet<number>,
  shareOfOthers: number,
): Map<number, number> {
  const pupils = new Map<number, number>();
  for (const [gradeText, count] of Object.entries(enrolment.pupils)) {
    const grade = Number(gradeText);
    if (buildingGrades) {
      if (buildingGrades.includes(grade)) pupils.set(grade, count);
    } else if (!claimedGrades.has(grade)) {
      pupils.set(grade, count * shareOfOthers);
    }
  }
  return pupils;
}

export function countDevices(pupilsByGrade: ReadonlyMap<number, number>, staff: number, policy: DevicePolicy): DeviceCount {
  const byType: Record<string, number> = {};
  let pupils = 0;
  let oneToOne = pupilsByGrade.size > 0;
  let atSchool = 0;
  for (const [grade, count] of pupilsByGrade) {
    pupils += count;
    const band = policy.bands.find((b) => grade >= b.grades[0] && grade <= b.grades[1]);
    if (!band) {
      oneToOne = false;
      continue;
    }
    if (band.pupilsPerDevice > 1) oneToOne = false;
    byType[band.deviceType] = (byType[band.deviceType] ?? 0) + count / band.pupilsPerDevice;
    if ((band.charging ?? (band.pupilsPerDevice > 1 ? 'school' : 'home')) === 'school') atSchool += count / band.pupilsPerDevice;
  }
  const staffDevices = Math.ceil(staff * policy.staffDevicesPerPerson);
  byType.laptop = (byType.laptop ?? 0) + staffDevices;
  if (policy.personalDevicesPerPupil > 0) byType.personal = pupils * policy.personalDevicesPerPupil;
  for (const type of Object.keys(byType)) byType[type] = Math.ceil(byType[type] as number);
  const total = Object.values(byType).reduce((a, b) => a + b, 0);
  return { byType, total, pupils: Math.round(pupils), staff: Math.round(staff), oneToOne, staffDevices, chargedAtSchool: Math.ceil(atSchool) };
}
