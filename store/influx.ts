// The production store: InfluxDB. Queries go in InfluxQL through the 1.x HTTP API (the `influx`
// package), which InfluxDB 1.x serves natively and 2.x/3.x serve through their compatibility
// endpoints. Writes are batched across callers and go either to 1.x's /write (gzip, retried with
// back-off: store/influx-write.ts) or, with a token, org and bucket, through @influxdata/influxdb-client.
import { HttpError, InfluxDB as V2Client } from '@influxdata/influxdb-client';
import { InfluxDB, escape } from 'influx';
import { WriteBatcher } from './batching.ts';
import { findDaysPolicy, isDaily } from './influx-policy.ts';
import { StatementBatcher, type ResultSeries, type StatementResult } from './influx-reads.ts';
import { lineWriter, toLineProtocol } from './influx-write.ts';
import type { Measurement, Point } from './point.ts';
import { SCHOOL_HOURS } from './rollup.ts';
import { groupTags } from './summary.ts';
import { matchesFilter, RejectedPointsError, type GroupSummary, type RangeQuery, type StepQuery, type StepSeries, type Store, type SummaryQuery, type TagFilter } from './store.ts';

export type InfluxOptions = (
  | { version: 1; url: string; database: string; username?: string; password?: string; /** Tries after the first, with back-off: 3 (about 2.6 s). */ retries?: number; /** Compress writes (off by default: see the config's store.gzip). */ gzip?: boolean; /** One write attempt's bound before it is retried: 30 s. */ writeTimeoutMs?: number }
  | { version: 2; url: string; token: string; org: string; bucket: string; database?: string }
) & {
  /** How long a query may take before it fails as "does not answer": 15 s. */
  readTimeoutMs?: number;
  /** Where the store says what it could not set up (the daily roll-ups' retention policy). */
  log?: (message: string) => void;
};

const READ_TIMEOUT_MS = 15_000;
/** One write attempt's bound: a 5,000-point request takes about 0.1 s; this is an InfluxDB that has stopped answering. */
const WRITE_TIMEOUT_MS = 30_000;

const BATCH = { maxPoints: 5000, concurrency: 2 };

export class InfluxStore implements Store {
  private readonly db: InfluxDB;
  /** Each write made into line protocol as it comes (store/batching.ts); the daily roll-ups go apart, to their retention policy. */
  private readonly batchers: { rest: WriteBatcher<Point, string>; days: WriteBatcher<Point, string> };
  /** Sends statements as one request. */
  private readonly query: (statements: string[]) => Promise<StatementResult[]>;
  /** Small reads (counts, steps bounded by the reader's point bound) asked in one turn, as one request. */
  private readonly reads: StatementBatcher;
  /** The daily roll-ups' retention policy (store/influx-policy.ts), found on first use; undefined: the default one. */
  private daysPolicy?: Promise<string | undefined>;

