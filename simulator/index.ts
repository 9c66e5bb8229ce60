// Runs a simulated municipality: one SNMP agent per configured device on its own loopback UDP port.
import { randomBytes } from 'node:crypto';
import type { Config, DeviceConfig } from '../config/schema.ts';
import { startAgent, type RunningAgent } from './agent.ts';
import { freeUdpPorts } from './free-ports.ts';
import { buildWorld } from './world.ts';

export interface SimulatorOptions {
  seed?: number;
  /** Simulated time runs this many times faster than real time (a school day in 8 minutes at 60). */
  speed?: number;
  /** The simulated instant at start; default: the real time. */
  simStart?: number;
  /** Busy-hour traffic per device in a lesson. */
  mbpsPerDevice?: number;
  /** Use the ports in the config instead of free ones. */
  keepPorts?: boolean;
  /** The community every agent answers to; random when absent. */
  community?: string;
}

export interface RunningSimulator {
  /** The config with each device's port set to its agent's. */
  config: Config;
  community: string;
  agents: number;
  stop(): Promise<void>;
}

export function allDevices(config: Config): DeviceConfig[] {
  return config.schools.flatMap((s) => [...s.devices, ...s.buildings.flatMap((b) => b.devices)]);
}

export async function startSimulator(input: Config, options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const config: Config = structuredClone(input);
  const devices = allDevices(config);
  const ports = options.keepPorts ? devices.map((d) => d.snmp.port) : await freeUdpPorts(devices.length);
  devices.forEach((d, i) => {
    d.snmp.host = '127.0.0.1';
    d.snmp.port = ports[i]!;
  });
  const realStart = Date.now();
  const simStart = options.simStart ?? realStart;
  const speed = options.speed ?? 1;
  const simTime = (realMs: number) => simStart + (realMs - realStart) * speed;
  const community = options.community ?? randomBytes(12).toString('hex');
  const world = buildWorld(config, { seed: options.seed ?? 1, mbpsPerDevice: options.mbpsPerDevice ?? 0.7, simNow: simStart });
  const agents: RunningAgent[] = [];
  try {
    for (const device of world) agents.push(await startAgent(device, { port: device.config.snmp.port, community, simTime }));
  } catch (err) {
    await Promise.all(agents.map((a) => a.close()));
    throw err;
  }
  return {
    config,
    community,
    agents: agents.length,
    stop: async () => {
      await Promise.all(agents.map((a) => a.close()));
    },
  };
}
