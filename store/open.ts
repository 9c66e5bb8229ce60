// Opens the store the config names.
import type { Secrets } from '../config/secrets.ts';
import type { StoreConfig } from '../config/schema.ts';
import { EmbeddedStore } from './embedded.ts';
import { InfluxStore } from './influx.ts';
import type { Store } from './store.ts';

export async function openStore(config: StoreConfig, secrets: Secrets): Promise<Store> {
  if (config.kind === 'embedded') return new EmbeddedStore(config.path);
  if (config.kind === 'influxdb2') {
    return InfluxStore.open({ version: 2, url: config.url, token: secrets.resolve(config.token).reveal(), org: config.org, bucket: config.bucket, database: config.database });
  }
  return InfluxStore.open({
    version: 1,
    url: config.url,
    database: config.database,
    username: config.username,
    password: config.password ? secrets.resolve(config.password).reveal() : undefined,
  });
}
