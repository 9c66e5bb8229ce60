// `kapasitet discover` against snmpsimd serving the generated vendor fixtures: the proposal names the
// profiles that have data, guesses the role, and is a config the schema accepts once each access point
// has its Wi-Fi generation.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.ts';
import { installed, startSnmpsim, type RunningServer } from '../support/servers.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'bin', 'kapasitet.js');

describe.runIf(installed('snmpsimd'))('kapasitet discover', () => {
  let agent: RunningServer;
  beforeAll(async () => {
    agent = await startSnmpsim(['aruba-7010', 'unifi-u6-lite', 'recorded/linux-full-walk']);
  });
  afterAll(async () => agent?.stop());

  const discover = async (community: string) => {
    const { stdout } = await run(process.execPath, [CLI, 'discover', `127.0.0.1:${agent.port}`, '--community', community, '--json']);
    expect(stdout).not.toContain(`"${community}"`);
    return JSON.parse(stdout);
  };

  /** The proposal placed in a one-building config, as the user would paste it. */
  const asConfig = (proposal: any) => ({
    municipality: { id: 'm', name: 'M' },
    schools: [
      {
        id: 's',
        name: 'S',
        enrolment: [{ year: 2026, pupils: { '5': 20 }, staff: 3 }],
        devices: [proposal.device],
        buildings: [{ id: 'b', name: 'B', classrooms: 1, accessPoints: proposal.accessPoints.map((ap: any) => ({ ...ap, generation: 'wifi6' })) }],
      },
    ],
    devicePolicies: [{ name: 'today', effectiveFrom: 2024, bands: [{ grades: [1, 10], pupilsPerDevice: 1, deviceType: 'laptop' }] }],
  });

  it('an Aruba controller: its profile by sysObjectID, every AP with name and MAC', async () => {
    const { found, proposal } = await discover('aruba-7010');
    expect(found).toMatchObject({ sysName: 'fjordvik-mc1', sysObjectID: '1.3.6.1.4.1.14823.1.1.36', profiles: ['aruba-controller', 'if-mib'] });
    expect(proposal.role).toBe('wlan-controller');
    expect(proposal.accessPoints.map((ap: any) => [ap.name, ap.mac])).toEqual([
      ['NB-AP-101', '20:4c:03:11:22:01'],
      ['renamed-on-controller', '20:4c:03:11:22:02'],
      ['AP-not-in-config', '20:4c:03:11:22:03'],
    ]);
    const parsed = configSchema.safeParse(asConfig(proposal));
    expect(parsed.error?.issues).toBeUndefined();
  });

  it('a UniFi AP: found by its probe though its sysObjectID is plain Linux, and proposed as an AP polled directly', async () => {
    const { found, proposal } = await discover('unifi-u6-lite');
    expect(found.profiles).toEqual(['if-mib', 'unifi']);
    expect(proposal.role).toBe('access-point');
    expect(proposal.device.profiles).toEqual(['if-mib', 'unifi']);
    expect(proposal.accessPoints).toEqual([{ id: 'u6-lite-rom-12-ap', name: 'U6-Lite-Rom-12', controller: 'u6-lite-rom-12' }]);
    expect(configSchema.safeParse(asConfig(proposal)).error?.issues).toBeUndefined();
  });

  it('a Linux host: no Wi-Fi, so a router with the host profiles', async () => {
    const { found, proposal } = await discover('recorded/linux-full-walk');
    expect(found.profiles).toEqual(['host-resources', 'if-mib', 'ucd-snmp']);
    expect(found.accessPoints).toEqual([]);
    expect(proposal.role).toBe('router');
    expect(proposal.device.profiles).toEqual(['host-resources', 'if-mib', 'ucd-snmp']);
  });

  it('exits 1 with a clear message when nothing answers', async () => {
    const dead = await run(process.execPath, [CLI, 'discover', '127.0.0.1:9', '--community', 'x']).catch((e) => e);
    expect(dead.code).toBe(1);
    expect(dead.stderr).toMatch(/no answer \(timed out\)/);
  });
});
