// One poll of one device: the system group, then every table of its profiles. Returns what was read
// or why the device did not answer; it never throws for a device's faults.
import snmp from 'net-snmp';
import type { DeviceTarget } from '../config/inventory.ts';
import type { DeviceConfig } from '../config/schema.ts';
import type { Secrets } from '../config/secrets.ts';
import type { Profile } from './profile-schema.ts';
import { decodeValue, deviceText } from './decode.ts';
import { probeProfiles, profilesFor, replacedBy } from './profiles.ts';
import type { ProbedProfiles } from './probed-profiles.ts';
import { readTable, type Row } from './read-table.ts';
import { get, openSession } from './snmp-session.ts';
import type { KnownRow, StaticValues } from './static-values.ts';

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
  /** Objects the agent sent in this poll (system group, clock readings and table columns). */
  varbinds: number;
  /** Profiles found by their probe in this poll (at a device's first poll and after a restart). */
  probed?: string[];
}

const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
const SYS_NAME = '1.3.6.1.2.1.1.5.0';
const SYS_OBJECT_ID = '1.3.6.1.2.1.1.2.0';

export async function pollDevice(
  target: DeviceTarget,
  profiles: Map<string, Profile>,
  secrets: Secrets,
  now: () => number = Date.now,
  /** Names and descriptions read at an earlier poll, reused while fresh; without it, all is read. */
  statics?: StaticValues,
  /** Profiles found by their probe at an earlier poll; with it, a device that no profile matches by role or sysObjectID is probed. */
  probed?: ProbedProfiles,
): Promise<DeviceSample> {
  const started = now();
  const refused: string[] = [];
  const snmpConfig = target.device.snmp;
  // However an agent misbehaves, one poll ends by this deadline, so one device never holds up a cycle.
  const deadlineMs = Math.max(30_000, 10 * snmpConfig.timeoutMs * (snmpConfig.retries + 1));
  let session: snmp.Session | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    session = openSession(snmpConfig, secrets);
    // A packet that does not parse as SNMP is reported here; the request it was meant for then times out.
    session.on('error', (err: Error) => refused.push(`unparseable packet: ${err.message}`));
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`poll took longer than ${deadlineMs / 1000} s`)), deadlineMs);
    });
    const sample = await Promise.race([readDevice(session, target, profiles, refused, now, statics, probed), deadline]);
    return { ...sample, durationMs: now() - started };
  } catch (err) {
    return { deviceId: target.device.id, rows: [], refused, varbinds: 0, time: now(), durationMs: now() - started, ok: false, error: describeError(err) };
  } finally {
    clearTimeout(timer);
    session?.close();
  }
}

async function readDevice(
  session: snmp.Session,
  target: DeviceTarget,
  profiles: Map<string, Profile>,
  refused: string[],
  now: () => number,
  statics: StaticValues | undefined,
  probed: ProbedProfiles | undefined,
): Promise<DeviceSample> {
  const [uptime, name, objectId] = await get(session, [SYS_UPTIME, SYS_NAME, SYS_OBJECT_ID]);
  const sample: DeviceSample = {
    deviceId: target.device.id,
    time: now(),
    durationMs: 0,
    ok: true,
    sysUpTimeTicks: typeof uptime?.value === 'number' ? uptime.value : undefined,
    sysName: Buffer.isBuffer(name?.value) ? deviceText(name.value) : undefined,
    sysObjectID: typeof objectId?.value === 'string' ? objectId.value : undefined,
    rows: [],
    refused,
    varbinds: 3,
  };
  const snmpConfig = target.device.snmp;
  const mode = { bulk: snmpConfig.version !== '1' && snmpConfig.getBulk, maxRepetitions: snmpConfig.maxRepetitions };
  const chosen = await chooseProfiles(session, target.device, profiles, sample, probed);
  const markers = statics ? await changeMarkers(session, chosen, sample) : new Map<string, string>();
  for (const profile of chosen) {
    for (const [i, table] of profile.tables.entries()) {
      const key = `${target.device.id}/${profile.name}/${i}`;
      const marker = table.changedWhen ? markers.get(table.changedWhen) : undefined;
      let known = statics?.usable(key, sample.time, sample.sysUpTimeTicks, marker);
      // No change marker to say rows were renumbered: the links' own rows are asked their names.
      if (known && marker === undefined && !(await linksStillNamed(session, target, known, sample))) known = undefined;
      const clock = () => {
        sample.varbinds++;
        return uptimeNow(session);
      };
      const result = await readTable(session, table, mode, clock, known);
      sample.varbinds += result.varbinds;
      if (result.statics) statics?.remember(key, sample.time, sample.sysUpTimeTicks, result.statics, marker);
      const rows = table.keepWhere ? result.rows.filter((row) => kept(row, table.keepWhere!)) : result.rows;
      if (table.virtualWhen) markVirtual(rows, table.virtualWhen);
      sample.rows.push(...rows);
      refused.push(...result.refused);
    }
  }
  return sample;
}

