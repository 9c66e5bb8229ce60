// Who is in a building in a given school year: the school's enrolment spread over its buildings,
// and the device policy in force. Pure.
import type { BuildingConfig, DevicePolicy, SchoolConfig } from '../config/schema.ts';
import { countDevices, pupilsInBuilding, type DeviceCount } from './devices.ts';

/** The enrolment row for `year`, or the latest earlier one when the school has not projected that far. */
export function enrolmentFor(school: SchoolConfig, year: number) {
  const sorted = [...school.enrolment].sort((a, b) => a.year - b.year);
  return [...sorted].reverse().find((e) => e.year <= year) ?? sorted[0]!;
}

/**
 * The policy in force in `year` under a scenario: the scenario's policy from its effectiveFrom on,
 * before that the first policy in the list, which describes today.
 */
export function policyFor(policies: readonly DevicePolicy[], scenario: string | undefined, year: number): DevicePolicy {
  const baseline = policies[0]!;
  const chosen = policies.find((p) => p.name === scenario) ?? baseline;
  return year >= chosen.effectiveFrom ? chosen : baseline;
}

/** Pupils per grade in the building in `year`, with the enrolment row used. */
function buildingPupils(school: SchoolConfig, building: BuildingConfig, year: number) {
  const enrolment = enrolmentFor(school, year);
  const claimed = new Set(school.buildings.flatMap((b) => b.grades ?? []));
  const unclaimedRooms = school.buildings.filter((b) => !b.grades).reduce((n, b) => n + b.classrooms, 0);
  const share = building.grades ? 0 : unclaimedRooms > 0 ? building.classrooms / unclaimedRooms : 1 / school.buildings.length;
  return { enrolment, pupils: pupilsInBuilding(enrolment, building.grades, claimed, share) };
}

export function buildingDevices(school: SchoolConfig, building: BuildingConfig, year: number, policy: DevicePolicy): DeviceCount {
  const { enrolment, pupils } = buildingPupils(school, building, year);
  const allRooms = school.buildings.reduce((n, b) => n + b.classrooms, 0);
  const staffShare = allRooms > 0 ? building.classrooms / allRooms : 1 / school.buildings.length;
  return countDevices(pupils, enrolment.staff * staffShare, policy);
}

/** Pupils of grades `from`…`to` in the building in `year`: an exam day's sitters. */
export function pupilsOfGrades(school: SchoolConfig, building: BuildingConfig, year: number, [from, to]: readonly [number, number]): number {
  let n = 0;
  for (const [grade, count] of buildingPupils(school, building, year).pupils) if (grade >= from && grade <= to) n += count;
  return Math.ceil(n);
}

/** What the plan needs to know of a building from the inventory: names, classrooms, APs, uplink, DHCP scope, charging cabinets. */
export function buildingFacts(school: SchoolConfig, building: BuildingConfig) {
  return {
    schoolId: school.id,
    schoolName: school.name,
    buildingId: building.id,
    buildingName: building.name,
    classrooms: building.classrooms,
    accessPoints: building.accessPoints.map((ap) => ap.generation),
    uplinkMbps: building.uplink?.capacityMbps,
    dhcpScopes: building.dhcpScopes,
    chargingCabinets: building.chargingCabinets,
    freeSwitchPorts: building.accessSwitchPorts,
  };
}
