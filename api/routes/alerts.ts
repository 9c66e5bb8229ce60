// Alerts: what fires, the history, acknowledgements and silences. Reading needs read:measurements;
// acknowledging and silencing need write:alerts; all within the asker's municipalities.
import { createRoute, z } from '@hono/zod-openapi';
import type { AlertEvaluator } from '../../alerts/evaluator.ts';
import { checkTags, need } from '../auth/middleware.ts';
import type { AlertRecord, Silence } from '../../alerts/engine.ts';
import { alertWords } from '../../alerts/notify/message.ts';
import type { Locale } from '../../i18n/locales.ts';
import { fail } from '../errors.ts';
import { acknowledgeSchema, alertSchema, alertsSchema, historySchema, newSilenceSchema, silenceSchema } from '../schemas/alerts.ts';
import { errorResponses, json } from '../schemas/common.ts';
import type { Api, RouteContext } from './context.ts';


const MAX_SILENCE_MS = 90 * 86_400_000;

export function alertRoutes(app: Api, ctx: RouteContext & { alerts?: AlertEvaluator }): void {
  /** An alert in its reader's language: its title, the thing it is about and the plan's fix. */
  const shown = (a: AlertRecord, locale: Locale) => ({ ...a, ...alertWords(a, locale, ctx.config.municipalities.find((m) => m.id === a.municipality)?.timezone ?? 'UTC') });
  const evaluator = () => ctx.alerts ?? fail(404, 'alerts are not evaluated in this process');
  /** Whether a silence is about a school (or a building of one) in these municipalities. */
  const inScope = (silence: Silence, municipalities: ReadonlySet<string>) =>
    ctx.config.schools.some((s) => municipalities.has(s.municipality) && (silence.school === s.id || s.buildings.some((b) => b.id === silence.building)));
  const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });

  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/alerts', tags: ['alerts'], summary: 'pending and firing alerts, those resolved in the last day, and the silences', responses: { 200: json(alertsSchema, 'newest state'), ...errorResponses } }),
    (c) => {
      const principal = need(c, 'read:measurements');
      const silences = evaluator().silences().filter((s) => inScope(s, principal.municipalities));
      return c.json(alertsSchema.parse({ alerts: evaluator().list(principal.municipalities).map((a) => shown(a, ctx.locales.of(principal, c))), silences }), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/alerts/history', tags: ['alerts'], summary: 'state changes, newest first', request: { query: z.object({ since: z.coerce.number().int().optional().describe('ms since the epoch; default: a week ago') }).strict() }, responses: { 200: json(historySchema, 'up to 500 entries'), ...errorResponses } }),
    (c) => {
      const principal = need(c, 'read:measurements');
      const since = c.req.valid('query').since ?? ctx.now() - 7 * 86_400_000;
      const locale = ctx.locales.of(principal, c);
      const entries = evaluator().history(since).filter((e) => principal.municipalities.has(e.alert.municipality)).map((e) => ({ ...e, alert: shown(e.alert, locale) }));
      return c.json(historySchema.parse({ entries }), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/api/v1/alerts/acknowledge', tags: ['alerts'], summary: 'acknowledge a firing alert: no more repeats until it resolves', request: body(acknowledgeSchema), responses: { 200: json(alertSchema, 'the alert, acknowledged'), ...errorResponses } }),
    (c) => {
      const principal = need(c, 'write:alerts');
      const { key } = c.req.valid('json');
      const alert = evaluator().get(key);
      if (!alert || !principal.municipalities.has(alert.municipality)) fail(404, `no alert "${key}"`, 'key');
      const acked = evaluator().acknowledge(key, principal.name) ?? fail(400, `alert "${key}" is ${alert.state}, not firing`, 'key');
      return c.json(alertSchema.parse(shown(acked, ctx.locales.of(principal, c))), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/api/v1/alerts/silences', tags: ['alerts'], summary: 'silence a school or building (and optionally one rule) until a time', request: body(newSilenceSchema), responses: { 200: json(silenceSchema, 'the silence'), ...errorResponses } }),
    (c) => {
      const principal = need(c, 'write:alerts');
      const input = c.req.valid('json');
      const owner = input.school !== undefined ? ctx.config.schools.find((s) => s.id === input.school) : ctx.config.schools.find((s) => s.buildings.some((b) => b.id === input.building));
      if (!owner || !principal.municipalities.has(owner.municipality)) fail(404, `no ${input.school ? `school "${input.school}"` : `building "${input.building}"`}`, input.school ? 'school' : 'building');
      // A school and a building: the building must be that school's, or the silence would cover neither as meant.
      if (input.building !== undefined && !owner.buildings.some((b) => b.id === input.building)) fail(400, `body field building: "${input.building}" is not a building of ${owner.name}`, 'building');
      checkTags(ctx.config, owner.municipality, { school: input.school, building: input.building });
      if (!(input.until.getTime() > ctx.now())) fail(400, 'body field until: must be in the future', 'until');
      // A silence that outlives its reason hides real alerts: longer ones are made again when due.
      if (input.until.getTime() > ctx.now() + MAX_SILENCE_MS) fail(400, 'body field until: at most 90 days ahead; silence again when that ends', 'until');
      const silence = evaluator().silence({ school: input.school, building: input.building, rule: input.rule, until: input.until.getTime(), comment: input.comment }, principal.name);
      return c.json(silenceSchema.parse(silence), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: '/api/v1/alerts/silences/{id}', tags: ['alerts'], summary: 'end a silence', request: { params: z.object({ id: z.string() }) }, responses: { 204: { description: 'ended' }, ...errorResponses } }),
    (c) => {
      const principal = need(c, 'write:alerts');
      const { id } = c.req.valid('param');
      const silence = evaluator().silences().find((s) => s.id === id);
      if (!silence || !inScope(silence, principal.municipalities)) fail(404, `no silence "${id}"`, 'id');
      evaluator().unsilence(id);
      return c.body(null, 204);
    },
  );
}
