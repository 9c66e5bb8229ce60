// The `kapasitet` command: serve, simulate, check, plan.
import { parseArgs } from 'node:util';
import { check } from './check.ts';
import { plan } from './plan.ts';
import { serve } from './serve.ts';
import { simulate } from './simulate.ts';

const USAGE = `usage: kapasitet <command> [options]

  serve     collector, API and dashboard (the demo municipality when no config is found)
  simulate  only the simulated SNMP agents
  check     validate a config file
  plan      print the upgrade recommendations

options:
  --config FILE   config file (default: ./kapasitet.yaml when present)
  --port N        HTTP port for serve (default: the config's, or 8080)
  --data DIR      where the demo keeps its embedded store (default: ./data)
  --interval N    serve: poll every N seconds (overrides the config)
  --speed N       demo: simulated time runs N times faster
  --seed N        demo: seed of the simulated traffic
  --format F      plan: table or json (default: table)
  --scenario NAME plan: the device policy to plan with
`;

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        port: { type: 'string' },
        data: { type: 'string' },
        speed: { type: 'string' },
        interval: { type: 'string' },
        seed: { type: 'string' },
        format: { type: 'string' },
        scenario: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    console.error(`kapasitet: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command] = parsed.positionals;
  const options = parsed.values;
  if (options.help || !command) {
    console.log(USAGE);
    return command || options.help ? 0 : 2;
  }
  switch (command) {
    case 'serve':
      return serve(options);
    case 'simulate':
      return simulate(options);
    case 'check':
      return check(options);
    case 'plan':
      return plan(options);
    default:
      console.error(`kapasitet: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
