// The HTTP API (Hono) and the dashboard's static files. Every answer is JSON; errors carry a status
// and a message, never a stack trace. Device credentials are never part of any answer.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { Config } from '../config/schema.ts';
import { measurements } from '../store/point.ts';
import type { Store } from '../store/store.ts';
import { overview } from './overview.ts';
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

const seriesQuery = z.object({
  measurement: z.enum(measurements),
  field: z.string().regex(/^[a-z_]+$/),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  school: z.string().optional(),
  building: z.string().optional(),
  link: z.enum(['uplink', 'internet']).optional(),
  ap: z.string().optional(),
  device: z.string().optional(),
  interface: z.string().optional(),
});

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
    const parsed = seriesQuery.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HTTPException(400, { message: `query parameter ${issue.path.join('.') || '?'}: ${issue.message}` });
    }
    const { measurement, field, from, to, ...tags } = parsed.data;
    const end = to ?? now();
    const filter = Object.fromEntries(Object.entries(tags).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const points = await ctx.store.range({ measurement, filter: { ...filter, municipality: ctx.config.municipality.id }, from: from ?? end - 3600_000, to: end });
    return c.json({
      measurement,
      field,
      points: points.filter((p) => p.fields[field] !== undefined).map((p) => ({ time: p.time, value: p.fields[field], tags: p.tags })),
    });
  });

  app.get('/api/v1/plan', async (c) => {
    let scenario: string;
    try {
      scenario = resolveScenario(ctx.config, c.req.query('scenario'));
    } catch (err) {
      throw new HTTPException(400, { message: `query parameter scenario: ${(err as Error).message}` });
    }
    return c.json({
      scenario,
      scenarios: ctx.config.devicePolicies.map((p) => p.name),
      buildings: await planMunicipality(ctx.config, ctx.store, now(), scenario),
    });
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