  private constructor(
    private readonly options: InfluxOptions,
    private readonly sender: Sender,
  ) {
    const url = new URL(options.url);
    const auth = options.version === 2 ? { options: { headers: { Authorization: `Token ${options.token}` } } } : {};
    this.db = new InfluxDB({
      hosts: [{ host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 443 : 8086)), protocol: url.protocol === 'https:' ? 'https' : 'http', ...auth }],
      database: options.version === 1 ? options.database : (options.database ?? options.bucket),
      username: options.version === 1 ? options.username : undefined,
      password: options.version === 1 ? options.password : undefined,
      // A query to an InfluxDB that accepts and never answers (shutting down, stopped, overloaded)
      // fails after the timeout, once: the client's default of 30 s and two retries kept readers and
      // the live page waiting for minutes. The reader asks again; writes retry on their own.
      pool: { requestTimeout: options.readTimeoutMs ?? READ_TIMEOUT_MS, maxRetries: 0 },
    });
    this.batchers = {
      rest: new WriteBatcher(toLineProtocol, (bodies) => sender.send(bodies), BATCH),
      days: new WriteBatcher(toLineProtocol, async (bodies) => sender.send(bodies, await this.policyOfDays()), BATCH),
    };
    this.query = async (statements) => ((await this.db.queryRaw(statements.join('; '), { precision: 'ms' })) as { results: StatementResult[] }).results;
    this.reads = new StatementBatcher(this.query);
  }

  /**
   * Connects and checks that the database (or bucket) exists and the credentials are taken, so a
   * wrong URL, name or token is one clear error at start-up.
   */
  static async open(options: InfluxOptions): Promise<InfluxStore> {
    if (options.version === 1) {
      const store = InfluxStore.unchecked(options);
      let names: string[];
      try {
        names = await store.db.getDatabaseNames();
      } catch (err) {
        throw failure(options.url, err);
      }
      if (!names.includes(options.database)) {
        throw new Error(`InfluxDB at ${options.url} has no database "${options.database}" (create it with: CREATE DATABASE "${options.database}")`);
      }
      try {
        await store.policyOfDays();
      } catch (err) {
        throw failure(options.url, err);
      }
      return store;
    }
    await checkBucket(options);
    return InfluxStore.unchecked(options);
  }

  /**
   * The store without asking InfluxDB anything: for a collector or server that starts while InfluxDB
   * is down (open threw StoreUnreachableError) and keeps its points on disk until it answers.
   */
  static unchecked(options: InfluxOptions): InfluxStore {
    return new InfluxStore(options, options.version === 1 ? v1Sender(options) : v2Sender(options));
  }

  async write(points: Point[]): Promise<void> {
    if (!points.some((p) => isDaily(p.measurement))) return this.batchers.rest.write(points);
    await Promise.all([this.batchers.rest.write(points.filter((p) => !isDaily(p.measurement))), this.batchers.days.write(points.filter((p) => isDaily(p.measurement)))]);
  }

  async latest(measurement: Measurement, filter?: TagFilter): Promise<Point[]> {
    return this.select(`SELECT * FROM ${await this.from(measurement)}${where(filter)} GROUP BY * ORDER BY time DESC LIMIT 1`, measurement, filter);
  }

  async range(query: RangeQuery): Promise<Point[]> {
    const time = `time >= ${query.from}ms AND time < ${query.to}ms`;
    const from = `${await this.from(query.measurement)}${where(query.filter, time)}`;
    if (!query.fields) return this.selectAll(`SELECT * FROM ${from}`, query.measurement, query.filter);
    const points = await this.select(`SELECT ${query.fields.map((f) => escape.quoted(f)).join(', ')} FROM ${from} GROUP BY *`, query.measurement, query.filter);
    return points.sort((a, b) => a.time - b.time);
  }

  async count(query: RangeQuery): Promise<number> {
    // COUNT per field, over every series at once: one row, counted by InfluxDB without sending points.
    const columns = query.fields ? query.fields.map((f) => `COUNT(${escape.quoted(f)})`).join(', ') : 'COUNT(*)';
    const series = await this.read(`SELECT ${columns} FROM ${await this.from(query.measurement)}${where(query.filter, `time >= ${query.from}ms AND time < ${query.to}ms`)}`, query.measurement, 'together');
    let most = 0;
    // Column 0 is the time.
    for (const { values } of series) for (const row of values) for (let i = 1; i < row.length; i++) if (typeof row[i] === 'number') most = Math.max(most, row[i] as number);
    return most;
  }

  /**
   * In InfluxQL, GROUP BY time() (buckets from the epoch, as queries.ts makes them): MAX, PERCENTILE
   * (whose rank models/statistics.ts shares), MEAN, and a mean weighted by `weight` through a
   * subquery. One row per series and step crosses the network.
   */
  async aggregate(q: StepQuery): Promise<StepSeries[]> {
    const field = escape.quoted(q.field);
    const from = await this.from(q.measurement);
    const time = `time >= ${q.from}ms AND time < ${q.to}ms`;
    const steps = `GROUP BY time(${q.stepMs}ms), * fill(none)`;
    const select =
      q.aggregation !== 'mean'
        ? `SELECT ${q.aggregation === 'max' ? `MAX(${field})` : `PERCENTILE(${field}, 95)`} AS value FROM ${from}${where(q.filter, time)} ${steps}`
        : q.weight === undefined
          ? `SELECT MEAN(${field}) AS value FROM ${from}${where(q.filter, time)} ${steps}`
          : // The weight counts only where the field is there: `field * 0 + weight` is null where the field is.
            `SELECT SUM(w) / SUM(n) AS value FROM (SELECT ${field} * ${escape.quoted(q.weight)} AS w, ${field} * 0 + ${escape.quoted(q.weight)} AS n FROM ${from}${where(q.filter, time)} GROUP BY *) WHERE ${time} ${steps}`;
    const series: StepSeries[] = [];
    for (const group of await this.read(select, q.measurement, 'together')) {
      const tags = tagsOf(group);
      if (!matchesFilter(tags, q.filter)) continue;
      const points: StepSeries['points'] = [];
      for (const [time, value] of group.values) if (typeof value === 'number') points.push({ time: time as number, value });
      if (points.length > 0) series.push({ tags, points });
    }
    return series;
  }

  /**
   * In InfluxQL, one request of a few statements, each GROUP BY the group's tags: PERCENTILE per field
   * over school hours, MAX over a subquery of per-hour SUMs, and for the totals COUNT, SUM, FIRST and
   * LAST (whose rows carry their point's time). The school hours are counted with the percentiles:
   * counting them within the peak's subquery too made it four times slower on influxd 1.6 (62 s
   * against 15 s for a county's radios).
   */
  async summarise(q: SummaryQuery): Promise<GroupSummary[]> {
    const from = await this.from(q.measurement);
    const time = `time >= ${q.from}ms AND time < ${q.to}ms`;
    const school = where(q.filter, time, `${escape.quoted(SCHOOL_HOURS)} = 1`);
    const all = where(q.filter, time);
    const tags = q.groupBy.map((t) => escape.quoted(t)).join(', ');
    const by = tags ? ` GROUP BY ${tags}` : '';
    const samples = escape.quoted('samples');
    const p95 = q.p95 ?? [];
    const peakSum = q.peakSum ?? [];
    const totals = q.totals;
    const statements = [
      `SELECT COUNT(${samples})${p95.map((f) => `, PERCENTILE(${escape.quoted(f)}, 95)`).join('')} FROM ${from}${school}${by}`,
      ...peakSum.map((f) => `SELECT MAX(total) FROM (SELECT SUM(${escape.quoted(f)}) AS total FROM ${from}${school} GROUP BY time(1h)${tags ? `, ${tags}` : ''} fill(none)) WHERE ${time}${by}`),
      ...(totals
        ? [
            `SELECT COUNT(${samples}), COUNT(${escape.quoted(SCHOOL_HOURS)})${totals.map((f) => `, SUM(${escape.quoted(f)})`).join('')} FROM ${from}${all}${by}`,
            `SELECT FIRST(${samples}) FROM ${from}${all}${by}`,
            `SELECT LAST(${samples}) FROM ${from}${all}${by}`,
          ]
        : []),
    ];
    const results = await this.query(statements);
    const failed = results.find((r) => r.error !== undefined);
    if (failed) throw new Error(`InfluxDB refused a summary of ${q.measurement}: ${failed.error}`);
    const groups = new Map<string, GroupSummary>();
    /** Each statement's row per group: the group made on first sight. */
    const rowsOf = (i: number) =>
      (results[i]?.series ?? []).map((series) => {
        const tags = groupTags(tagsOf(series), q.groupBy);
        const key = JSON.stringify(q.groupBy.map((k) => tags[k] ?? null));
        if (!groups.has(key)) groups.set(key, { tags, schoolHours: 0, p95: {}, peakSum: {} });
        return { group: groups.get(key)!, row: series.values[0] as (number | null)[] };
      });
    for (const { group, row } of rowsOf(0)) {
      group.schoolHours = row[1]!;
      p95.forEach((f, i) => row[i + 2] !== null && (group.p95[f] = row[i + 2]!));
    }
    let at = 1;
    for (const f of peakSum) {
      for (const { group, row } of rowsOf(at)) if (row[1] !== null) group.peakSum[f] = row[1]!;
      at++;
    }
    if (totals) {
      for (const { group, row } of rowsOf(at)) {
        const sums: Record<string, number> = {};
        totals.forEach((f, i) => row[i + 3] !== null && (sums[f] = row[i + 3]!));
        group.totals = { rows: row[1]!, unmarked: row[1]! - row[2]!, first: 0, last: 0, sums };
      }
      for (const { group, row } of rowsOf(at + 1)) group.totals!.first = row[0]!;
      for (const { group, row } of rowsOf(at + 2)) group.totals!.last = row[0]!;
    }
    return [...groups.values()];
  }

  async earliest(measurement: Measurement): Promise<number | undefined> {
    // The oldest point over all series: one row, whatever the series count.
    const [series] = await this.read(`SELECT * FROM ${await this.from(measurement)} ORDER BY time ASC LIMIT 1`, measurement);
    return series?.values[0]?.[0] as number | undefined;
  }

  async deleteBefore(measurement: Measurement, time: number): Promise<void> {
    // DELETE acts on every retention policy of the database: a measurement name, unqualified.
    await this.db.query(`DELETE FROM ${escape.measurement(measurement)} WHERE time < ${time}ms`);
  }

  async close(): Promise<void> {
    await Promise.all([this.batchers.rest.flush(), this.batchers.days.flush()]);
    this.sender.close?.();
  }

  /**
   * `SELECT *` without GROUP BY: one table, oldest first, with every tag and field as a column. Tags
   * are the strings and fields the numbers (a point's fields are numbers, docs/schema.md). Many
   * series of a few points each (a county's summaries) come back in half the time and a third of the
   * bytes of one table per series; points of one series share one tags object.
   */
  private async selectAll(q: string, measurement: Measurement, filter?: TagFilter): Promise<Point[]> {
    const points: Point[] = [];
    const shared = new Map<string, Record<string, string>>();
    for (const series of await this.read(q, measurement)) {
      const columns = series.columns;
      for (const row of series.values) {
        let key = '';
        const fields: Record<string, number> = {};
        for (let i = 1; i < row.length; i++) {
          const v = row[i];
          if (typeof v === 'number') fields[columns[i]!] = v;
          else if (typeof v === 'string' && v !== '') key += `${columns[i]}\u0000${v}\u0001`;
        }
        let tags = shared.get(key);
        if (!tags) {
          tags = {};
          for (let i = 1; i < row.length; i++) if (typeof row[i] === 'string' && row[i] !== '') tags[columns[i]!] = row[i] as string;
          shared.set(key, tags);
        }
        if (matchesFilter(tags, filter)) points.push({ measurement, tags, fields, time: row[0] as number });
      }
    }
    return points;
  }

  /** GROUP BY *: one table per series, its tags apart, its columns the time and the fields. */
  private async select(q: string, measurement: Measurement, filter?: TagFilter): Promise<Point[]> {
    const points: Point[] = [];
    for (const group of await this.read(q, measurement)) {
      const tags = tagsOf(group);
      if (!matchesFilter(tags, filter)) continue;
      for (const row of group.values) {
        const fields: Record<string, number> = {};
        for (let i = 1; i < row.length; i++) if (typeof row[i] === 'number') fields[group.columns[i]!] = row[i] as number;
        points.push({ measurement, tags, fields, time: row[0] as number });
      }
    }
    return points;
  }

  /** A measurement as a query names it: a daily one in its retention policy where it has one. */
  private async from(measurement: Measurement): Promise<string> {
    const policy = isDaily(measurement) ? await this.policyOfDays() : undefined;
    return policy ? `${escape.quoted(policy)}.${escape.measurement(measurement)}` : escape.measurement(measurement);
  }

  /** Asked of InfluxDB once; asked again after a failure to reach it. */
  private policyOfDays(): Promise<string | undefined> {
    if (this.options.version !== 1) return Promise.resolve(undefined);
    const { database, log = console.log } = this.options;
    this.daysPolicy ??= findDaysPolicy(this.db, database, log).catch((err: unknown) => {
      this.daysPolicy = undefined;
      throw err;
    });
    return this.daysPolicy;
  }

  /**
   * One statement's series. Counts and steps go `together` with the others asked in this turn
   * (store/influx-reads.ts); the rest alone: influxd runs a request's statements one after another,
   * and a dashboard's count must not wait behind a county's summary or a large range read.
   */
  private async read(statement: string, measurement: Measurement, together?: 'together'): Promise<ResultSeries[]> {
    const [result] = together ? await this.reads.run([statement]) : await this.query([statement]);
    if (result?.error !== undefined) throw new Error(`InfluxDB refused a read of ${measurement}: ${result.error}`);
    return result?.series ?? [];
  }
}

