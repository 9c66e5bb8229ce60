// What a config allows but a user most likely did not mean: said by `kapasitet check` and at start as
// warnings, never refused, since a municipality may mean it (a grade with no devices yet).
import type { Config } from './schema.ts';

export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  // Grades the schools teach that a policy gives no devices: their pupils would be left out of the plan.
  const taught = [...new Set(config.schools.flatMap((s) => s.enrolment.flatMap((e) => Object.entries(e.pupils).filter(([, n]) => n > 0).map(([g]) => Number(g)))))].sort((a, b) => a - b);
  config.devicePolicies.forEach((policy, i) => {
    const covered = (g: number) => policy.bands.some((b) => g >= b.grades[0] && g <= b.grades[1]);
    const left = taught.filter((g) => !covered(g));
    if (left.length) warnings.push(`devicePolicies[${i}] (${policy.name}): no band covers grade${left.length > 1 ? 's' : ''} ${left.join(', ')}, which the schools teach: those pupils get no devices in the plan`);
  });
  for (const school of config.schools) {
    for (const building of school.buildings) {
      if (!building.uplink && building.devices.length === 0 && building.accessPoints.length === 0) warnings.push(`school ${school.id}, building ${building.id}: no uplink, devices or access points: nothing in it is measured, and the plan works from its devices alone`);
    }
  }
  return warnings;
}
