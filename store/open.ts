// Opens the store the config names, watched for outages (store/monitored.ts).
import type { Secrets } from '../config/secrets.ts';
import type { StoreConfig } from '../config/schema.ts';
import { EmbeddedStore } from './embedded.ts';
import { InfluxStore, StoreUnreachableError, type InfluxOptions } from './influx.ts';
import { MonitoredStore } from './monitored.ts';

export interface OpenOptions {
  log?: (message: string) => void;
  /**
   * Start even when InfluxDB does not answer (serve and collect): the store is marked down and the
   * collector's spool keeps the points until it answers. A refused database, user or token still
   * stops the start, as settings only the administrator can mend. Commands that read (plan, migrate)
   * leave this off and fail at once with the reason.
   */
  withoutStore?: boolean;
}

export async function openStore(config: StoreConfig, secrets: Secrets, options: OpenOptions = {}): Promise<MonitoredStore> {
  const log = options.log ?? console.log;
  if (config.kind === 'embedded') return new MonitoredStore(new EmbeddedStore(config.path), log);
  const influx: InfluxOptions =
    config.kind === 'influxdb2'
      ? { version: 2, url: config.url, token: secrets.resolve(config.token).reveal(), org: config.org, bucket: config.bucket, database: config.database }
      : { version: 1, url: config.url, database: config.database, username: config.username, password: config.password ? secrets.resolve(config.password).reveal() : undefined, gzip: config.gzip, log };
  try {
    return new MonitoredStore(await InfluxStore.open(influx), log);
  } catch (err) {
    if (!(err instanceof StoreUnreachableError) || !options.withoutStore) throw err;
    const store = new MonitoredStore(InfluxStore.unchecked(influx), log);
    store.markDown(err.message);
    return store;
  }
}
