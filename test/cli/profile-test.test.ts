// `kapasitet profile test` as a user checks a profile against a walk of their own device: a real
// `snmpwalk -On` of a real snmpd, and a recorded controller, served by snmpsimd and polled.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli.ts';
import { installed, startSnmpd, type RunningServer } from '../support/servers.ts';

const run = promisify(execFile);
const RECORDED = join(import.meta.dirname, '..', 'fixtures', 'snmprec', 'recorded');

describe.runIf(installed('snmpsimd') && installed('snmpd'))('kapasitet profile test', () => {
  let snmpd: RunningServer;
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-profile-test-'));
  beforeAll(async () => {
    snmpd = await startSnmpd({ community: 'walk-me', v3: { user: 'u', authKey: 'auth-pass-phrase', privKey: 'priv-pass-phrase' } });
  });
  afterAll(async () => snmpd?.stop());

  it('reads the interfaces of a device from its snmpwalk -On output', async () => {
    // What a user would save: the system group and the interface tables of their device.
    const walk = (oid: string) => run('snmpwalk', ['-On', '-v2c', '-c', 'walk-me', `127.0.0.1:${snmpd.port}`, oid]).then((r) => r.stdout);
    const text = (await Promise.all(['1.3.6.1.2.1.1', '1.3.6.1.2.1.2.2', '1.3.6.1.2.1.31.1.1'].map(walk))).join('');
    writeFileSync(join(dir, 'walk.txt'), text);
    const { stdout } = await run(process.execPath, [CLI, 'profile', 'test', 'if-mib', join(dir, 'walk.txt'), '--json']);
    const result = JSON.parse(stdout);
    // Every interface in the walk, by the name the walk gives it.
    const names = [...text.matchAll(/^\.1\.3\.6\.1\.2\.1\.31\.1\.1\.1\.1\.\d+ = STRING: "?([^"\n]*)"?$/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    expect(result.interfaces.map((i: { name: string }) => i.name).sort()).toEqual(names.sort());
    expect(result.refused).toEqual([]);
  });

  it('lists the access points of a recorded controller with band, clients and utilisation', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'profile', 'test', 'aruba-controller', join(RECORDED, 'aruba-7210.snmprec')]);
    expect(stdout).toMatch(/^ {2}ap WRD-WS 94:b4:0f:c1:9e:66 up, 5 clients: radio 1 5GHz 5 clients, 5 % busy; radio 2 2\.4GHz 0 clients, 4 % busy$/m);
    expect(stdout).toMatch(/^aruba-controller: 29 rows read from /m);
  });

  it('says when the profile reads nothing from the walk, and names an unknown profile', async () => {
    const nothing = await run(process.execPath, [CLI, 'profile', 'test', 'ruckus-scg', join(RECORDED, 'aruba-7210.snmprec')]).catch((e) => e);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/ruckus-scg read nothing from .*aruba-7210\.snmprec: the walk does not hold the tables the profile names/);
    const unknown = await run(process.execPath, [CLI, 'profile', 'test', 'cisco9800', join(RECORDED, 'aruba-7210.snmprec')]).catch((e) => e);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no profile "cisco9800" \(have: aruba-controller, /);
  });
});
