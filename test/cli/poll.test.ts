// `kapasitet poll` as an engineer runs it against a new device: a real process, real SNMP.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../simulator/demo.ts';
import { allDevices, startSimulator, type RunningSimulator } from '../../simulator/index.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'bin', 'kapasitet.js');

describe('kapasitet poll', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator(demoConfig(), { community: 'poll-test-community', simStart: Date.parse('2026-11-24T09:30:00Z') });
  });
  afterAll(async () => sim?.stop());
  const port = (id: string) => allDevices(sim.config).find((d) => d.id === id)!.snmp.port;

  it('prints interfaces with speeds, then rates from the second sample, as JSON', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'poll', `127.0.0.1:${port('nu-gamle-sw')}`, '--community', 'poll-test-community', '--samples', '2', '--interval', '1s', '--json']);
    const result = JSON.parse(stdout);
    expect(result.samples).toHaveLength(2);
    const [first, second] = result.samples;
    expect(first.interfaces.map((i: any) => i.name)).toEqual(['Fa0/24', 'Gi1/0/1', 'Gi1/0/2', 'Gi0/0', 'Gi1/0/47']);
    expect(first.interfaces[0]).toMatchObject({ speedMbps: 100, status: 'up', counterBits: 64, noRate: 'first' });
    const uplink = second.interfaces[0];
    expect(uplink.inMbps).toBeGreaterThan(1);
    expect(uplink.inMbps).toBeLessThanOrEqual(100);
    expect(uplink.utilisation).toBeCloseTo(uplink.inMbps / 100, 2);
    expect(stdout).not.toContain('poll-test-community');
  });

  it('finds the controller profile from sysObjectID and lists APs with radios', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'poll', `127.0.0.1:${port('st-wlc')}`, '--community', 'poll-test-community', '--samples', '1', '--json']);
    const [sample] = JSON.parse(stdout).samples;
    expect(sample.sysObjectID).toBe('1.3.6.1.4.1.9.1.1069');
    expect(sample.accessPoints).toHaveLength(13);
    expect(sample.accessPoints[0].radios.map((r: any) => r.id)).toEqual(['0', '1']);
  });

  it('exits 1 and says so when the device does not answer; 2 for a bad command line', async () => {
    const dead = await run(process.execPath, [CLI, 'poll', '127.0.0.1:9', '--community', 'x', '--samples', '1']).catch((e) => e);
    expect(dead.code).toBe(1);
    expect(dead.stdout).toMatch(/no answer \(timed out\)/);
    const bad = await run(process.execPath, [CLI, 'poll', '127.0.0.1:99999', '--community', 'x']).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/port/);
  });
});
