// An ad hoc `kapasitet poll` of a Wi-Fi device, with nothing but an address and a community: the
// profile is found on its own (by sysObjectID, else by its probe) and the access points are listed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.ts';
import { installed, startSnmpsim, type RunningServer } from '../support/servers.ts';

const run = promisify(execFile);

describe.runIf(installed('snmpsimd'))('kapasitet poll finds the Wi-Fi profile itself', () => {
  let agent: RunningServer;
  beforeAll(async () => {
    agent = await startSnmpsim(['unifi-u6-lite', 'ruckus-smartzone', 'meraki-cloud', 'cisco-9800', 'recorded/ruckus-scg']);
  });
  afterAll(async () => agent?.stop());

  const poll = async (community: string) => {
    const { stdout } = await run(process.execPath, [CLI, 'poll', `127.0.0.1:${agent.port}`, '--community', community, '--samples', '1', '--json'], { maxBuffer: 1 << 24 });
    return JSON.parse(stdout).samples[0];
  };

  it('a UniFi AP answering as plain Linux: by its probe, with clients per radio band', async () => {
    const sample = await poll('unifi-u6-lite');
    expect(sample.profilesFoundByProbe).toEqual(['unifi']);
    expect(sample.accessPoints[0].radios.map((r: { band: string; clients: number }) => [r.band, r.clients])).toEqual([
      ['2.4GHz', 9],
      ['5GHz', 21],
    ]);
  });

  it('a Ruckus SmartZone, a Meraki cloud endpoint and a Catalyst 9800: by their sysObjectID', async () => {
    const names = (sample: { accessPoints: { name: string }[] }) => sample.accessPoints.map((a) => a.name);
    expect(names(await poll('ruckus-smartzone'))).toEqual(['SK-AP-01', 'SK-AP-02', 'SK-AP-03']);
    expect(names(await poll('meraki-cloud'))).toEqual(['BS-AP-1.01', 'BS-AP-1.02']);
    const c9800 = await poll('cisco-9800');
    expect(c9800.accessPoints.map((a: { name: string; clients: number }) => [a.name, a.clients])).toEqual([
      ['LU-AP-201', 34],
      ['LU-AP-202', 0],
    ]);
  });

  it('a recorded Ruckus SmartCell Gateway: its 250 APs', async () => {
    const sample = await poll('recorded/ruckus-scg');
    expect(sample.accessPoints).toHaveLength(250);
    expect(sample.refused).toEqual([]);
  });
});
