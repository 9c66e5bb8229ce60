// What the route modules share: the app type and the context the server gives them.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from '../../config/schema.ts';
import type { StoreHealth } from '../../store/monitored.ts';
import type { Store } from '../../store/store.ts';
import type { ApiEnv } from '../auth/middleware.ts';
import type { Sessions } from '../auth/sessions.ts';
import type { ReaderLocale } from '../auth/reader-locale.ts';
import type { LiveFeed } from '../live.ts';
import type { RollupCache } from '../rollup-cache.ts';
import type { MunicipalityLoads } from '../../planning/measured-load.ts';

export type Api = OpenAPIHono<ApiEnv>;

export interface RouteContext {
  config: Config;
  store: Store;
  now: () => number;
  live: LiveFeed;
  demo: boolean;
  collectorStatus?: () => CollectorStatus;
  /** Whether the store answers (a MonitoredStore's health); always ok when absent. */
  storeHealth?: () => StoreHealth;
  /** Logged-in sessions: a live stream ends when its session does. */
  sessions?: Sessions;
  /** The language each request is answered in. */
  locales: ReaderLocale;
  /** Roll-up answers kept until maintenance runs; where absent (no maintenance here), none are kept. */
  rollupCache?: RollupCache;
  /** The measured load of a municipality (planning/plan-inputs.ts), read once per roll-up run for the plan and the traffic mix. */
  measured(municipality: string): Promise<MunicipalityLoads>;
}

export interface CollectorStatus {
  cycles: number;
  spool?: { pending: number; dropped: number; rejected: number };
  flows?: { datagrams: number; records: number; unattributedRecords: number; dropped: number; unknownExporters: number; lostRecords: number; lostDatagrams: number };
}
