// `kapasitet collect [--shard i/n] [--metrics-port P]`: only the collector, for installations that
// outgrow one process. Each shard polls its stable share of the devices (collector/shard.ts) and
// writes to the shared store; `kapasitet serve --no-collector` serves, maintains and alerts.
import { serve as listen } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { authenticate, need, type ApiEnv } from '../api/auth/middleware.ts';
import { anonymousReader, tokenIndex } from '../api/auth/principal.ts';
import { Sessions } from '../api/auth/sessions.ts';
import { cronExpression } from '../collector/collector.ts';
import type { Metrics } from '../collector/metrics.ts';
import { startCollector } from '../collector/run.ts';
import { parseShard, type Shard } from '../collector/shard.ts';
import { ConfigError } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { Secrets } from '../config/secrets.ts';
import { openStore } from '../store/open.ts';
import { findConfig, number, reportConfigError, untilStopped, type CliOptions } from './options.ts';

export interface CollectOptions extends CliOptions {
  shard?: string;
  'metrics-port'?: string;
}

export async function collect(options: CollectOptions): Promise<number> {
  let source;
  let shard: Shard | undefined;
  let interval: number | undefined;
  let metricsPort: number | undefined;
  try {
    source = findConfig(options);
    if (source.demo) throw new ConfigError('command line', [{ path: '--config', message: 'collect needs a config file (the demo polls from `kapasitet serve`)' }]);
    try {
      shard = options.shard === undefined ? undefined : parseShard(options.shard);
    } catch (err) {
      throw new ConfigError('command line', [{ path: '--shard', message: (err as Error).message }]);
    }
    interval = number(options.interval, 'interval');
    if (interval !== undefined) cronExpression(interval);
    metricsPort = number(options['metrics-port'], 'metrics-port');
  } catch (err) {
    return reportConfigError(err);
  }
  const { config, secrets } = source;
  let store;
  try {
    store = await openStore(config.store, secrets, { log: console.log, withoutStore: true });
  } catch (err) {
    console.error(`kapasitet collect: ${(err as Error).message}`);
    return 1;
  }
  const running = startCollector(config, secrets, store, { shard, intervalSeconds: interval, log: console.log, process: 'collect' });
  console.log(`collecting ${running.devices} devices${shard ? ` (shard ${shard.index} of ${shard.count})` : ''}`);
  const metricsServer = metricsPort === undefined ? undefined : serveMetrics(config, secrets, running.metrics, metricsPort);
  // SIGTERM from a service manager or `docker stop`, or Ctrl-C: polls under way finish, the spool is flushed or kept.
  console.log(`${await untilStopped()}: stopping`);
  await running.stop();
  await new Promise<void>((done) => (metricsServer ? metricsServer.close(() => done()) : done()));
  await store.close();
  return 0;
}

/** /metrics for Prometheus, on the config's server host, behind the same tokens as the API. */
function serveMetrics(config: Config, secrets: Secrets, metrics: Metrics, port: number) {
  const app = new Hono<ApiEnv>();
  const host = config.server.host;
  app.use('/metrics', authenticate({ sessions: new Sessions(1, Date.now), token: tokenIndex(config, secrets), anonymous: anonymousReader(config, config.access, host) }));
  app.get('/metrics', async (c) => {
    // As on the web process: a token of a role that may read metrics, or anonymous on loopback.
    if (c.get('principal').kind !== 'anonymous') need(c, 'read:metrics');
    return c.body(await metrics.text(), 200, { 'content-type': metrics.contentType });
  });
  app.onError((err, c) => {
    const status = err instanceof HTTPException ? err.status : 500;
    return c.json({ status, message: status === 500 ? 'internal error' : err.message }, status);
  });
  const server = listen({ fetch: app.fetch, hostname: host, port }, (info) => console.log(`metrics: http://${host}:${info.port}/metrics`));
  return server;
}
