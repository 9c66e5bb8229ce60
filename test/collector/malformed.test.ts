// Agents are untrusted: garbage packets, values of the wrong type and absurd values are refused with a
// reason and never crash the collector.
import { createSocket, type Socket } from 'node:dgram';
import snmp from 'net-snmp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceTarget } from '../../config/inventory.ts';
import { Secrets } from '../../config/secrets.ts';
import { pollDevice } from '../../collector/poll-device.ts';
import { loadProfiles } from '../../collector/profiles.ts';
import { freeUdpPorts } from '../../simulator/free-ports.ts';

const profiles = loadProfiles();
const secrets = Secrets.literal({ c: 'bad-agent' });
const target = (port: number): DeviceTarget => ({
  municipalityId: 'm',
  schoolId: 's',
  device: { id: 'odd', role: 'switch', snmp: { version: '2c', host: '127.0.0.1', port, community: { secret: 'c' }, timeoutMs: 500, retries: 0, maxRepetitions: 10, getBulk: true } },
  links: new Map(),
  accessPoints: new Map(),
});

describe('a misbehaving agent', () => {
  let agent: any;
  let garbage: Socket;
  let agentPort: number;
  let garbagePort: number;
  beforeAll(async () => {
    [agentPort = 0] = await freeUdpPorts(1);
    // A real agent whose ifXTable has the wrong types: ifName as an integer, ifHCInOctets as a string.
    agent = snmp.createAgent({ port: agentPort, address: '127.0.0.1' }, () => {});
    agent.getAuthorizer().addCommunity('bad-agent');
    const mib = agent.getMib();
    const RO = snmp.MaxAccess['read-only'];
    mib.registerProvider({ name: 'sysUpTime', type: snmp.MibProviderType.Scalar, oid: '1.3.6.1.2.1.1.3', scalarType: snmp.ObjectType.TimeTicks, maxAccess: RO });
    mib.setScalarValue('sysUpTime', 100);
    mib.registerProvider({
      name: 'ifXTable',
      type: snmp.MibProviderType.Table,
      oid: '1.3.6.1.2.1.31.1.1.1',
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: [
        { number: 1, name: 'ifName', type: snmp.ObjectType.Integer, maxAccess: RO },
        { number: 6, name: 'ifHCInOctets', type: snmp.ObjectType.OctetString, maxAccess: RO },
        { number: 15, name: 'ifHighSpeed', type: snmp.ObjectType.Gauge32, maxAccess: RO },
        // Readable, because net-snmp's agent stops answering when a walk ends on a not-accessible column.
        { number: 99, name: 'idx', type: snmp.ObjectType.Integer, maxAccess: RO },
      ],
      tableIndex: [{ columnName: 'idx' }],
    });
    mib.addTableRow('ifXTable', [7, 'lots', 4294967295, 42]);
    // A "device" that answers every request with bytes that are not SNMP.
    garbage = createSocket('udp4');
    garbage.on('message', (_msg, rinfo) => garbage.send(Buffer.from([0x30, 0x82, 0xff, 0xff, 0x02, 0x01]), rinfo.port, rinfo.address));
    await new Promise<void>((r) => garbage.bind(0, '127.0.0.1', () => r()));
    garbagePort = garbage.address().port;
  });
  afterAll(async () => {
    await new Promise((r) => agent?.close(r));
    garbage?.close();
  });

  it('refuses values of the wrong type, with the OID and the reason, and keeps the rest', async () => {
    const sample = await pollDevice(target(agentPort), profiles, secrets);
    expect(sample.ok).toBe(true);
    expect(sample.refused).toEqual(
      expect.arrayContaining([expect.stringMatching(/^1\.3\.6\.1\.2\.1\.31\.1\.1\.1\.1\.42: expected string, got ASN\.1 type 2$/), expect.stringMatching(/31\.1\.1\.1\.6\.42: expected counter64/)]),
    );
    const row = sample.rows.find((r) => r.entity === 'interface')!;
    expect(row.values.speedBps).toBe(4294967295e6);
    expect(row.values.name).toBeUndefined();
  });

  it('treats an answer that is not SNMP as no answer, and keeps running', async () => {
    const sample = await pollDevice(target(garbagePort), profiles, secrets);
    expect(sample.ok).toBe(false);
    expect(sample.error).toBeTruthy();
    // The process is still here to poll the good agent.
    expect((await pollDevice(target(agentPort), profiles, secrets)).ok).toBe(true);
  });
});
