// A device given on the command line (host[:port] and credentials) rather than in a config file:
// `kapasitet poll` and `kapasitet discover` use it to try a device before it is added.
import type { DeviceTarget } from '../config/inventory.ts';
import { ConfigError, formatPath } from '../config/load.ts';
import { snmpSchema, type DeviceConfig, type SnmpConfig } from '../config/schema.ts';
import { Secrets } from '../config/secrets.ts';

export interface SnmpCliOptions {
  community?: string;
  'v3-user'?: string;
  'auth-protocol'?: string;
  'auth-key-env'?: string;
  'priv-protocol'?: string;
  'priv-key-env'?: string;
  profile?: string;
}

export const isAdHoc = (options: SnmpCliOptions) => options.community !== undefined || options['v3-user'] !== undefined;

/** The SNMP settings the options describe; keys stay in the environment variables they name. */
export function adHocSnmp(address: string, options: SnmpCliOptions): SnmpConfig {
  const [host, port] = address.split(':');
  const fromEnv = (name: string | undefined) => (name ? { env: name } : undefined);
  const raw = options['v3-user']
    ? {
        version: '3',
        host,
        port: port ? Number(port) : 161,
        user: options['v3-user'],
        level: options['priv-key-env'] ? 'authPriv' : options['auth-key-env'] ? 'authNoPriv' : 'noAuthNoPriv',
        authProtocol: options['auth-protocol'] ?? (options['auth-key-env'] ? 'sha' : undefined),
        authKey: fromEnv(options['auth-key-env']),
        privProtocol: options['priv-protocol'] ?? (options['priv-key-env'] ? 'aes' : undefined),
        privKey: fromEnv(options['priv-key-env']),
      }
    : { version: '2c', host, port: port ? Number(port) : 161, community: { secret: 'community' } };
  const parsed = snmpSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError('command line', parsed.error.issues.map((i) => ({ path: formatPath(i.path as PropertyKey[]), message: i.message })));
  }
  return parsed.data;
}

export function adHocTarget(address: string, options: SnmpCliOptions, profiles = options.profile ? [options.profile] : undefined): { target: DeviceTarget; secrets: Secrets } {
  const device: DeviceConfig = { id: address, role: 'switch', snmp: adHocSnmp(address, options), profiles };
  const secrets = Secrets.literal(options.community !== undefined ? { community: options.community } : {}, process.env);
  return { target: { municipalityId: 'ad-hoc', schoolId: 'ad-hoc', device, links: new Map(), accessPoints: new Map() }, secrets };
}