/** Sends a batch of writes, each in line protocol; `close` lets go of what it holds (connections). */
interface Sender {
  /** `policy`: a retention policy other than the default (1.x only). */
  send: (bodies: string[], policy?: string) => Promise<void>;
  close?: () => void;
}

function v1Sender(options: Extract<InfluxOptions, { version: 1 }>): Sender {
  const url = `${options.url.replace(/\/$/, '')}/write?${new URLSearchParams({ db: options.database, precision: 'ms' })}`;
  const headers: Record<string, string> = options.username ? { authorization: `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}` } : {};
  const writer = lineWriter({ url, headers, retries: options.retries ?? 3, gzip: options.gzip ?? false, timeoutMs: options.writeTimeoutMs ?? WRITE_TIMEOUT_MS });
  const send = async (bodies: string[], policy?: string) => {
    // A write whose points had no fields has no lines.
    const body = bodies.filter((b) => b !== '').join('\n');
    if (body !== '') await writer.post(body, policy === undefined ? undefined : { rp: policy });
  };
  return { send, close: writer.close };
}

/** 2.x/3.x writes through the official client, which batches, compresses and retries on its own. */
function v2Sender(options: Extract<InfluxOptions, { version: 2 }>): Sender {
  const writeApi = new V2Client({ url: options.url, token: options.token }).getWriteApi(options.org, options.bucket, 'ms', {
    batchSize: BATCH.maxPoints,
    flushInterval: 0,
    maxRetries: 3,
    maxRetryTime: 30_000,
    gzipThreshold: 1000,
  });
  const send = async (bodies: string[]) => {
    writeApi.writeRecords(bodies.flatMap((body) => (body === '' ? [] : body.split('\n'))));
    try {
      await writeApi.flush();
    } catch (err) {
      if (err instanceof HttpError && err.statusCode === 400) throw new RejectedPointsError(`InfluxDB refused points: ${err.body ?? err.message}`);
      throw err;
    }
  };
  return { send };
}

