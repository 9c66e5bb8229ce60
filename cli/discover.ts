// `kapasitet discover <address>`: asks a device what it is (sysObjectID, sysDescr), probes which
// profiles have data on it, reads its interfaces and access points with those, and proposes the
// config for it. The engineer pastes the snippet into the config and checks the guesses.
import { stringify } from 'yaml';
import type { AccessPointConfig, DeviceConfig, SnmpConfig } from '../config/schema.ts';
import { ConfigError } from '../config/load.ts';
import { deviceText } from '../collector/decode.ts';
import { pollDevice } from '../collector/poll-device.ts';
import type { Profile } from '../collector/profile-schema.ts';
import { loadProfiles, matchesSysObjectId, probeProfiles, profilesFor } from '../collector/profiles.ts';
import { get, openSession } from '../collector/snmp-session.ts';
import { interfaceName } from '../collector/to-points.ts';
import { reportedAps, type ReportedAp } from '../collector/wifi-points.ts';
import { adHocTarget, isAdHoc, type SnmpCliOptions } from './ad-hoc-target.ts';
import { reportConfigError } from './options.ts';

export interface DiscoverOptions extends SnmpCliOptions {
  json?: boolean;
}

const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
const SYS_OBJECT_ID = '1.3.6.1.2.1.1.2.0';
const SYS_NAME = '1.3.6.1.2.1.1.5.0';

export async function discover(address: string | undefined, options: DiscoverOptions): Promise<number> {
  let plain: ReturnType<typeof adHocTarget>;
  try {
    if (!address) throw new ConfigError('command line', [{ path: 'discover', message: 'give the device as host[:port]' }]);
    if (!isAdHoc(options)) throw new ConfigError('command line', [{ path: 'discover', message: 'give --community or --v3-user' }]);
    plain = adHocTarget(address, options, []);
  } catch (err) {
    return reportConfigError(err);
  }
  const profiles = loadProfiles();
  let identity: Identity;
  let applicable: Profile[];
  const session = openSession(plain.target.device.snmp, plain.secrets);
  try {
    identity = await identify(session);
    applicable = await applicableProfiles(session, profiles, identity.sysObjectID);
  } catch (err) {
    console.error(`kapasitet discover: ${address}: ${(err as Error).name === 'RequestTimedOutError' ? 'no answer (timed out)' : (err as Error).message}`);
    return 1;
  } finally {
    session.close();
  }
  const names = applicable.map((p) => p.name);
  const { target, secrets } = adHocTarget(address, options, names);
  const sample = await pollDevice(target, profiles, secrets);
  const aps = reportedAps(sample, identity.id);
  const interfaces = sample.rows.filter((r) => r.entity === 'interface');
  const proposal = propose(identity, target.device.snmp, names, aps, interfaces.length, profiles);
  const found = {
    sysName: identity.sysName,
    sysObjectID: identity.sysObjectID,
    sysDescr: identity.sysDescr,
    profiles: names,
    interfaces: interfaces.map((r) => ({ name: interfaceName(r), speedMbps: typeof r.values.speedBps === 'number' ? r.values.speedBps / 1e6 : undefined, status: r.values.operStatus })),
    accessPoints: aps.map(({ key: _key, ...ap }) => ap),
    refused: sample.refused,
  };
  if (options.json) console.log(JSON.stringify({ found, proposal }, null, 2));
  else console.log(describe(found, proposal));
  return 0;
}

interface Identity {
  id: string;
  sysName: string;
  sysObjectID?: string;
  sysDescr: string;
}

async function identify(session: ReturnType<typeof openSession>): Promise<Identity> {
  const [descr, objectId, name] = await get(session, [SYS_DESCR, SYS_OBJECT_ID, SYS_NAME]);
  const sysName = Buffer.isBuffer(name?.value) ? deviceText(name.value) : '';
  return {
    id: configId(sysName) || 'new-device',
    sysName,
    sysObjectID: typeof objectId?.value === 'string' ? objectId.value : undefined,
    sysDescr: Buffer.isBuffer(descr?.value) ? deviceText(descr.value) : '',
  };
}

