// The HTTP API (Hono, OpenAPI from the same zod schemas that validate it) and the dashboard's pages.
// Every answer is JSON or CSV; errors carry a status, a message and the field at fault, never a stack
// trace. Credentials are never part of an answer.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { projectPath } from '../config/install-paths.ts';
import type { Config } from '../config/schema.ts';
import { Secrets } from '../config/secrets.ts';
import type { Store } from '../store/store.ts';
import { authenticate, need, type ApiEnv } from './auth/middleware.ts';
import { anonymousReader, tokenIndex } from './auth/principal.ts';
import { Sessions } from './auth/sessions.ts';
import { ApiError, describeIssue } from './errors.ts';
import { LiveFeed } from './live.ts';
import { keptUntilRollup, type RollupCache } from './rollup-cache.ts';
import type { AlertEvaluator } from '../alerts/evaluator.ts';
import type { Metrics } from '../collector/metrics.ts';
import { alertRoutes } from './routes/alerts.ts';
import { inventoryRoutes } from './routes/inventory.ts';
import { measurementRoutes } from './routes/measurements.ts';
import { trafficRoutes } from './routes/traffic.ts';
import { planRoutes } from './routes/plans.ts';
import type { CollectorStatus } from './routes/context.ts';
import { sessionRoutes } from './routes/session.ts';
import { loginRoutes } from './routes/login.ts';
import { Sealer } from './auth/sealed.ts';
import { pathOnServer } from '../web/next.js';
import { IdentityProviders } from './auth/oidc.ts';
import { CATALOGUE_DIR, LOCALES } from '../i18n/locales.ts';
import { measuredLoads } from '../planning/plan-inputs.ts';
import { ReaderLocale } from './auth/reader-locale.ts';
import { StoreUnavailableError, type StoreHealth } from '../store/monitored.ts';
import { TooManyPointsError } from '../store/queries.ts';
import { json } from './schemas/common.ts';
import { healthSchema } from './schemas/session.ts';

export interface AppContext {
  config: Config;
  store: Store;
  /** Resolves API tokens; none when absent. */
  secrets?: Secrets;
  /** The address the server listens on: anonymous reading is only ever open on loopback. */
  host?: string;
  now?: () => number;
  live?: LiveFeed;
  /** Told by the server's maintenance when roll-ups change. */
  rollupCache?: RollupCache;
  /** Whether the collector runs in this process, how far it has got, and what waits in its spool. */
  collectorStatus?: () => CollectorStatus;
  /** Whether the store answers; always ok when absent. */
  storeHealth?: () => StoreHealth;
  demo?: boolean;
  /** The alert evaluator running in this process, for the alert routes. */
  alerts?: AlertEvaluator;
  /** This process's Prometheus metrics, for /metrics; none while it has no collector. */
  metrics?: () => Metrics | undefined;
}

const WEB = projectPath('web');

/** The largest request body: a login, an acknowledgement or a silence is well under 1 KB. */
const MAX_BODY_BYTES = 64 * 1024;

/** Routes anyone may call: logging in, the health check, and the API's description. */
const PUBLIC = new Set(['POST /api/v1/session', 'GET /api/v1/login/providers', 'GET /api/v1/health', 'GET /api/v1/openapi.json']);

