// What kind of traffic fills each school's line: the class catalogue, every school's busy-hour mix
// (the overview's "biggest class"), and the unclassified remainder with the config key that
// classifies it. The per-class series come from /api/v1/series?measurement=traffic.
import { createRoute } from '@hono/zod-openapi';
import { classifierFor, type Classifier } from '../../flows/classifier.ts';
import { mixAt } from '../../planning/traffic-mix.ts';
import { hasFlows } from '../../config/inventory.ts';
import { checkTags, municipalityFor, need } from '../auth/middleware.ts';
import { fail } from '../errors.ts';
import { errorResponses, json } from '../schemas/common.ts';
import { busyHoursSchema, trafficClassesSchema, trafficQuery, unclassifiedQuery, unclassifiedSchema } from '../schemas/traffic.ts';
import type { Api, RouteContext } from './context.ts';

/** The unclassified list covers at most this: it is read from hourly top lists, 21 points per school and hour. */
const MAX_UNCLASSIFIED_RANGE_MS = 93 * 86_400_000;
const LISTED = 50;

export function trafficRoutes(app: Api, ctx: RouteContext): void {
  const classifier: Classifier = classifierFor(ctx.config);

  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/traffic/classes', tags: ['traffic'], summary: 'the traffic classes flows are sorted into', request: { query: trafficQuery }, responses: { 200: json(trafficClassesSchema, 'the shipped classes with the config\'s own, and "other"'), ...errorResponses } }),
    (c) => {
      need(c, 'read:measurements');
      return c.json(trafficClassesSchema.parse({ classes: classifier.classes }), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/traffic/busy-hours', tags: ['traffic'], summary: "each school line's busiest hour over four weeks and the classes in it", request: { query: trafficQuery }, responses: { 200: json(busyHoursSchema, 'one entry per school whose line flows are collected for'), ...errorResponses } }),
    async (c) => {
      need(c, 'read:measurements');
      const municipality = municipalityFor(c, ctx.config, c.req.valid('query').municipality);
      // The busy hours are kept with the plan's load summaries, made once an hour.
      const { busyHours } = await ctx.measured(municipality);
      const schools = ctx.config.schools.filter((s) => s.municipality === municipality && hasFlows(ctx.config, s.id));
      const mixes = schools.map((s) => {
        const busy = busyHours.get(s.id);
        return { school: s.id, mix: busy ? mixAt(busy, classifier) : null };
      });
      return c.json(busyHoursSchema.parse({ schools: mixes }), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/traffic/unclassified', tags: ['traffic'], summary: 'the remote prefixes and ports of traffic no class matched', request: { query: unclassifiedQuery }, responses: { 200: json(unclassifiedSchema, `the top ${LISTED} over the range`), ...errorResponses } }),
    async (c) => {
      need(c, 'read:measurements');
      const q = c.req.valid('query');
      const municipality = municipalityFor(c, ctx.config, q.municipality);
      checkTags(ctx.config, municipality, { school: q.school });
      const to = q.to ?? ctx.now();
      const from = q.from ?? to - 7 * 86_400_000;
      if (to <= from) fail(400, 'query parameter from: must be before to', 'from');
      if (to - from > MAX_UNCLASSIFIED_RANGE_MS) fail(400, 'query parameter from: the unclassified list covers at most 93 days; ask for a shorter range', 'from');
      const points = await ctx.store.range({ measurement: 'traffic_unclassified', filter: { municipality, school: q.school }, from, to });
      const byKey = new Map<string, { prefix: string; port: string; inBytes: number; outBytes: number }>();
      let total = 0;
      for (const p of points) {
        const bytes = (p.fields.in_bytes ?? 0) + (p.fields.out_bytes ?? 0);
        total += bytes;
        // "*" is the hour's remainder beyond its top list: in the total, not a prefix to classify.
        if (p.tags.prefix === '*') continue;
        const key = `${p.tags.prefix} ${p.tags.port}`;
        const e = byKey.get(key) ?? { prefix: p.tags.prefix!, port: p.tags.port!, inBytes: 0, outBytes: 0 };
        e.inBytes += p.fields.in_bytes ?? 0;
        e.outBytes += p.fields.out_bytes ?? 0;
        byKey.set(key, e);
      }
      const prefixes = [...byKey.values()]
        .sort((a, b) => b.inBytes + b.outBytes - (a.inBytes + a.outBytes))
        .slice(0, LISTED)
        .map((e) => ({ ...e, share: total > 0 ? (e.inBytes + e.outBytes) / total : 0 }));
      return c.json(unclassifiedSchema.parse({ school: q.school, from, to, totalBytes: total, prefixes, configKey: 'flows.classes[].match[].prefixes' }), 200);
    },
  );
}
