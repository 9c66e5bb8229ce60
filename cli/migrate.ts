// `kapasitet migrate --from data/kapasitet.sqlite --config kapasitet.yaml`: moves the history kept by
// the embedded store (raw points and roll-ups) into the store the config names, InfluxDB say, so a
// user who started with nothing installed keeps their history. Writing a point twice replaces it, so
// an interrupted run is simply run again.
import { existsSync } from 'node:fs';
import { ConfigError, loadConfigFile } from '../config/load.ts';
import { EmbeddedStore } from '../store/embedded.ts';
import { openStore } from '../store/open.ts';
import { reportConfigError, type CliOptions } from './options.ts';

export interface MigrateOptions extends CliOptions {
  from?: string;
}

const BATCH = 5000;

export async function migrate(options: MigrateOptions): Promise<number> {
  let loaded;
  try {
    if (!options.from) throw new ConfigError('command line', [{ path: '--from', message: 'name the embedded store file to copy from (e.g. data/kapasitet.sqlite)' }]);
    if (!existsSync(options.from)) throw new ConfigError('command line', [{ path: '--from', message: `no file ${options.from}` }]);
    loaded = loadConfigFile(options.config ?? 'kapasitet.yaml');
    if (loaded.config.store.kind === 'embedded') {
      throw new ConfigError(options.config ?? 'kapasitet.yaml', [{ path: 'store', message: 'names the embedded store; point it at InfluxDB to migrate into it' }]);
    }
  } catch (err) {
    return reportConfigError(err);
  }
  let target;
  try {
    target = await openStore(loaded.config.store, loaded.secrets);
  } catch (err) {
    console.error(`kapasitet migrate: ${(err as Error).message}`);
    return 1;
  }
  const source = new EmbeddedStore(options.from);
  const counts = new Map<string, number>();
  const started = Date.now();
  try {
    for (const batch of source.exportAll(BATCH)) {
      await target.write(batch);
      for (const p of batch) counts.set(p.measurement, (counts.get(p.measurement) ?? 0) + 1);
    }
  } catch (err) {
    console.error(`kapasitet migrate: stopped after ${[...counts.values()].reduce((a, b) => a + b, 0)} points: ${(err as Error).message}; run it again to go on (points already copied are replaced, not doubled)`);
    return 1;
  } finally {
    await source.close();
    await target.close();
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`copied ${total} points in ${((Date.now() - started) / 1000).toFixed(1)} s: ${[...counts].map(([m, n]) => `${m} ${n}`).join(', ') || 'none'}`);
  return 0;
}
