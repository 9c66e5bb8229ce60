// Agents that answer GetBulk badly: tables are walked with GetNext instead, with the same result.
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTargets, type DeviceTarget } from '../../config/inventory.ts';
import { Secrets } from '../../config/secrets.ts';
import { pollDevice } from '../../collector/poll-device.ts';
import { loadProfiles } from '../../collector/profiles.ts';
import { demoConfig, DEMO_COMMUNITY_SECRET } from '../../simulator/demo.ts';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';

const GET_BULK_PDU = 0xa5;

/** The tag of the PDU in a v1/v2c message: after the message header, the version and the community. */
function pduTag(msg: Buffer): number | undefined {
  let at = 1;
  const skipLength = () => {
    const first = msg[at++]!;
    if (first & 0x80) at += first & 0x7f;
  };
  const skipTlv = () => {
    at++;
    const first = msg[at]!;
    const length = first & 0x80 ? msg.readUIntBE(at + 1, first & 0x7f) : first;
    at += (first & 0x80 ? 1 + (first & 0x7f) : 1) + length;
  };
  skipLength();
  skipTlv(); // version
  skipTlv(); // community
  return msg[at];
}

/** A relay in front of an agent that silently drops GetBulk requests, as some old agents do. */
async function noBulkRelay(agentPort: number) {
  const front = createSocket('udp4');
  const back = createSocket('udp4');
  let client: { port: number; address: string } | undefined;
  let dropped = 0;
  front.on('message', (msg, rinfo) => {
    client = { port: rinfo.port, address: rinfo.address };
    if (pduTag(msg) === GET_BULK_PDU) dropped++;
    else back.send(msg, agentPort, '127.0.0.1');
  });
  back.on('message', (msg) => client && front.send(msg, client.port, client.address));
  // Port 0: the system picks a free one, so parallel test files never race for it.
  await new Promise<void>((r) => front.bind(0, '127.0.0.1', () => r()));
  const port = front.address().port;
  return { port, dropped: () => dropped, close: () => (front.close(), back.close()) };
}

describe('walking with GetNext', () => {
  let sim: RunningSimulator;
  let switchTarget: DeviceTarget;
  const secrets = Secrets.literal({ [DEMO_COMMUNITY_SECRET]: 'getnext-test' });
  const profiles = loadProfiles();
  const interfaces = (rows: { entity: string; key: string; values: Record<string, unknown> }[]) =>
    rows.filter((r) => r.entity === 'interface').map((r) => [r.key, r.values.name, r.values.speedBps, r.values.operStatus]);

  beforeAll(async () => {
    sim = await startSimulator(demoConfig(), { community: 'getnext-test' });
    switchTarget = deviceTargets(sim.config).find((t) => t.device.id === 'fb-a-sw')!;
  });
  afterAll(async () => sim?.stop());

  it('reads the same table with getBulk: false as with GetBulk', async () => {
    const bulk = await pollDevice(switchTarget, profiles, secrets);
    const next = await pollDevice({ ...switchTarget, device: { ...switchTarget.device, snmp: { ...switchTarget.device.snmp, getBulk: false } } }, profiles, secrets);
    expect(next.ok).toBe(true);
    expect(interfaces(next.rows)).toEqual(interfaces(bulk.rows));
    // Uplink, eight AP ports, management and a spare port.
    expect(interfaces(bulk.rows)).toHaveLength(11);
  });

  it('falls back to GetNext when the agent ignores GetBulk, and says so', async () => {
    const relay = await noBulkRelay(switchTarget.device.snmp.port);
    const direct = await pollDevice(switchTarget, profiles, secrets);
    const viaRelay = await pollDevice({ ...switchTarget, device: { ...switchTarget.device, snmp: { ...switchTarget.device.snmp, port: relay.port, timeoutMs: 300, retries: 0 } } }, profiles, secrets);
    relay.close();
    expect(viaRelay.ok).toBe(true);
    expect(interfaces(viaRelay.rows)).toEqual(interfaces(direct.rows));
    // One GetBulk was tried and dropped; the rest of the poll used GetNext.
    expect(relay.dropped()).toBe(1);
    expect(viaRelay.refused).toEqual([expect.stringMatching(/^GetBulk on [\d.]+ failed \(.*\); walking with GetNext$/)]);
  });
});
