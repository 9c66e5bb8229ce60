// Live and historical load: the overview, time series, the weekday × hour grid, and the live stream.
import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import pLimit from 'p-limit';
import { StoreUnavailableError } from '../../store/monitored.ts';
import { withTimeout } from '../../store/deadline.ts';
import { aggregateSeries, busyHourGrid, readsRollups, type AggregatedSeries } from '../../store/queries.ts';
import { getCookie } from 'hono/cookie';
import { checkTags, municipalityFor, need, SESSION_COOKIE } from '../auth/middleware.ts';
import { fail } from '../errors.ts';
import { etag } from 'hono/etag';
import { buildingNow } from '../overview.ts';
import { OverviewCache } from '../overview-cache.ts';
import { rollupSeriesKey } from '../rollup-cache.ts';
import { acceptsGzip, view } from '../shared-answer.ts';
import { gzipSync } from 'node:zlib';
import { errorResponses, json } from '../schemas/common.ts';
import { buildingDetailSchema, overviewSchema } from '../schemas/overview.ts';
import { busyHoursQuery, busyHoursSchema, seriesQuery, seriesSchema } from '../schemas/series.ts';
import type { Api, RouteContext } from './context.ts';

const NICE_STEPS_S = [10, 30, 60, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400];

/**
 * About 500 values over the range, in a step a chart axis can label; ranges over two days go in whole
 * hours at least, so they read the hourly roll-ups rather than days of raw points.
 */
function defaultStepMs(rangeMs: number): number {
  const wanted = Math.max(rangeMs / 500, rangeMs > 2 * 86_400_000 ? 3_600_000 : 0);
  return (NICE_STEPS_S.find((s) => s * 1000 >= wanted) ?? NICE_STEPS_S.at(-1)!) * 1000;
}

/** Values in one series of an answer: more than a chart can show, and the bound on its size. */
export const MAX_STEPS = 2000;
/**
 * Stored points one answer may read (counted by the store first): about 30 MB of JavaScript objects,
 * and large reads take turns, so four readers of the largest answer at once keep the process under
 * 500 MB (test/e2e/heavy-readers.test.ts; at 200,000 it peaked at 408–526 MB, too close).
 */
export const MAX_READ_POINTS = 150_000;

/** "33 h 20 min", "13 days 21 h": a range as a reader of the error would say it. */
function describeRange(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  if (hours >= 48) return `${Math.floor(hours / 24)} days${hours % 24 ? ` ${hours % 24} h` : ''}`;
  return hours > 0 ? `${hours} h${minutes ? ` ${minutes} min` : ''}` : `${minutes} min`;
}

const definedOnly = (tags: Record<string, string | undefined>) => Object.fromEntries(Object.entries(tags).filter(([, v]) => v !== undefined)) as Record<string, string>;

/** The longest a live event waits for the overview; past it, the stream says "outage" and goes on. */
const LIVE_READ_MS = 20_000;

/** Keepalive comments stop proxies from closing an idle stream between polls. */
const KEEPALIVE_MS = 15_000;

