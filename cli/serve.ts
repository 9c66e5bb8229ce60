// `kapasitet serve`: collector, API and dashboard in one process; with no config, the demo
// municipality's simulated agents too.
import { cronExpression } from '../collector/collector.ts';
import { startSimulator, type RunningSimulator } from '../simulator/index.ts';
import { latestLessonStart } from '../simulator/school-day.ts';
import { demoSecrets, findConfig, number, reportConfigError, untilStopped, type CliOptions } from './options.ts';
import { startServer } from './server.ts';
import { demoAccountsLine, withDemoAccounts, type DemoAccount } from './demo-accounts.ts';

export async function serve(options: CliOptions & { 'no-collector'?: boolean }): Promise<number> {
  let source;
  let port: number | undefined;
  let speed: number | undefined;
  let seed: number | undefined;
  let interval: number | undefined;
  try {
    source = findConfig(options);
    port = number(options.port, 'port');
    speed = number(options.speed, 'speed');
    seed = number(options.seed, 'seed');
    interval = number(options.interval, 'interval');
    if (interval !== undefined) cronExpression(interval);
  } catch (err) {
    return reportConfigError(err);
  }
  let { config, secrets } = source;
  let simulator: RunningSimulator | undefined;
  let accounts: DemoAccount[] = [];
  if (source.demo) {
    simulator = await startSimulator(config, { seed, speed, simStart: latestLessonStart(Date.now(), config.municipalities[0]!.timezone) });
    ({ config, accounts } = await withDemoAccounts(simulator.config));
    secrets = demoSecrets(simulator.community);
    console.log(`demo: ${simulator.agents} simulated SNMP agents for ${config.municipalities.map((m) => m.name).join(', ')} on 127.0.0.1`);
  }
  let server;
  try {
    server = await startServer({ config, secrets, simulator, port, intervalSeconds: interval, collect: !options['no-collector'] });
  } catch (err) {
    // One sentence (which store or token, what is wrong), not a stack trace; the demo's agents stop.
    console.error(`kapasitet serve: ${(err as Error).message}`);
    await simulator?.stop();
    return 1;
  }
  console.log(`Kapasitet dashboard: ${server.url}/`);
  if (accounts.length) console.log(demoAccountsLine(accounts));
  console.log(`${await untilStopped()}: stopping`);
  await server.stop();
  return 0;
}
