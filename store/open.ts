// Opens the store the config names.
import type { Secrets } from '../config/secrets.ts';
import type { StoreConfig } from '../config/schema.ts';
import { EmbeddedStore } from './embedded.ts';
import { InfluxStore } from './influx.ts';
import type { Store } from './store.ts';

export async function openStore(config: StoreConfig, secrets: Secrets): Promise<Store> {
  if (config.kind === 'embedded') return new EmbeddedStore(config.path);
  return InfluxStore.open({
    url: config.url,
    database: config.database,
    username: config.username,
    password: config.password ? secrets.resolve(config.password).reveal() : undefined,
  });
}
