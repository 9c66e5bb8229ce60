import { planMunicipality, resolveScenario } from '../api/plan-inputs.ts';
import { ConfigError } from '../config/load.ts';
import { openStore } from '../store/open.ts';
import { findConfig, reportConfigError, type CliOptions } from './options.ts';

export async function plan(options: CliOptions): Promise<number> {
  let source;
  let scenario: string;
  try {
    source = findConfig(options);
    if (options.format !== undefined && !['table', 'json'].includes(options.format)) {
      throw new ConfigError('command line', [{ path: '--format', message: `expected table or json, got "${options.format}"` }]);
    }
    scenario = resolveScenario(source.config, options.scenario);
  } catch (err) {
    if (err instanceof RangeError) {
      console.error(`--scenario: ${err.message}`);
      return 2;
    }
    return reportConfigError(err);
  }
  const store = await openStore(source.config.store, source.secrets);
  try {
    const plans = await planMunicipality(source.config, store, Date.now(), scenario);
    if (options.format === 'json') {
      console.log(JSON.stringify(plans, null, 2));
      return 0;
    }
    for (const b of plans) {
      console.log(`${b.schoolName} / ${b.buildingName}: ${b.status}`);
      console.log(`  devices: ${b.years.map((y) => `${y.year} ${y.devices}`).join(', ')}`);
      for (const r of b.recommendations) console.log(`  - ${r.kind} ×${r.quantity} (${r.year}): ${r.reason}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