/**
 * The profiles the config names, or those its role and sysObjectID select plus those whose probe
 * answered: probed at the first poll and after a restart, remembered in between.
 */
async function chooseProfiles(session: snmp.Session, device: DeviceConfig, profiles: Map<string, Profile>, sample: DeviceSample, probed: ProbedProfiles | undefined): Promise<Profile[]> {
  const matched = profilesFor(device, profiles, sample.sysObjectID);
  if (device.profiles || !probed) return matched;
  let names = probed.usable(device.id, sample.sysUpTimeTicks);
  if (!names) {
    const replaced = replacedBy(matched, sample.sysObjectID);
    const candidates = [...profiles.values()].filter((p) => p.match.probe && !matched.includes(p) && !replaced.has(p.name));
    const found = await probeProfiles(session, candidates);
    // One GetNext per probe, each answered with one object.
    sample.varbinds += candidates.length;
    names = found.map((p) => p.name);
    probed.remember(device.id, sample.sysUpTimeTicks, names);
    sample.probed = names;
  }
  return [...matched, ...names.map((name) => profiles.get(name)!)];
}

/**
 * The tables' change markers (profile `changedWhen`), in one request: OID → value. An agent without
 * them (noSuchObject, or a v1 agent's noSuchName) gives none, and static columns then refresh on
 * their timer only.
 */
async function changeMarkers(session: snmp.Session, chosen: Profile[], sample: DeviceSample): Promise<Map<string, string>> {
  const oids = [...new Set(chosen.flatMap((p) => p.tables.flatMap((t) => (t.changedWhen ? [t.changedWhen] : []))))];
  const markers = new Map<string, string>();
  if (oids.length === 0) return markers;
  let varbinds: snmp.Varbind[] = [];
  try {
    varbinds = await get(session, oids);
  } catch {
    return markers;
  }
  sample.varbinds += varbinds.length;
  for (const vb of varbinds) if (!snmp.isVarbindError(vb) && vb.value !== null && vb.value !== undefined) markers.set(vb.oid, String(vb.value));
  return markers;
}

/** The static columns a link is found by (to-points.ts, linkOf): its interface's name or description. */
const LINK_NAMES = ['name', 'descr'];

/**
 * Whether the rows that the kept names put the config's links on still have those names: one GET of
 * their name columns. An agent without ifTableLastChange may renumber its interfaces between two
 * readings of the names; without this, another port's traffic would be stored as the link's until
 * the names were next read. Rows are found by a one-part index (the interface's), as the OID ends.
 */
async function linksStillNamed(session: snmp.Session, target: DeviceTarget, known: Map<string, KnownRow>, sample: DeviceSample): Promise<boolean> {
  if (target.links.size === 0) return true;
  const asked: { oid: string; row: KnownRow; field: string }[] = [];
  for (const [key, row] of known) {
    // The column the link was found by: its row is asked that name again.
    const field = LINK_NAMES.find((f) => row.sources[f] && target.links.has(String(row.values[f] ?? '')));
    if (field && /^\d+$/.test(key)) asked.push({ oid: `${row.sources[field]!.oid}.${key}`, row, field });
  }
  if (asked.length === 0) return true;
  let answers: snmp.Varbind[];
  try {
    answers = await get(session, asked.map((a) => a.oid));
  } catch {
    return false;
  }
  sample.varbinds += answers.length;
  return asked.every((a, i) => {
    const answer = answers[i];
    return answer !== undefined && decodeValue(answer, a.row.sources[a.field]!) === a.row.values[a.field];
  });
}

/** Whether a row belongs to its table's entity by the profile's keepWhere rule. */
function kept(row: Row, rule: { field: string; startsWith: string[] }): boolean {
  const value = row.values[rule.field];
  return value !== undefined && rule.startsWith.some((prefix) => String(value).startsWith(prefix));
}

/** Rows of a radio table that are virtual APs become vaps, without the field that gave them away. */
function markVirtual(rows: Row[], rule: { field: string; in: string[] }): void {
  for (const row of rows) {
    if (!rule.in.includes(String(row.values[rule.field]))) continue;
    row.entity = 'vap';
    delete row.values[rule.field];
  }
}

/** The agent's sysUpTime now, or undefined when it does not say. */
async function uptimeNow(session: snmp.Session): Promise<number | undefined> {
  const [uptime] = await get(session, [SYS_UPTIME]);
  return typeof uptime?.value === 'number' ? uptime.value : undefined;
}

/** net-snmp's errors carry no secrets, but are terse: name the usual ones in a user's words. */
function describeError(err: unknown): string {
  const e = err as Error;
  if (e.name === 'RequestTimedOutError') return 'no answer (timed out)';
  return e.message || String(err);
}
