// `kapasitet plan` on the demo with nothing measured yet: the plan from enrolment and policy alone.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'bin', 'kapasitet.js');
const data = mkdtempSync(join(tmpdir(), 'kapasitet-plan-'));

describe('kapasitet plan', () => {
  it('prints the plan as JSON, with the short building found from its projected devices', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'plan', '--format', 'json', '--data', data], { cwd: data });
    const plans = JSON.parse(stdout);
    expect(plans).toHaveLength(6);
    const short = plans.find((b: any) => b.buildingId === 'nu-gamle');
    expect(short.recommendations.map((r: any) => r.kind).sort()).toEqual(['add-access-points', 'replace-access-points', 'upgrade-uplink']);
    const uplink = short.recommendations.find((r: any) => r.kind === 'upgrade-uplink');
    // Nothing measured: the documented 1 Mbit/s per device, and no measured figure claimed.
    expect(uplink.evidence).toMatchObject({ mbpsPerDeviceSource: 'default', mbpsPerDevice: 1 });
    expect(uplink.evidence.measuredP95Mbps).toBeUndefined();
  });

  it('refuses a scenario that is no device policy, naming the ones there are', async () => {
    const err = await run(process.execPath, [CLI, 'plan', '--scenario', 'one-to-on', '--data', data], { cwd: data }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('--scenario: no device policy named "one-to-on" (have: today, one-to-one)');
  });
});
