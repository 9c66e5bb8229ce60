import { loadConfigFile } from '../config/load.ts';
import { deviceTargets } from '../config/inventory.ts';
import { reportConfigError, type CliOptions } from './options.ts';

export async function check(options: CliOptions): Promise<number> {
  const file = options.config ?? 'kapasitet.yaml';
  try {
    const { config } = loadConfigFile(file);
    const buildings = config.schools.reduce((n, s) => n + s.buildings.length, 0);
    console.log(`${file}: ok (${config.schools.length} schools, ${buildings} buildings, ${deviceTargets(config).length} devices)`);
    return 0;
  } catch (err) {
    return reportConfigError(err);
  }
}
