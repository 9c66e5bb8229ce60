// `kapasitet poll` against a recorded real device (Cisco Catalyst 3750 stack, from Debian's snmpsim
// examples): names, speeds and counters must equal what snmpbulkwalk reads from the same agent.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkwalk } from '../support/bulkwalk.ts';
import { installed, startSnmpsim, type RunningServer } from '../support/servers.ts';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'bin', 'kapasitet.js');

const walk = (port: number, oid: string) => bulkwalk(['-v2c', '-c', 'cisco_16_switch', `127.0.0.1:${port}`, oid]);

describe.runIf(installed('snmpsimd') && installed('snmpbulkwalk'))('kapasitet poll on a recorded Cisco Catalyst 3750', () => {
  let agent: RunningServer;
  beforeAll(async () => {
    agent = await startSnmpsim(['cisco_16_switch']);
  });
  afterAll(async () => agent?.stop());

  it('reports the interface names, speeds and 64-bit counters snmpbulkwalk reads', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'poll', `127.0.0.1:${agent.port}`, '--community', 'cisco_16_switch', '--samples', '1', '--json'], { maxBuffer: 1 << 24 });
    const [sample] = JSON.parse(stdout).samples;
    const names = await walk(agent.port, '1.3.6.1.2.1.31.1.1.1.1');
    const speeds = await walk(agent.port, '1.3.6.1.2.1.31.1.1.1.15');
    expect(sample.interfaces.length).toBe(names.size);
    expect(names.size).toBeGreaterThan(50);
    expect(sample.interfaces.map((i: any) => [String(i.ifIndex), i.name])).toEqual([...names.entries()]);
    expect(sample.interfaces.map((i: any) => [String(i.ifIndex), i.speedMbps])).toEqual([...speeds.entries()].map(([k, v]) => [k, Number(v) || expect.any(Number)]));
    // 64-bit counters where the agent has them, the 32-bit ones for the rest, per interface.
    const hcIn = await walk(agent.port, '1.3.6.1.2.1.31.1.1.1.6');
    const in32 = await walk(agent.port, '1.3.6.1.2.1.2.2.1.10');
    const expected = [...names.keys()].map((i) => [i, hcIn.get(i) ?? in32.get(i), hcIn.has(i) ? 64 : in32.has(i) ? 32 : undefined]);
    expect(sample.interfaces.map((i: any) => [String(i.ifIndex), i.inOctets, i.counterBits])).toEqual(expected);
    expect(expected.filter(([, , bits]) => bits === 64).length).toBeGreaterThan(50);
  });
});
