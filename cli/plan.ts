import { planMunicipality } from '../api/plan-inputs.ts';
import { openStore } from '../store/open.ts';
import { findConfig, reportConfigError, type CliOptions } from './options.ts';

export async function plan(options: CliOptions): Promise<number> {
  let source;
  try {
    source = findConfig(options);
  } catch (err) {
    return reportConfigError(err);
  }
  const store = await openStore(source.config.store, source.secrets);
  try {
    const plans = await planMunicipality(source.config, store, Date.now(), options.scenario);
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
