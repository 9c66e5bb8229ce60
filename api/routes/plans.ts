// The upgrade plan: one scenario, several side by side, the CSV a spreadsheet opens, and the
// council's workbook.
import { createRoute, z } from '@hono/zod-openapi';
import { municipalityFor, need } from '../auth/middleware.ts';
import { fail } from '../errors.ts';
import { planCsv } from '../../planning/plan-format.ts';
import { translator } from '../../i18n/translate.ts';
import { planWorkbook } from '../../planning/plan-xlsx.ts';
import { planMunicipality, resolveScenario, scenarioTitles } from '../../planning/plan-inputs.ts';
import { errorResponses, json } from '../schemas/common.ts';
import { SharedAnswer } from '../shared-answer.ts';
import { keptUntilRollup } from '../rollup-cache.ts';
import { compareQuery, comparisonSchema, planQuery, planSchema, workbookQuery } from '../schemas/plan.ts';
import type { Api, RouteContext } from './context.ts';
import type { Context } from 'hono';
import { etag } from 'hono/etag';
import type { ApiEnv } from '../auth/middleware.ts';
import type { Locale } from '../../i18n/locales.ts';

/** Comparing more than this many scenarios at once makes a page no one reads. */
const MAX_COMPARED = 6;

export function planRoutes(app: Api, ctx: RouteContext): void {
  const scenarioOf = (requested: string | undefined, field: string) => {
    try {
      return resolveScenario(ctx.config, requested);
    } catch (err) {
      fail(400, `query parameter ${field}: ${(err as Error).message}`, field);
    }
  };
  const scenarios = ctx.config.devicePolicies.map((p) => p.name);
  // Reasons in the reader's language, as the page they read them on.
  // Made from the roll-ups: kept until maintenance runs again, where the server says when it does.
  const kept = <T>(key: unknown[], make: () => Promise<T>) => keptUntilRollup(ctx.rollupCache, key, make);
  const planned = (municipality: string, scenario: string, locale: Locale) =>
    kept(['plan', municipality, scenario, locale], async () => {
      return planMunicipality(ctx.config, ctx.store, ctx.now(), scenario, municipality, locale, await ctx.measured(municipality));
    });
  const plan = async (c: Context<ApiEnv>, municipality: string, scenario: string) => {
    const locale = ctx.locales.of(c.get('principal'), c);
    return { ...(await planned(municipality, scenario, locale)), scenarios, scenarioTitles: scenarioTitles(ctx.config, locale) };
  };

  // The answer carries its ETag; the middleware answers 304 to a reader who has it already.
  app.use('/api/v1/plan', etag());
  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/plan', tags: ['plans'], summary: 'the upgrade plan for one device-policy scenario', request: { query: planQuery }, responses: { 200: json(planSchema, 'per building and school, with costs and totals per year'), ...errorResponses } }),
    async (c) => {
      need(c, 'read:plans');
      const q = c.req.valid('query');
      const municipality = municipalityFor(c, ctx.config, q.municipality);
      const scenario = scenarioOf(q.scenario, 'scenario');
      const locale = ctx.locales.of(c.get('principal'), c);
      // A county's plan is megabytes of JSON: checked, serialised, gzipped and tagged once per roll-up
      // run, and a reader with the same ETag gets a 304.
      const answer = await kept(['plan-answer', municipality, scenario, locale], async () => new SharedAnswer(planSchema.parse({ ...(await planned(municipality, scenario, locale)), scenarios, scenarioTitles: scenarioTitles(ctx.config, locale) })));
      return (await answer.respond(c)) as never;
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/plan/compare', tags: ['plans'], summary: 'several scenarios side by side', request: { query: compareQuery }, responses: { 200: json(comparisonSchema, 'one plan per scenario, in the order asked'), ...errorResponses } }),
    async (c) => {
      need(c, 'read:plans');
      const q = c.req.valid('query');
      const municipality = municipalityFor(c, ctx.config, q.municipality);
      const names = [...new Set(q.scenarios.split(',').map((s) => s.trim()).filter(Boolean))];
      if (names.length < 1 || names.length > MAX_COMPARED) fail(400, `query parameter scenarios: name 1 to ${MAX_COMPARED} device policies`, 'scenarios');
      const plans = [];
      for (const name of names) plans.push(await plan(c, municipality, scenarioOf(name, 'scenarios')));
      return c.json(comparisonSchema.parse({ plans }), 200);
    },
  );

  // The plan as `kapasitet plan --format csv` writes it, for the dashboard's download link.
  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/plan.csv', tags: ['plans'], summary: 'the plan as CSV for a spreadsheet', request: { query: planQuery }, responses: { 200: { description: 'one row per recommendation and per year total', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses } }),
    async (c) => {
      need(c, 'read:plans');
      const q = c.req.valid('query');
      const municipality = municipalityFor(c, ctx.config, q.municipality);
      // Column names, words and reasons in the reader's language, as the page they clicked it on.
      const locale = ctx.locales.of(c.get('principal'), c);
      const result = await planned(municipality, scenarioOf(q.scenario, 'scenario'), locale);
      return c.body(planCsv([result], undefined, undefined, locale), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="kapasitet-plan-${municipality}-${result.scenario}.csv"` });
    },
  );

  // The workbook `kapasitet plan --format xlsx` writes: sums as formulas, a sheet per school; with
  // `compare`, every scenario's sheets behind a comparison sheet.
  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/plan.xlsx', tags: ['plans'], summary: 'the plan as an Excel workbook for the council', request: { query: workbookQuery }, responses: { 200: { description: 'a summary sheet, a sheet per school, and the devices; a comparison sheet in front when scenarios are compared', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().describe('binary') } } }, ...errorResponses } }),
    async (c) => {
      need(c, 'read:plans');
      const q = c.req.valid('query');
      const municipality = municipalityFor(c, ctx.config, q.municipality);
      const names = [scenarioOf(q.scenario, 'scenario'), ...(q.compare ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((s) => scenarioOf(s, 'compare'))];
      const unique = [...new Set(names)];
      if (unique.length > MAX_COMPARED) fail(400, `query parameter compare: name at most ${MAX_COMPARED - 1} further device policies`, 'compare');
      const now = ctx.now();
      const locale = ctx.locales.of(c.get('principal'), c);
      const plans = [];
      for (const name of unique) plans.push(await planned(municipality, name, locale));
      const book = await planWorkbook(plans, new Date(now), translator(locale));
      return c.body(new Uint8Array(book), 200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': `attachment; filename="kapasitet-plan-${municipality}-${unique.join('-vs-')}.xlsx"` });
    },
  );
}
