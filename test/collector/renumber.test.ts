// A switch renumbers its interfaces without restarting (a stack member added, a module swapped): the
// names kept between refreshes must not put another port's traffic on the internet line. The agent
// announces it in ifTableLastChange, and the very next poll reads the names again. An agent without
// ifTableLastChange is caught by asking the configured links' rows their names each poll.
import snmp from 'net-snmp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollDevice } from '../../collector/poll-device.ts';
import { loadProfiles } from '../../collector/profiles.ts';
import { StaticValues } from '../../collector/static-values.ts';
import type { DeviceTarget } from '../../config/inventory.ts';
import { Secrets } from '../../config/secrets.ts';
import { freeUdpPorts } from '../../simulator/free-ports.ts';

const MINUTE = 60_000;
const secrets = Secrets.literal({ c: 'renumber-test' });

describe('interfaces renumbered without a restart', () => {
  let agent: any;
  let target: DeviceTarget;
  const rows = (names: string[]) => {
    const mib = agent.getMib();
    names.forEach((name, i) => {
      mib.addTableRow('ifTable', [i + 1, name, 1, 0, 0]);
      mib.addTableRow('ifXTable', [i + 1, name]);
    });
  };

  beforeAll(async () => {
    const [port] = await freeUdpPorts(1);
    agent = snmp.createAgent({ port, address: '127.0.0.1' }, () => {});
    agent.getAuthorizer().addCommunity('renumber-test');
    const mib = agent.getMib();
    const RO = snmp.MaxAccess['read-only'];
    const T = snmp.ObjectType;
    mib.registerProviders([
      { name: 'sysUpTime', type: snmp.MibProviderType.Scalar, oid: '1.3.6.1.2.1.1.3', scalarType: T.TimeTicks, maxAccess: RO },
      { name: 'ifTableLastChange', type: snmp.MibProviderType.Scalar, oid: '1.3.6.1.2.1.31.1.5', scalarType: T.TimeTicks, maxAccess: RO },
      {
        name: 'ifTable',
        type: snmp.MibProviderType.Table,
        oid: '1.3.6.1.2.1.2.2.1',
        maxAccess: snmp.MaxAccess['not-accessible'],
        tableColumns: [
          { number: 1, name: 'ifIndex', type: T.Integer, maxAccess: RO },
          { number: 2, name: 'ifDescr', type: T.OctetString, maxAccess: RO },
          { number: 8, name: 'ifOperStatus', type: T.Integer, maxAccess: RO },
          { number: 10, name: 'ifInOctets', type: T.Counter32, maxAccess: RO },
          { number: 16, name: 'ifOutOctets', type: T.Counter32, maxAccess: RO },
        ],
        tableIndex: [{ columnName: 'ifIndex' }],
      },
      {
        name: 'ifXTable',
        type: snmp.MibProviderType.Table,
        oid: '1.3.6.1.2.1.31.1.1.1',
        maxAccess: snmp.MaxAccess['not-accessible'],
        tableColumns: [{ number: 1, name: 'ifName', type: T.OctetString, maxAccess: RO }],
        tableAugments: 'ifTable',
      },
    ]);
    mib.setScalarValue('sysUpTime', 500_000);
    mib.setScalarValue('ifTableLastChange', 100);
    rows(['Gi0/1', 'Gi0/2', 'Gi0/3']);
    target = {
      municipalityId: 'm',
      schoolId: 's',
      device: { id: 'rtr', role: 'router', profiles: ['if-mib'], snmp: { version: '2c', host: '127.0.0.1', port: port!, community: { secret: 'c' }, timeoutMs: 1000, retries: 0, maxRepetitions: 10, getBulk: true } },
      links: new Map(),
      accessPoints: new Map(),
    } as unknown as DeviceTarget;
  });
  afterAll(async () => new Promise((r) => agent?.close(r)));

  const namesByIndex = async (statics: StaticValues) => {
    const sample = await pollDevice(target, loadProfiles(), secrets, Date.now, statics);
    expect(sample.ok).toBe(true);
    return Object.fromEntries(sample.rows.filter((r) => r.entity === 'interface').map((r) => [r.key, r.values.name]));
  };

  it('reads the names again in the first poll after ifTableLastChange moved', async () => {
    const statics = new StaticValues(15 * MINUTE);
    expect(await namesByIndex(statics)).toEqual({ '1': 'Gi0/1', '2': 'Gi0/2', '3': 'Gi0/3' });
    // Index 1 is now what was Gi0/3: the internet line's traffic would be another port's.
    const mib = agent.getMib();
    for (const i of [1, 2, 3]) {
      mib.deleteTableRow('ifXTable', [i]);
      mib.deleteTableRow('ifTable', [i]);
    }
    rows(['Gi0/3', 'Gi0/1', 'Gi0/2']);
    mib.setScalarValue('ifTableLastChange', 200);
    expect(await namesByIndex(statics)).toEqual({ '1': 'Gi0/3', '2': 'Gi0/1', '3': 'Gi0/2' });
  });

  it('reads the names again in the first poll after a renumbering the agent does not announce, where it moved a link', async () => {
    const mib = agent.getMib();
    const renumber = (names: string[]) => {
      for (const i of [1, 2, 3]) {
        mib.deleteTableRow('ifXTable', [i]);
        mib.deleteTableRow('ifTable', [i]);
      }
      rows(names);
    };
    // An agent that has no ifTableLastChange at all.
    mib.unregisterProvider('ifTableLastChange');
    renumber(['Gi0/1', 'Gi0/2', 'Gi0/3']);
    const linked = { ...target, links: new Map([['Gi0/2', { kind: 'uplink', capacityMbps: 200 }]]) } as unknown as DeviceTarget;
    const statics = new StaticValues(15 * MINUTE);
    const poll = async () => {
      const sample = await pollDevice(linked, loadProfiles(), secrets, Date.now, statics);
      expect(sample.ok).toBe(true);
      return Object.fromEntries(sample.rows.filter((r) => r.entity === 'interface').map((r) => [r.key, r.values.name]));
    };
    expect(await poll()).toEqual({ '1': 'Gi0/1', '2': 'Gi0/2', '3': 'Gi0/3' });
    // Unchanged, the kept names are used (nothing to see here but that the check lets them be).
    expect(await poll()).toEqual({ '1': 'Gi0/1', '2': 'Gi0/2', '3': 'Gi0/3' });
    renumber(['Gi0/3', 'Gi0/1', 'Gi0/2']);
    expect(await poll()).toEqual({ '1': 'Gi0/3', '2': 'Gi0/1', '3': 'Gi0/2' });
  });
});