export function createApp(ctx: AppContext): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const { message, field } = describeIssue(result.error.issues, result.target === 'json' ? 'body field' : `${result.target} parameter`);
        return c.json({ status: 400, message, ...(field ? { field } : {}) }, 400);
      }
    },
  });
  const config = ctx.config;
  const now = ctx.now ?? Date.now;
  const live = ctx.live ?? new LiveFeed();
  const host = ctx.host ?? config.server.host;
  const sessionMs = config.access.sessionHours * 3600_000;
  const sessions = new Sessions(sessionMs, now);
  const anonymous = anonymousReader(config, config.access, host);
  const rollupCache = ctx.rollupCache;
  // Read once per roll-up run for every scenario, language and traffic answer.
  const measured = (municipality: string) => keptUntilRollup(rollupCache, ['measured', municipality], () => measuredLoads(config, ctx.store, now(), municipality));
  const routeContext = { config, store: ctx.store, now, live, demo: !!ctx.demo, collectorStatus: ctx.collectorStatus, storeHealth: ctx.storeHealth, sessions, locales: new ReaderLocale(config), rollupCache, measured };

  app.onError((err, c) => {
    // hono/csrf's refusal has no body: say what was refused and why.
    if (err instanceof HTTPException && err.status === 403 && !(err instanceof ApiError)) {
      return c.json({ status: 403, message: 'refused: this request came from another site (its Origin is not this server). Scripts send an API token in the Authorization header.' }, 403);
    }
    // An outage of the store is not the API's fault: 503 with since when, and the reader retries later.
    if (err instanceof StoreUnavailableError) {
      c.header('Retry-After', '30');
      return c.json({ status: 503, message: `The measurement store does not answer (since ${new Date(err.since).toISOString()}). Polls are kept on disk and appear once it answers.` }, 503);
    }
    if (err instanceof TooManyPointsError) {
      const spare = err.raw ? ', or a step of an hour or more (read from the hourly roll-ups)' : '';
      return c.json({ status: 400, message: `This would read ${err.points.toLocaleString('en')} stored points; one answer reads at most ${err.limit.toLocaleString('en')}. Name a school, building, device or access point, or ask for a shorter range${spare}.` }, 400);
    }
    const status = err instanceof HTTPException ? err.status : 500;
    if (status === 500) console.error(`api: ${c.req.method} ${c.req.path}: ${err.message}`);
    const field = err instanceof ApiError ? err.field : undefined;
    return c.json({ status, message: status === 500 ? 'internal error' : err.message, ...(field ? { field } : {}) }, status);
  });
  app.notFound((c) => c.json({ status: 404, message: `no route ${c.req.method} ${c.req.path}` }, 404));

  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'"], scriptSrc: ["'self'"], connectSrc: ["'self'"], frameAncestors: ["'none'"] } }));
  // No body the API takes is near this; a larger one is refused before it is read, logged in or not.
  app.use('/api/*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ status: 413, message: `the request body is over ${MAX_BODY_BYTES / 1024} KB` }, 413) }));
  // Form posts from another site are refused; JSON bodies cannot be sent cross-site without CORS,
  // which is not enabled. A request with an Authorization header is a script's: browsers never add
  // one by themselves, so no other site can forge it, and the origin check does not apply.
  const originCheck = csrf();
  app.use('/api/*', (c, next) => (c.req.header('authorization') !== undefined ? next() : originCheck(c, next)));
  const auth = authenticate({ sessions, token: tokenIndex(config, ctx.secrets ?? Secrets.literal({})), anonymous });
  const guarded: MiddlewareHandler<ApiEnv> = (c, next) => (PUBLIC.has(`${c.req.method} ${c.req.path}`) ? next() : auth(c, next));
  app.use('/api/v1/*', guarded);
  // Prometheus scrapes with a token (bearer_token in its scrape config), or anonymously on loopback.
  app.use('/metrics', auth);
  app.get('/metrics', async (c) => {
    // Anonymous only ever means this machine (loopback), where Prometheus may scrape without a token.
    if (c.get('principal').kind !== 'anonymous') need(c, 'read:metrics');
    const metrics = ctx.metrics?.();
    if (!metrics) return c.text('# this process runs no collector; scrape the `kapasitet collect` processes\n', 200);
    return c.body(await metrics.text(), 200, { 'content-type': metrics.contentType });
  });

  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/health', tags: ['session'], summary: 'liveness, for a load balancer: 200 while the process runs, degraded while the store does not answer', responses: { 200: json(healthSchema, 'up') } }),
    (c) => {
      // The store's error text stays in the log: this answer is public.
      const { status, since } = ctx.storeHealth?.() ?? { status: 'ok' as const };
      const store = { status, ...(since !== undefined ? { since } : {}) };
      return c.json(healthSchema.parse({ status: status === 'ok' ? 'ok' : 'degraded', demo: !!ctx.demo, store, collector: ctx.collectorStatus?.() ?? null }), 200);
    },
  );
  // What the browser keeps for the server (a login under way, a browser known to an account), sealed with one key.
  const sealer = new Sealer();
  const providers = new IdentityProviders(config.access.providers, ctx.secrets ?? Secrets.literal({}), Date.now, sealer);
  loginRoutes(app, { ...routeContext, sessionMs, providers });
  sessionRoutes(app, { ...routeContext, sessionMs, providers, sealer, anonymousNotice: anonymous ? `Read-only access without login is open because this server listens on loopback (${host}) ${config.access.users.length + config.access.tokens.length === 0 ? 'and no accounts are configured' : 'and access.anonymousRead is on'}.` : undefined });
  measurementRoutes(app, routeContext);
  planRoutes(app, routeContext);
  trafficRoutes(app, routeContext);
  inventoryRoutes(app, routeContext);
  alertRoutes(app, { ...routeContext, alerts: ctx.alerts });
  app.doc31('/api/v1/openapi.json', { openapi: '3.1.0', info: { title: 'Kapasitet API', version: '1', description: 'Network capacity monitor and planner for school owners' } });

  const page = (file: string, type: string) => async () => new Response(await readFile(file), { headers: { 'content-type': type } });
  const html = 'text/html; charset=utf-8';
  const js = 'text/javascript; charset=utf-8';
  app.get('/', page(join(WEB, 'index.html'), html));
  app.get('/building', page(join(WEB, 'building.html'), html));
  app.get('/plan', page(join(WEB, 'plan.html'), html));
  app.get('/plan/school', page(join(WEB, 'summary.html'), html));
  app.get('/login', page(join(WEB, 'login.html'), html));
  // The login form sent without its script (a slow page): it posted, so no password is in an address
  // or a log; nothing of it is read, and the page says to log in again.
  app.post('/login', (c) => c.redirect(`/login?${new URLSearchParams({ refused: 'unfinished', next: pathOnServer(c.req.query('next')) })}`, 303));
  app.get('/web/style.css', page(join(WEB, 'style.css'), 'text/css; charset=utf-8'));
  for (const script of ['common.js', 'next.js', 'alerts.js', 'charts.js', 'overview.js', 'building.js', 'plan.js', 'summary.js', 'login.js']) app.get(`/web/${script}`, page(join(WEB, script), js));
  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/vendor/d3.js', page(projectPath('node_modules', 'd3', 'dist', 'd3.min.js'), js));
  app.get('/vendor/i18next.js', page(projectPath('node_modules', 'i18next', 'dist', 'esm', 'i18next.js'), js));
  for (const locale of LOCALES) app.get(`/i18n/${locale}.json`, page(join(CATALOGUE_DIR, `${locale}.json`), 'application/json; charset=utf-8'));
  return app;
}