/** Profiles which its sysObjectID selects, or whose probe column has rows on this device. */
async function applicableProfiles(session: ReturnType<typeof openSession>, profiles: Map<string, Profile>, sysObjectID: string | undefined): Promise<Profile[]> {
  const all = [...profiles.values()];
  const probed = await probeProfiles(session, all.filter((p) => !matchesSysObjectId(p, sysObjectID)));
  return all.filter((p) => matchesSysObjectId(p, sysObjectID) || probed.includes(p));
}

/** sysName as a config id: the letters, digits, dots and dashes of it, lower case. */
function configId(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '')
    .slice(0, 63);
}

interface Proposal {
  role: DeviceConfig['role'];
  device: Record<string, unknown>;
  accessPoints: Omit<AccessPointConfig, 'generation'>[];
}

/**
 * The device's config and the access points it reports. The role is a guess from what answered: a
 * controller reports APs with their own rows, an AP polled directly has radios of its own.
 */
function propose(identity: Identity, snmpConfig: SnmpConfig, names: string[], aps: ReportedAp[], interfaceCount: number, profiles: Map<string, Profile>): Proposal {
  const direct = aps.some((ap) => ap.key === '');
  const role: DeviceConfig['role'] = aps.length > 0 && !direct ? 'wlan-controller' : direct ? 'access-point' : interfaceCount > 8 ? 'switch' : 'router';
  // Name the profiles only where the role and sysObjectID would not choose the same ones.
  const chosen = profilesFor({ id: identity.id, role, snmp: snmpConfig }, profiles, identity.sysObjectID).map((p) => p.name);
  const sameAsAuto = chosen.length === names.length && chosen.every((n) => names.includes(n));
  const { host, port, version } = snmpConfig;
  const credentials =
    snmpConfig.version === '3'
      ? { user: snmpConfig.user, level: snmpConfig.level, authProtocol: snmpConfig.authProtocol, authKey: snmpConfig.authKey, privProtocol: snmpConfig.privProtocol, privKey: snmpConfig.privKey }
      : { community: { env: 'KAPASITET_SNMP_COMMUNITY' } };
  const device = { id: identity.id, role, ...(sameAsAuto ? {} : { profiles: names }), snmp: { version, host, port, ...credentials } };
  // Ids share one namespace in the config: an AP polled directly cannot take its device's id.
  const apId = (ap: ReportedAp) => (direct ? `${identity.id}-ap` : configId(ap.name) || 'ap');
  const accessPoints = aps.map((ap) => ({ id: apId(ap), name: ap.name, ...(ap.mac ? { mac: ap.mac } : {}), controller: identity.id }));
  return { role, device, accessPoints };
}

function describe(found: { sysName: string; sysObjectID?: string; sysDescr: string; profiles: string[]; interfaces: { name: string; speedMbps?: number; status?: unknown }[]; accessPoints: Omit<ReportedAp, 'key'>[]; refused: string[] }, proposal: Proposal): string {
  const lines = [
    `# ${found.sysName || '(no sysName)'}  ${found.sysObjectID ?? '(no sysObjectID)'}`,
    `# ${found.sysDescr}`,
    `# profiles with data: ${found.profiles.join(', ') || 'none'}`,
    `# ${found.interfaces.length} interfaces: ${found.interfaces.slice(0, 16).map((i) => `${i.name} ${i.speedMbps ?? '?'} Mbit/s ${i.status ?? ''}`.trim()).join('; ')}${found.interfaces.length > 16 ? '; …' : ''}`,
    `# ${found.accessPoints.length} access points, ${found.accessPoints.reduce((n, ap) => n + ap.clients, 0)} clients`,
    ...found.refused.map((r) => `# refused: ${r}`),
    `# Role "${proposal.role}" is a guess from what answered: check it. Put the device under its school's or`,
    '# building\'s `devices`, each access point under the building it stands in, and give each a `generation`.',
  ];
  const snippet = { devices: [proposal.device], ...(proposal.accessPoints.length > 0 ? { accessPoints: proposal.accessPoints } : {}) };
  return `${lines.join('\n')}\n${stringify(snippet)}`;
}