export function measurementRoutes(app: Api, ctx: RouteContext): void {
  const overviews = new OverviewCache(ctx);
  // One large read at a time (see SeriesQuery.largeReads): four readers of the largest answer cost
  // the memory of one, and wait their turn.
  const largeReads = pLimit(1);
  // The answer carries its ETag; the middleware answers 304 to a reader who has it already.
  app.use('/api/v1/overview', etag());
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/overview',
      tags: ['measurements'],
      summary: 'every school and building now; gzipped for readers who take it, 304 when unchanged since the ETag sent',
      responses: { 200: json(overviewSchema, 'the newest load, clients and status; access points counted, listed per building at /api/v1/overview/buildings/{id}'), 304: { description: 'unchanged since If-None-Match' }, ...errorResponses },
    }),
    async (c) => {
      const principal = need(c, 'read:measurements');
      // Serialised once per stored poll and shared by every reader: checked by the schema when made.
      return (await overviews.get(principal.municipalities)).respond(c) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/overview/buildings/{id}',
      tags: ['measurements'],
      summary: 'one building now, with each access point',
      request: { params: z.object({ id: z.string().max(200) }) },
      responses: { 200: json(buildingDetailSchema, 'the building now'), ...errorResponses },
    }),
    async (c) => {
      const principal = need(c, 'read:measurements');
      const { id } = c.req.valid('param');
      const school = ctx.config.schools.find((s) => principal.municipalities.has(s.municipality) && s.buildings.some((b) => b.id === id));
      if (!school) fail(404, `no building "${id}"`, 'id');
      return c.json(buildingDetailSchema.parse(await buildingNow(ctx.config, ctx.store, school, school.buildings.find((b) => b.id === id)!)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/series',
      tags: ['measurements'],
      summary: 'a field over time, in steps',
      request: { query: seriesQuery },
      responses: { 200: json(seriesSchema, 'one series per tag set, or one combined'), ...errorResponses },
    }),
    async (c) => {
      need(c, 'read:measurements');
      const { measurement, field, from, to, step, aggregation, across, municipality: requested, ...tags } = c.req.valid('query');
      const municipality = municipalityFor(c, ctx.config, requested);
      checkTags(ctx.config, municipality, tags);
      const end = to ?? ctx.now();
      const start = from ?? end - 3600_000;
      if (end <= start) fail(400, '`from` must come before `to`', 'from');
      const stepMs = step !== undefined ? step * 1000 : defaultStepMs(end - start);
      if ((end - start) / stepMs > MAX_STEPS) {
        const steps = `${Math.ceil((end - start) / stepMs)} steps asked for, at most ${MAX_STEPS} are answered`;
        // Without a step, the largest one was taken and still does not fit: only a shorter range will.
        if (step === undefined) fail(400, `${steps}: a range is at most ${describeRange(MAX_STEPS * stepMs)} (at the largest step, ${describeRange(stepMs)}); ask for a shorter one`, 'from');
        fail(400, `${steps}: the longest range for a ${step} s step is ${describeRange(MAX_STEPS * stepMs)}; take a larger step, or leave it out for one that fits`, 'step');
      }
      // Checked against the schema's type when compiled rather than parsed: parsing would copy up to
      // 150,000 values once more. Serialised within the large read's turn, so four readers of the
      // largest answer hold one answer's objects at a time, and the others only their bytes.
      const query = { measurement, field, filter: { ...definedOnly(tags), municipality }, from: start, to: end, stepMs, aggregation, across, maxPoints: MAX_READ_POINTS, largeReads };
      // Gzipped in the same turn where the reader takes it: the largest answer's 5 MB of JSON waits
      // to be sent as about a tenth of that, and a screen across a slow link gets it sooner.
      const zipped = acceptsGzip(c.req.header('accept-encoding'));
      const serialise = (series: AggregatedSeries[]) => {
        const answer: z.infer<typeof seriesSchema> = { measurement, field, from: start, to: end, stepSeconds: stepMs / 1000, aggregation, series };
        const json = JSON.stringify(answer);
        return zipped ? gzipSync(json, { level: 1 }) : Buffer.from(json);
      };
      const cache = ctx.rollupCache;
      const body = cache && readsRollups(query) ? serialise(await cache.get(rollupSeriesKey(query), () => aggregateSeries(ctx.store, query))) : await aggregateSeries(ctx.store, query, serialise);
      const headers = { 'content-type': 'application/json', vary: 'Accept-Encoding', ...(zipped ? { 'content-encoding': 'gzip' } : {}) };
      return c.body(view(body), 200, headers) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/busy-hours',
      tags: ['measurements'],
      summary: 'weekday × hour grid in local time, where the timetable shows',
      request: { query: busyHoursQuery },
      responses: { 200: json(busyHoursSchema, 'one cell per weekday and hour with data'), ...errorResponses },
    }),
    async (c) => {
      need(c, 'read:measurements');
      const { measurement, field, weeks, aggregation, across, municipality: requested, ...tags } = c.req.valid('query');
      const municipality = municipalityFor(c, ctx.config, requested);
      checkTags(ctx.config, municipality, tags);
      const end = ctx.now();
      const from = end - weeks * 7 * 24 * 3600_000;
      const timeZone = ctx.config.municipalities.find((m) => m.id === municipality)!.timezone;
      const cells = await busyHourGrid(ctx.store, { measurement, field, filter: { ...definedOnly(tags), municipality }, from, to: end, aggregation, across, timeZone, maxPoints: MAX_READ_POINTS, largeReads });
      return c.json(busyHoursSchema.parse({ measurement, field, aggregation, across, timeZone, from, to: end, cells }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/live',
      tags: ['measurements'],
      summary: 'Server-Sent Events: an "overview" event with the new state after every stored poll',
      responses: { 200: { description: 'text/event-stream; each event\'s data is an Overview', content: { 'text/event-stream': { schema: z.string() } } }, ...errorResponses },
    }),
    (c) => {
      const principal = need(c, 'read:measurements');
      return streamSSE(c, async (stream) => {
        let pending = Promise.resolve();
        const send = () => {
          // Cycles may end close together; each waits for the one before, so events stay in order.
          // A store that does not answer is an "outage" event, never a failed chain: the stream and
          // the process go on, and the next stored poll sends the overview again.
          pending = pending.then(async () => {
            try {
              // Bounded: a read in flight as the store stops must not hold the stream's chain for good.
              const state = await withTimeout(overviews.get(principal.municipalities), LIVE_READ_MS);
              // The same bytes for every stream of these municipalities: 500 screens hold one copy.
              await stream.write(state.frame('overview'));
            } catch (err) {
              if (stream.aborted || stream.closed) return;
              const since = err instanceof StoreUnavailableError ? err.since : ctx.now();
              if (!(err instanceof StoreUnavailableError)) console.error(`api: live overview: ${(err as Error).message}`);
              await stream.writeSSE({ event: 'outage', data: JSON.stringify({ since }) }).catch(() => {});
            }
          });
        };
        let unsubscribe = () => {};
        let unwatch = () => {};
        const session = getCookie(c, SESSION_COOKIE);
        const closed = new Promise<void>((done) => {
          stream.onAbort(done);
          unsubscribe = ctx.live.subscribe(send, done);
          // Logging out ends the session's streams: a shared screen stops showing the data.
          if (session && ctx.sessions) unwatch = ctx.sessions.watch(session, done);
        });
        const keepalive = setInterval(() => void stream.write(': keepalive\n\n'), KEEPALIVE_MS);
        send();
        await closed;
        clearInterval(keepalive);
        unsubscribe();
        unwatch();
        await pending;
      });
    },
  );
}
