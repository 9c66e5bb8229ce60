// `kapasitet simulate`: only the simulated agents, for pointing another poller (or a second
// Kapasitet) at them. Prints each device's port.
import { allDevices, startSimulator } from '../simulator/index.ts';
import { findConfig, number, reportConfigError, untilStopped, type CliOptions } from './options.ts';

export async function simulate(options: CliOptions): Promise<number> {
  let source;
  try {
    source = findConfig(options);
    const sim = await startSimulator(source.config, {
      seed: number(options.seed, 'seed'),
      speed: number(options.speed, 'speed'),
      keepPorts: !source.demo,
      community: process.env.KAPASITET_SIM_COMMUNITY,
    });
    for (const d of allDevices(sim.config)) console.log(`${d.id}\t${d.role}\t127.0.0.1:${d.snmp.port}`);
    console.log(process.env.KAPASITET_SIM_COMMUNITY ? 'community: from KAPASITET_SIM_COMMUNITY' : `community: ${sim.community} (set KAPASITET_SIM_COMMUNITY to choose one)`);
    await untilStopped();
    await sim.stop();
    return 0;
  } catch (err) {
    return reportConfigError(err);
  }
}
