// Processor load from a recorded Linux host (Debian snmpsim's linux-full-walk): two processors at
// 13 % and 9 % in hrProcessorTable, and ssCpuIdle 79 % in UCD-SNMP-MIB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceTarget } from '../../config/inventory.ts';
import type { DeviceConfig } from '../../config/schema.ts';
import { Secrets } from '../../config/secrets.ts';
import { pollDevice } from '../../collector/poll-device.ts';
import { loadProfiles } from '../../collector/profiles.ts';
import { RateTracker } from '../../collector/rates.ts';
import { samplePoints } from '../../collector/to-points.ts';
import { installed, startSnmpsim, type RunningServer } from '../support/servers.ts';

const RECORDING = 'recorded/linux-full-walk';

describe.runIf(installed('snmpsimd'))('processor load profiles on a recorded Linux host', () => {
  let agent: RunningServer;
  beforeAll(async () => {
    agent = await startSnmpsim([RECORDING]);
  });
  afterAll(async () => agent?.stop());

  const target = (profiles?: string[]): DeviceTarget => ({
    municipalityId: 'm',
    schoolId: 's',
    device: {
      id: 'linux',
      role: 'router',
      profiles,
      snmp: { version: '2c', host: '127.0.0.1', port: agent.port, community: { secret: 'c' }, timeoutMs: 2000, retries: 1, maxRepetitions: 25, getBulk: true } as DeviceConfig['snmp'],
    },
    links: new Map(),
    accessPoints: new Map(),
  });
  const secrets = Secrets.literal({ c: RECORDING });
  const profiles = loadProfiles();

  it('reads hrProcessorLoad per processor and writes their mean as the device cpu_load', async () => {
    const sample = await pollDevice(target(['host-resources']), profiles, secrets);
    expect(sample.rows.map((r) => [r.key, r.values.load])).toEqual([
      ['768', 13],
      ['769', 9],
    ]);
    const device = samplePoints(target(), sample, new RateTracker()).points.find((p) => p.measurement === 'device')!;
    expect(device.fields.cpu_load).toBeCloseTo(0.11, 10);
  });

  it('turns ssCpuIdle into busy percent when a device names the ucd-snmp profile', async () => {
    const sample = await pollDevice(target(['ucd-snmp']), profiles, secrets);
    expect(sample.rows.map((r) => [r.index, r.values.load])).toEqual([[{ instance: 0 }, 21]]);
  });
});
