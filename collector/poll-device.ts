// One poll of one device: the system group, then every table of its profiles. Returns what was read
// or why the device did not answer; it never throws for a device's faults.
import type snmp from 'net-snmp';
import type { DeviceTarget } from '../config/inventory.ts';
import type { Secrets } from '../config/secrets.ts';
import type { Profile } from './profile-schema.ts';
import { profilesFor } from './profiles.ts';
import { readTable, type Row } from './read-table.ts';
import { get, openSession } from './snmp-session.ts';

export interface DeviceSample {
  deviceId: string;
  /** Poller clock when the answer to the system group arrived. */
  time: number;
  durationMs: number;
  ok: boolean;
  error?: string;
  sysUpTimeTicks?: number;
  sysName?: string;
  sysObjectID?: string;
  rows: Row[];
  refused: string[];
}

const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
const SYS_NAME = '1.3.6.1.2.1.1.5.0';
const SYS_OBJECT_ID = '1.3.6.1.2.1.1.2.0';

export async function pollDevice(
  target: DeviceTarget,
  profiles: Map<string, Profile>,
  secrets: Secrets,
  now: () => number = Date.now,
): Promise<DeviceSample> {
  const started = now();
  const base = { deviceId: target.device.id, rows: [] as Row[], refused: [] as string[] };
  let session: snmp.Session | undefined;
  try {
    session = openSession(target.device.snmp, secrets);
    const system = await get(session, [SYS_UPTIME, SYS_NAME, SYS_OBJECT_ID]);
    const time = now();
    const [uptime, name, objectId] = system;
    const sample: DeviceSample = {
      ...base,
      time,
      durationMs: 0,
      ok: true,
      sysUpTimeTicks: typeof uptime?.value === 'number' ? uptime.value : undefined,
      sysName: Buffer.isBuffer(name?.value) ? name.value.toString('utf8').slice(0, 255) : undefined,
      sysObjectID: typeof objectId?.value === 'string' ? objectId.value : undefined,
    };
    for (const profile of profilesFor(target.device, profiles, sample.sysObjectID)) {
      for (const table of profile.tables) {
        const result = await readTable(session, table, target.device.snmp.maxRepetitions);
        sample.rows.push(...result.rows);
        sample.refused.push(...result.refused);
      }
    }
    sample.durationMs = now() - started;
    return sample;
  } catch (err) {
    return { ...base, time: now(), durationMs: now() - started, ok: false, error: describeError(err) };
  } finally {
    session?.close();
  }
}

/** net-snmp's errors carry no secrets, but are terse: name the usual ones in a user's words. */
function describeError(err: unknown): string {
  const e = err as Error;
  if (e.name === 'RequestTimedOutError') return 'no answer (timed out)';
  return e.message || String(err);
}