/** Asks 2.x/3.x for the bucket with the token: a refused token and a missing bucket are named. */
async function checkBucket(options: Extract<InfluxOptions, { version: 2 }>): Promise<void> {
  const url = `${options.url.replace(/\/$/, '')}/api/v2/buckets?${new URLSearchParams({ org: options.org, name: options.bucket })}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { Authorization: `Token ${options.token}` } });
  } catch (err) {
    throw failure(options.url, err);
  }
  if (res.status >= 500) throw new StoreUnreachableError(`InfluxDB at ${options.url} answered ${res.status}`);
  if (res.status === 401 || res.status === 403) throw new Error(`InfluxDB at ${options.url} refused the token (${res.status})`);
  if (res.status === 404) throw new Error(`InfluxDB at ${options.url} has no organisation "${options.org}"`);
  if (!res.ok) throw new Error(`InfluxDB at ${options.url} answered ${res.status} when asked for bucket "${options.bucket}"`);
  const body = (await res.json()) as { buckets?: { name: string }[] };
  if (!body.buckets?.some((b) => b.name === options.bucket)) throw new Error(`InfluxDB at ${options.url} has no bucket "${options.bucket}" in "${options.org}"`);
}

/** InfluxDB did not answer at start-up (as opposed to answering no): a server may start without it. */
export class StoreUnreachableError extends Error {
  override name = 'StoreUnreachableError';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** A failure at start-up in a user's words: no stack trace, no credentials; unreachable or refused. */
function failure(url: string, err: unknown): Error {
  const e = err as Error & { code?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  if (code === 'ECONNREFUSED') return new StoreUnreachableError(`InfluxDB at ${url}: nothing answers there (connection refused)`);
  if (code === 'ENOTFOUND') return new StoreUnreachableError(`InfluxDB at ${url}: no such host`);
  if ((code && NETWORK_CODES.has(code)) || e.name === 'ServiceNotAvailableError' || /^A 5\d\d /.test(e.message)) return new StoreUnreachableError(`InfluxDB at ${url}: ${e.message}`);
  if (/authorization failed|unauthorized/i.test(e.message)) return new Error(`InfluxDB at ${url}: the username or password was refused`);
  return new Error(`InfluxDB at ${url}: ${e.message}`);
}

/** A series' tags; InfluxDB gives a tag the series lacks as "" when grouping by it. */
function tagsOf(series: ResultSeries): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(series.tags ?? {})) if (v !== '' && v !== null) tags[k] = v;
  return tags;
}

function where(filter: TagFilter | undefined, ...extra: string[]): string {
  const clauses = [...Object.entries(filter ?? {}).map(([k, v]) => `${escape.quoted(k)} = ${escape.stringLit(v)}`), ...extra];
  return clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '';
}
