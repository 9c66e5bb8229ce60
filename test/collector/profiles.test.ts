import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfiles, profilesFor } from '../../collector/profiles.ts';
import type { DeviceConfig } from '../../config/schema.ts';

const profiles = loadProfiles();
const device = (role: DeviceConfig['role'], names?: string[]): DeviceConfig => ({
  id: 'd',
  role,
  profiles: names,
  snmp: { version: '2c', host: '127.0.0.1', port: 161, community: { env: 'X' }, timeoutMs: 1000, retries: 0, maxRepetitions: 25, getBulk: true },
});
const names = (list: { name: string }[]) => list.map((p) => p.name).sort();

describe('choosing profiles', () => {
  it('ships valid profiles', () => {
    expect([...profiles.keys()].sort()).toEqual(['aruba-controller', 'aruba-instant', 'cisco-9800', 'cisco-wlc', 'host-resources', 'if-mib', 'meraki-cloud', 'mikrotik', 'ruckus-scg', 'ruckus-smartzone', 'ruckus-zonedirector', 'ucd-snmp', 'unifi']);
  });

  it('reads a switch with IF-MIB and its processors, a controller with every controller profile too', () => {
    expect(names(profilesFor(device('switch'), profiles))).toEqual(['host-resources', 'if-mib']);
    // A controller model missing from the sysObjectID lists still has its APs read: an absent table costs one request per column.
    expect(names(profilesFor(device('wlan-controller'), profiles))).toEqual(['aruba-controller', 'cisco-wlc', 'host-resources', 'if-mib']);
    expect(names(profilesFor(device('access-point'), profiles))).toEqual(['if-mib']);
  });

  it('adds the profile a sysObjectID names, whatever role the config gave', () => {
    expect(names(profilesFor(device('access-point'), profiles, '1.3.6.1.4.1.9.1.1069'))).toEqual(['cisco-wlc', 'if-mib']);
    // A prefix matches whole sub-identifiers only: …1069 is not …10690.
    expect(names(profilesFor(device('access-point'), profiles, '1.3.6.1.4.1.9.1.10690'))).toEqual(['if-mib']);
  });

  it('uses exactly the profiles a device names, and names a missing one', () => {
    expect(names(profilesFor(device('switch', ['cisco-wlc']), profiles))).toEqual(['cisco-wlc']);
    expect(() => profilesFor(device('switch', ['aruba']), profiles)).toThrow('device d: no profile named "aruba" (have: aruba-controller, aruba-instant, cisco-9800, cisco-wlc, host-resources, if-mib, meraki-cloud, mikrotik, ruckus-scg, ruckus-smartzone, ruckus-zonedirector, ucd-snmp, unifi)');
  });

  it('refuses a profile file with a field its entity does not have, naming file and field', () => {
    expect(() => loadProfiles(join(import.meta.dirname, '..', 'fixtures', 'profiles-bad'))).toThrow(/broken\.yaml: tables\.0\.fields\.ifSpeed: radio has no field "ifSpeed"/);
  });
});
