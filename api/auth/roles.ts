// What each role may do, within its own municipalities. Granted here and nowhere else.
import type { Role } from '../../config/schema.ts';

export const permissions = ['read:measurements', 'read:plans', 'read:devices', 'write:alerts', 'read:accounts', 'read:metrics'] as const;
export type Permission = (typeof permissions)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  // A wall display or a school's head: the live load, not the budget.
  viewer: ['read:measurements'],
  // Facilities plan from the load and the costs; the SNMP addresses of devices are not theirs to see.
  'facilities-planner': ['read:measurements', 'read:plans'],
  // Network engineers see where each device answers, acknowledge alerts, and scrape Kapasitet's own metrics.
  'network-admin': ['read:measurements', 'read:plans', 'read:devices', 'write:alerts', 'read:metrics'],
  admin: ['read:measurements', 'read:plans', 'read:devices', 'write:alerts', 'read:accounts', 'read:metrics'],
};

export function allows(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
