import { loadConfigFile } from '../config/load.ts';
import { deviceTargets } from '../config/inventory.ts';
import { reportConfigError, type CliOptions } from './options.ts';
import { translator } from '../i18n/translate.ts';

export async function check(options: CliOptions): Promise<number> {
  const file = options.config ?? 'kapasitet.yaml';
  try {
    const { config, warnings } = loadConfigFile(file);
    for (const warning of warnings) console.error(`kapasitet check: warning: ${warning}`);
    const buildings = config.schools.reduce((n, s) => n + s.buildings.length, 0);
    // In the language of the (first) municipality it configures.
    const t = translator(config.municipalities[0]!.locale);
    const devices = deviceTargets(config).length;
    console.log(t('report.checkOk', { file, schools: t('report.count.schools', { count: config.schools.length }), buildings: t('report.count.buildings', { count: buildings }), devices: t('report.count.devices', { count: devices }) }));
    return 0;
  } catch (err) {
    return reportConfigError(err);
  }
}
