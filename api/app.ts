// The HTTP API (Hono) and the dashboard's static files. Every answer is JSON; errors carry a status
// and a message, never a stack trace. Device credentials are never part of any answer.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { Config } from '../config/schema.ts';
import { rawMeasurements } from '../store/point.ts';
import { aggregateSeries, aggregations, busyHourGrid } from '../store/queries.ts';
import type { Store } from '../store/store.ts';
import { overview } from './overview.ts';
import { planCsv } from './plan-format.ts';
import { planMunicipality, resolveScenario } from './plan-inputs.ts';

export interface AppContext {
  config: Config;
  store: Store;
  now?: () => number;
  /** Whether the collector runs in this process, and how far it has got. */
  collectorStatus?: () => { cycles: number };
  demo?: boolean;
}

const ROOT = join(import.meta.dirname, '..');
const WEB = join(ROOT, 'web');

const tagFilters = {
  school: z.string().optional(),
  building: z.string().optional(),
  link: z.enum(['uplink', 'internet']).optional(),
  ap: z.string().optional(),
  device: z.string().optional(),
  interface: z.string().optional(),
  radio: z.string().optional(),
};

const seriesQuery = z
  .object({
    measurement: z.enum(rawMeasurements),
    field: z.string().regex(/^[a-z_]+$/),
    from: z.coerce.number().int().optional().describe('ms since the epoch; default: an hour before `to`'),
    to: z.coerce.number().int().optional().describe('ms since the epoch, exclusive; default: now'),
    step: z.coerce.number().int().min(1).optional().describe('seconds per value; default: the range in about 500 steps'),
    aggregation: z.enum(aggregations).default('mean'),
    across: z.enum(['sum', 'max']).optional().describe('combine the matching series into one per step'),
    ...tagFilters,
  })
  .strict();

const busyHoursQuery = z
  .object({
    measurement: z.enum(rawMeasurements),
    field: z.string().regex(/^[a-z_]+$/),
    weeks: z.coerce.number().int().min(1).max(260).default(4),
    aggregation: z.enum(aggregations).default('p95'),
    across: z.enum(['sum', 'max']).default('sum'),
    ...tagFilters,
  })
  .strict();

/** Parses query parameters with a schema, or answers 400 naming the parameter. */
function queryOf<T extends z.ZodType>(schema: T, query: Record<string, string>): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.') || '?';
    throw new HTTPException(400, { message: `query parameter ${name}: ${issue.message}` });
  }
  return parsed.data;
}

const definedOnly = (tags: Record<string, string | undefined>) => Object.fromEntries(Object.entries(tags).filter(([, v]) => v !== undefined)) as Record<string, string>;

const NICE_STEPS_S = [10, 30, 60, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400];

/**
 * About 500 values over the range, in a step a chart axis can label; ranges over two days go in whole
 * hours at least, so they read the hourly roll-ups rather than days of raw points.
 */
function defaultStepMs(rangeMs: number): number {
  const wanted = Math.max(rangeMs / 500, rangeMs > 2 * 86_400_000 ? 3_600_000 : 0);
  return (NICE_STEPS_S.find((s) => s * 1000 >= wanted) ?? NICE_STEPS_S.at(-1)!) * 1000;
}

