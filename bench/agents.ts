// The agents a polling benchmark reads, in their own process so that their CPU is not counted
// against the poller: `tsx bench/agents.ts DEVICES INTERFACES APS [FIRST]` (switches numbered from
// FIRST, so that several such processes serve one benchmark between them). Each device is a switch with
// INTERFACES ports (IF-MIB, 64-bit counters moving at steady rates); APS access points sit on one
// WLAN controller (AIRESPACE-WIRELESS-MIB). Prints one JSON line with the ports when all listen.
import { randomBytes } from 'node:crypto';
import { startAgent, type RunningAgent } from '../simulator/agent.ts';
import { freeUdpPorts } from '../simulator/free-ports.ts';
import type { SimAccessPoint, SimDevice, SimInterface } from '../simulator/world.ts';

const [devices, interfaces, aps, first = 0] = process.argv.slice(2).map(Number) as [number, number, number, number?];
const community = process.env.BENCH_COMMUNITY ?? randomBytes(12).toString('hex');

function ports(n: number): SimInterface[] {
  return Array.from({ length: n }, (_, i) => ({
    index: i + 1,
    name: `Gi1/0/${i + 1}`,
    descr: `GigabitEthernet1/0/${i + 1}`,
    alias: `port ${i + 1}`,
    speedMbps: 1000,
    up: i % 12 !== 11,
    rates: () => ({ inBps: 2e6 + i * 1e5, outBps: 1e6 + i * 5e4 }),
  }));
}

function device(id: string, role: 'switch' | 'wlan-controller', accessPoints: SimAccessPoint[] = []): SimDevice {
  return {
    config: { id, role, name: id, snmp: { version: '2c', host: '127.0.0.1', port: 161, community: { secret: 'bench' } } } as SimDevice['config'],
    sysName: id,
    sysDescr: `bench ${role}`,
    sysObjectID: role === 'switch' ? '1.3.6.1.4.1.9.1.516' : '1.3.6.1.4.1.9.1.1069',
    interfaces: ports(role === 'switch' ? interfaces : 4),
    accessPoints,
  };
}

const sims = Array.from({ length: devices }, (_, i) => device(`sw${first + i}`, 'switch'));
if (aps > 0) {
  const list = Array.from({ length: aps }, (_, i) => ({
    mac: [0, 0x1a, 0x1e, 0x20, i >> 8, i & 0xff],
    name: `AP${i}`,
    location: 'bench',
    radios: [0, 1].map((slot) => ({ slot, clients: () => 10 + (i % 20), channelUtilisation: () => 30 + (i % 40) })),
  }));
  sims.push(device('wlc', 'wlan-controller', list));
}

const agents: RunningAgent[] = [];
const free = await freeUdpPorts(sims.length);
for (const [i, sim] of sims.entries()) agents.push(await startAgent(sim, { port: free[i]!, community, simTime: (t) => t }));
console.log(JSON.stringify({ community, devices: sims.map((s, i) => ({ id: s.config.id, role: s.config.role, port: agents[i]!.port })) }));
process.on('SIGTERM', () => void Promise.all(agents.map((a) => a.close())).then(() => process.exit(0)));
