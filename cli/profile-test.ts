// `kapasitet profile test <profile[,profile…]> <walk>`: serves a walk of the user's own device (an
// `snmpwalk -On` output or an snmprec recording) through snmpsimd on loopback and polls it with the
// profile, printing what the profile reads: access points, radios with band, clients, utilisation,
// interfaces, and every value it refused. A profile can be checked before a device is configured.
import { readFileSync, statSync } from 'node:fs';
import { pollDevice } from '../collector/poll-device.ts';
import { loadProfiles } from '../collector/profiles.ts';
import { RateTracker } from '../collector/rates.ts';
import { ConfigError } from '../config/load.ts';
import { snmpSchema } from '../config/schema.ts';
import { Secrets } from '../config/secrets.ts';
import { reportConfigError } from './options.ts';
import { describeSample, printSample } from './poll.ts';
import { serveRecordings } from './snmpsimd.ts';
import { walkToSnmprec, WalkError } from './walk-to-snmprec.ts';

/** A walk larger than this is not a device's subtrees but a mistake (a whole controller walk is ~40 MB). */
const MAX_WALK_BYTES = 200 * 1024 * 1024;

export async function profileTest(action: string | undefined, names: string | undefined, file: string | undefined, options: { json?: boolean }): Promise<number> {
  const profiles = loadProfiles();
  let snmprec: string;
  let chosen: string[];
  try {
    if (action !== 'test' || !names || !file) throw new ConfigError('command line', [{ path: 'profile', message: 'usage: kapasitet profile test <profile[,profile…]> <walk: snmpwalk -On output or .snmprec>' }]);
    chosen = names.split(',');
    const unknown = chosen.filter((n) => !profiles.has(n));
    if (unknown.length > 0) throw new ConfigError('command line', [{ path: 'profile', message: `no profile ${unknown.map((n) => `"${n}"`).join(', ')} (have: ${[...profiles.keys()].join(', ')})` }]);
    snmprec = readWalk(file);
  } catch (err) {
    if (err instanceof WalkError) {
      console.error(`kapasitet profile test: ${err.message}`);
      return 2;
    }
    return reportConfigError(err);
  }
  let served;
  try {
    served = await serveRecordings({ walk: snmprec });
  } catch (err) {
    console.error(`kapasitet profile test: ${(err as Error).message}`);
    return 1;
  }
  try {
    const snmp = snmpSchema.parse({ version: '2c', host: '127.0.0.1', port: served.port, community: { secret: 'walk' }, timeoutMs: 2000, retries: 1 });
    const target = { municipalityId: 'walk', schoolId: 'walk', device: { id: file, role: 'switch' as const, snmp, profiles: chosen }, links: new Map(), accessPoints: new Map() };
    const sample = await pollDevice(target, profiles, Secrets.literal({ walk: 'walk' }));
    const described = describeSample(target, sample, new RateTracker());
    if (options.json) console.log(JSON.stringify({ profiles: chosen, rows: sample.rows.length, ...described }, null, 2));
    else {
      printSample(described);
      console.log(`${chosen.join(', ')}: ${sample.rows.length} rows read from ${file}`);
    }
    if (sample.ok && sample.rows.length === 0) {
      console.error(`kapasitet profile test: ${chosen.join(', ')} read nothing from ${file}: the walk does not hold the tables the profile names (see its source:), or the walk was taken of other subtrees`);
      return 1;
    }
    return sample.ok ? 0 : 1;
  } finally {
    await served.stop();
  }
}

function readWalk(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new WalkError(`${file}: cannot be read`);
  }
  if (size > MAX_WALK_BYTES) throw new WalkError(`${file}: ${Math.round(size / 1048576)} MB is more than a walk of one device's subtrees (at most ${MAX_WALK_BYTES / 1048576} MB)`);
  return walkToSnmprec(readFileSync(file, 'utf8'), file);
}
