// Runs a simulated municipality: one SNMP agent per configured device on its own loopback UDP port.
import { randomBytes } from 'node:crypto';
import type { Config, DeviceConfig } from '../config/schema.ts';
import { startAgent, type AgentOptions, type RunningAgent } from './agent.ts';
import { freeUdpPorts } from './free-ports.ts';
import { deviceTargets } from '../config/inventory.ts';
import type { Point } from '../store/point.ts';
import { pointsAt } from './history.ts';
import { exportFlows } from './flow-exporter.ts';
import { hasFlows, municipalityOf } from '../config/inventory.ts';
import { buildWorld, type SimDevice } from './world.ts';

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
  /**
   * What the collector would have stored at a past instant, on the real timetable: the live agents'
   * clock may be shifted to a lesson (simStart), the history is not, so its weekday × hour grid is true.
   */
  pointsAt(time: number): Point[];
  /** Starts the simulated router's IPFIX export to the flow receiver's port on loopback. */
  exportFlowsTo(port: number): void;
  stop(): Promise<void>;
}

export function allDevices(config: Config): DeviceConfig[] {
  return config.schools.flatMap((s) => [...s.devices, ...s.buildings.flatMap((b) => b.devices)]);
}

/**
 * Starts a device's agent on `port`, or on a free port. A free port can be taken by another process
 * between being found and being bound (parallel test runs do this); then another one is tried.
 */
async function startOnFreePort(device: SimDevice, options: Omit<AgentOptions, 'port'>, port?: number): Promise<RunningAgent> {
  if (port !== undefined) return startAgent(device, { ...options, port });
  for (let attempt = 1; ; attempt++) {
    const [free] = await freeUdpPorts(1);
    try {
      return await startAgent(device, { ...options, port: free! });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 5) throw err;
    }
  }
}

export async function startSimulator(input: Config, options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const config: Config = structuredClone(input);
  const realStart = Date.now();
  const simStart = options.simStart ?? realStart;
  const speed = options.speed ?? 1;
  const simTime = (realMs: number) => simStart + (realMs - realStart) * speed;
  const community = options.community ?? randomBytes(12).toString('hex');
  const world = buildWorld(config, { seed: options.seed ?? 1, mbpsPerDevice: options.mbpsPerDevice ?? 0.7, simNow: simStart });
  const agents: RunningAgent[] = [];
  try {
    for (const device of world) {
      const agent = await startOnFreePort(device, { community, simTime }, options.keepPorts ? device.config.snmp.port : undefined);
      agents.push(agent);
      // The device objects in `world` are the config's own, so this sets the port the collector polls.
      device.config.snmp.host = '127.0.0.1';
      device.config.snmp.port = agent.port;
    }
  } catch (err) {
    await Promise.all(agents.map((a) => a.close()));
    throw err;
  }
  const targets = deviceTargets(config);
  let stopExport: (() => Promise<void>) | undefined;
  const flowSchools = new Map(config.schools.filter((s) => hasFlows(config, s.id)).map((s) => [s.id, municipalityOf(config, s).timezone]));
  return {
    config,
    community,
    agents: agents.length,
    pointsAt: (time) => pointsAt(world, targets, time, time, flowSchools),
    exportFlowsTo: (port) => {
      stopExport = exportFlows(config, world, simTime, port);
    },
    stop: async () => {
      await stopExport?.();
      await Promise.all(agents.map((a) => a.close()));
    },
  };
}