export function createApp(ctx: AppContext): Hono {
  const app = new Hono();
  const now = ctx.now ?? Date.now;

  app.onError((err, c) => {
    const status = err instanceof HTTPException ? err.status : 500;
    if (status === 500) console.error(`api: ${c.req.method} ${c.req.path}: ${err.message}`);
    return c.json({ status, message: status === 500 ? 'internal error' : err.message }, status);
  });
  app.notFound((c) => c.json({ status: 404, message: `no route ${c.req.method} ${c.req.path}` }, 404));

  app.get('/api/v1/health', (c) => c.json({ status: 'ok', demo: !!ctx.demo, collector: ctx.collectorStatus?.() ?? null }));

  app.get('/api/v1/inventory', (c) =>
    c.json({
      municipality: ctx.config.municipality,
      schools: ctx.config.schools.map((s) => ({
        id: s.id,
        name: s.name,
        internet: s.internet,
        devices: s.devices.map(publicDevice),
        buildings: s.buildings.map((b) => ({
          id: b.id,
          name: b.name,
          classrooms: b.classrooms,
          grades: b.grades,
          uplink: b.uplink,
          devices: b.devices.map(publicDevice),
          accessPoints: b.accessPoints,
        })),
      })),
    }),
  );

  app.get('/api/v1/overview', async (c) => c.json(await overview(ctx.config, ctx.store)));

  app.get('/api/v1/series', async (c) => {
    const { measurement, field, from, to, step, aggregation, across, ...tags } = queryOf(seriesQuery, c.req.query());
    const end = to ?? now();
    const start = from ?? end - 3600_000;
    const stepMs = step !== undefined ? step * 1000 : defaultStepMs(end - start);
    const filter = { ...definedOnly(tags), municipality: ctx.config.municipality.id };
    const series = await aggregateSeries(ctx.store, { measurement, field, filter, from: start, to: end, stepMs, aggregation, across });
    return c.json({ measurement, field, from: start, to: end, stepSeconds: stepMs / 1000, aggregation, series });
  });

  app.get('/api/v1/busy-hours', async (c) => {
    const { measurement, field, weeks, aggregation, across, ...tags } = queryOf(busyHoursQuery, c.req.query());
    const end = now();
    const from = end - weeks * 7 * 24 * 3600_000;
    const filter = { ...definedOnly(tags), municipality: ctx.config.municipality.id };
    const timeZone = ctx.config.municipality.timezone;
    const cells = await busyHourGrid(ctx.store, { measurement, field, filter, from, to: end, aggregation, across, timeZone });
    return c.json({ measurement, field, aggregation, across, timeZone, from, to: end, cells });
  });

  /** The scenario a request asks for, or 400 naming the policies there are. */
  const scenarioOf = (requested: string | undefined) => {
    try {
      return resolveScenario(ctx.config, requested);
    } catch (err) {
      throw new HTTPException(400, { message: `query parameter scenario: ${(err as Error).message}` });
    }
  };

  app.get('/api/v1/plan', async (c) => {
    const scenario = scenarioOf(c.req.query('scenario'));
    return c.json({ ...(await planMunicipality(ctx.config, ctx.store, now(), scenario)), scenarios: ctx.config.devicePolicies.map((p) => p.name) });
  });

  // The plan as the CSV `kapasitet plan --format csv` writes, for the dashboard's download link.
  app.get('/api/v1/plan.csv', async (c) => {
    const plan = await planMunicipality(ctx.config, ctx.store, now(), scenarioOf(c.req.query('scenario')));
    return c.body(planCsv([plan], undefined, ','), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="kapasitet-plan-${plan.scenario}.csv"` });
  });

  const page = (file: string, type: string) => async () =>
    new Response(await readFile(file), { headers: { 'content-type': type, 'x-content-type-options': 'nosniff' } });
  app.get('/', page(join(WEB, 'index.html'), 'text/html; charset=utf-8'));
  app.get('/plan', page(join(WEB, 'plan.html'), 'text/html; charset=utf-8'));
  app.get('/web/style.css', page(join(WEB, 'style.css'), 'text/css; charset=utf-8'));
  app.get('/web/overview.js', page(join(WEB, 'overview.js'), 'text/javascript; charset=utf-8'));
  app.get('/web/plan.js', page(join(WEB, 'plan.js'), 'text/javascript; charset=utf-8'));
  app.get('/vendor/d3.js', page(join(ROOT, 'node_modules', 'd3', 'dist', 'd3.min.js'), 'text/javascript; charset=utf-8'));
  return app;
}

/** A device as the API shows it: where and what, never how to log in. */
function publicDevice(d: Config['schools'][number]['devices'][number]) {
  return { id: d.id, name: d.name, role: d.role, host: d.snmp.host, port: d.snmp.port, version: d.snmp.version };
}
