// Agents that answer GetBulk badly: tables are walked with GetNext instead, with the same result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceTargets, type DeviceTarget } from '../../config/inventory.ts';
import { Secrets } from '../../config/secrets.ts';
import { pollDevice } from '../../collector/poll-device.ts';
import { loadProfiles } from '../../collector/profiles.ts';
import { demoConfig, DEMO_COMMUNITY_SECRET } from '../../simulator/demo.ts';
import { startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { udpRelay } from '../support/relay.ts';

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
    // As some old agents do, the relay silently drops GetBulk requests.
    const relay = await udpRelay(switchTarget.device.snmp.port, (msg) => pduTag(msg) !== GET_BULK_PDU);
    const direct = await pollDevice(switchTarget, profiles, secrets);
    const viaRelay = await pollDevice({ ...switchTarget, device: { ...switchTarget.device, snmp: { ...switchTarget.device.snmp, port: relay.port, timeoutMs: 300, retries: 0 } } }, profiles, secrets);
    relay.close();
    expect(viaRelay.ok).toBe(true);
    expect(interfaces(viaRelay.rows)).toEqual(interfaces(direct.rows));
    // One GetBulk was tried and dropped; the rest of the poll used GetNext.
    expect(relay.requests.filter((msg) => pduTag(msg) === GET_BULK_PDU)).toHaveLength(1);
    expect(viaRelay.refused).toEqual([expect.stringMatching(/^GetBulk on [\d.]+ failed \(.*\); walking with GetNext$/)]);
  });
});
