// The default store: one SQLite file (better-sqlite3), so that a user starts with nothing installed.
// Series (measurement + tags) are kept in a small table held in memory; points are keyed by series
// and time, so a rewrite of the same instant replaces it as InfluxDB does.
// better-sqlite3 answers synchronously; each call first waits for a later turn of the event loop, as
// a network store's would, so a chain of queries (a month of roll-ups, a plan) lets the server answer
// requests and fire its timers between them instead of holding the loop for seconds.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setImmediate as laterTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { Measurement, Point } from './point.ts';
import { SCHOOL_HOURS } from './rollup.ts';
import { matchesFilter, seriesKey, type GroupSummary, type RangeQuery, type StepQuery, type StepSeries, type Store, type SummaryQuery, type TagFilter } from './store.ts';
import { groupTags } from './summary.ts';

/**
 * The series asked for, as one JSON parameter: a municipality of 5,000 schools has over 100,000 AP
 * series, past SQLite's limit of 32,766 parameters, and one statement text serves every count.
 */
const IN_SERIES = 'series_id IN (SELECT value FROM json_each(?))';
const idList = (series: readonly { id: number }[]) => JSON.stringify(series.map((s) => s.id));
/** Series whose newest points are read in one synchronous turn. */
const LATEST_SLICE = 2000;

interface Series {
  id: number;
  measurement: Measurement;
  /** Shared by every point read of the series, so frozen: a year of points carries one copy, not one each. */
  tags: Readonly<Record<string, string>>;
}


const MAX_STATEMENTS = 200;

export class EmbeddedStore implements Store {
  private readonly db: Database.Database;
  private readonly series = new Map<string, Series>();
  /** The same series by measurement: a query looks among its measurement's series only. */
  private readonly byMeasurement = new Map<Measurement, Series[]>();
  /**
   * And by measurement and municipality, which nearly every query names (a reader sees only their
   * own): filtering a county's 105,000 access points' series for one took 60 ms in one turn.
   */
  private readonly byMunicipality = new Map<string, Series[]>();
  /** Statements by their SQL, prepared once (preparing was a sixth of a one-year chart's cost). */
  private readonly statements = new Map<string, Database.Statement>();
  private readonly insertSeries: Database.Statement;
  private readonly insertPoint: Database.Statement;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, measurement TEXT NOT NULL, tags TEXT NOT NULL, UNIQUE (measurement, tags));
      CREATE TABLE IF NOT EXISTS points (series_id INTEGER NOT NULL, time INTEGER NOT NULL, fields TEXT NOT NULL, PRIMARY KEY (series_id, time)) WITHOUT ROWID;
    `);
    this.insertSeries = this.db.prepare('INSERT INTO series (measurement, tags) VALUES (?, ?)');
    this.insertPoint = this.db.prepare('INSERT OR REPLACE INTO points (series_id, time, fields) VALUES (?, ?, ?)');
    for (const row of this.db.prepare('SELECT id, measurement, tags FROM series').all() as { id: number; measurement: Measurement; tags: string }[]) {
      this.remember(`${row.measurement}|${row.tags}`, { id: row.id, measurement: row.measurement, tags: Object.freeze(JSON.parse(row.tags)) });
    }
  }

  private remember(key: string, series: Series): void {
    this.series.set(key, series);
    append(this.byMeasurement, series.measurement, series);
    if (series.tags.municipality !== undefined) append(this.byMunicipality, `${series.measurement}|${series.tags.municipality}`, series);
  }

  /** A prepared statement; the SQL texts are the code's own, but bounded all the same. */
  private prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      this.statements.set(sql, (statement = this.db.prepare(sql)));
    }
    return statement;
  }

  async write(points: Point[]): Promise<void> {
    await laterTurn();
    const added = new Map<string, Series>();
    // All or nothing: if the transaction throws, it rolled back and no new series is remembered.
    this.db.transaction(() => {
      for (const p of points) {
        const key = `${p.measurement}|${seriesKey(p.tags)}`;
        let series = this.series.get(key) ?? added.get(key);
        if (!series) {
          const id = Number(this.insertSeries.run(p.measurement, seriesKey(p.tags)).lastInsertRowid);
          series = { id, measurement: p.measurement, tags: Object.freeze({ ...p.tags }) };
          added.set(key, series);
        }
        this.insertPoint.run(series.id, p.time, JSON.stringify(p.fields));
      }
    })();
    for (const [key, series] of added) this.remember(key, series);
  }

  async latest(measurement: Measurement, filter?: TagFilter): Promise<Point[]> {
    await laterTurn();
    const matching = this.matching(measurement, filter);
    const byId = new Map(matching.map((s) => [s.id, s]));
    const points: Point[] = [];
    // A county's series a slice at a time, each in a turn of its own: SQLite's work is synchronous,
    // and 5,000 schools' newest points at once held every other request (and the collector) ~0.5 s.
    for (let at = 0; at < matching.length; at += LATEST_SLICE) {
      // The first slice is read in the turn taken above.
      if (at > 0) await laterTurn();
      const rows = this.prepared(`SELECT series_id, MAX(time) AS time, fields FROM points WHERE ${IN_SERIES} GROUP BY series_id`)
        .all(idList(matching.slice(at, at + LATEST_SLICE))) as { series_id: number; time: number; fields: string }[];
      for (const r of rows) points.push(toPoint(byId.get(r.series_id)!, r.time, r.fields));
    }
    return points;
  }

  async range(query: RangeQuery): Promise<Point[]> {
    await laterTurn();
    const matching = this.matching(query.measurement, query.filter);
    if (matching.length === 0) return [];
    const byId = new Map(matching.map((s) => [s.id, s]));
    if (!query.fields) {
      const rows = this.prepared(`SELECT series_id, time, fields FROM points WHERE ${IN_SERIES} AND time >= ? AND time < ? ORDER BY time, series_id`)
        .all(idList(matching), query.from, query.to) as { series_id: number; time: number; fields: string }[];
      return rows.map((r) => toPoint(byId.get(r.series_id)!, r.time, r.fields));
    }
    // SQLite picks the fields out of the JSON, so only they cross into JavaScript.
    const names = query.fields;
    const picks = names.map((_, i) => `json_extract(fields, ?) AS f${i}`).join(', ');
    const rows = this.prepared(`SELECT series_id, time, ${picks} FROM points WHERE ${IN_SERIES} AND time >= ? AND time < ? ORDER BY time, series_id`)
      .raw()
      .iterate(...names.map((n) => `$.${JSON.stringify(n)}`), idList(matching), query.from, query.to) as Iterable<(number | null)[]>;
    const points: Point[] = [];
    // Row by row: the rows are never all held at once beside the points made of them.
    for (const [id, time, ...values] of rows) {
      const fields: Record<string, number> = {};
      let any = false;
      values.forEach((v, i) => {
        if (v === null) return;
        fields[names[i]!] = v;
        any = true;
      });
      const series = byId.get(id!)!;
      if (any) points.push({ measurement: series.measurement, tags: series.tags, fields, time: time! });
    }
    return points;
  }

  async count(query: RangeQuery): Promise<number> {
    await laterTurn();
    const ids = this.matching(query.measurement, query.filter).map((s) => s.id);
    if (ids.length === 0) return 0;
    const row = this.prepared(`SELECT COUNT(*) AS n FROM points WHERE ${IN_SERIES} AND time >= ? AND time < ?`).get(JSON.stringify(ids), query.from, query.to) as { n: number };
    return row.n;
  }

  async earliest(measurement: Measurement): Promise<number | undefined> {
    await laterTurn();
    const ids = this.matching(measurement).map((s) => s.id);
    if (ids.length === 0) return undefined;
    const row = this.prepared(`SELECT MIN(time) AS time FROM points WHERE ${IN_SERIES}`).get(JSON.stringify(ids)) as { time: number | null };
    return row.time ?? undefined;
  }

  async deleteBefore(measurement: Measurement, time: number): Promise<void> {
    await laterTurn();
    const ids = this.matching(measurement).map((s) => s.id);
    if (ids.length === 0) return;
    this.prepared(`DELETE FROM points WHERE ${IN_SERIES} AND time < ?`).run(JSON.stringify(ids), time);
  }

  /** Every stored point, series by series and oldest first, in batches: for moving history elsewhere. */
  *exportAll(batchSize: number): Generator<Point[]> {
    const byId = new Map([...this.series.values()].map((s) => [s.id, s]));
    let batch: Point[] = [];
    // Prepared apart: the generator holds its iteration open between batches.
    for (const row of this.db.prepare('SELECT series_id, time, fields FROM points ORDER BY series_id, time').iterate() as Iterable<{ series_id: number; time: number; fields: string }>) {
      batch.push(toPoint(byId.get(row.series_id)!, row.time, row.fields));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /**
   * In SQL: each step's mean (weighted), largest or nearest-rank p95 (rank ⌊0.95 n + ½⌋, as
   * models/statistics.ts), so a year of hours is 8,760 rows per series, not its points' JSON.
   */
  async aggregate(q: StepQuery): Promise<StepSeries[]> {
    await laterTurn();
    const matching = this.matching(q.measurement, q.filter);
    if (matching.length === 0) return [];
    const values = `SELECT series_id, time - time % ? AS step, json_extract(fields, ?) AS value, COALESCE(json_extract(fields, ?), 1) AS weight
      FROM points WHERE ${IN_SERIES} AND time >= ? AND time < ?`;
    const sql =
      q.aggregation === 'p95'
        ? `SELECT series_id, step, value FROM (
             SELECT series_id, step, value, ROW_NUMBER() OVER w AS rank, COUNT(*) OVER (PARTITION BY series_id, step) AS n
             FROM (${values}) WHERE value IS NOT NULL WINDOW w AS (PARTITION BY series_id, step ORDER BY value)
           ) WHERE rank = MAX(1, (95 * n + 50) / 100) ORDER BY series_id, step`
        : `SELECT series_id, step, ${q.aggregation === 'max' ? 'MAX(value)' : 'TOTAL(value * weight) / TOTAL(weight)'} FROM (${values}) WHERE value IS NOT NULL GROUP BY series_id, step ORDER BY series_id, step`;
    const rows = this.prepared(sql)
      .raw()
      .iterate(q.stepMs, `$.${JSON.stringify(q.field)}`, q.weight === undefined ? null : `$.${JSON.stringify(q.weight)}`, idList(matching), q.from, q.to) as Iterable<[number, number, number]>;
    const byId = new Map(matching.map((s) => [s.id, s]));
    const result: StepSeries[] = [];
    let current: StepSeries | undefined;
    let currentId = -1;
    for (const [id, time, value] of rows) {
      if (id !== currentId) {
        result.push((current = { tags: byId.get(id)!.tags, points: [] }));
        currentId = id;
      }
      current!.points.push({ time, value });
    }
    return result;
  }

  /**
   * In SQL, per group: the rows joined to their group (assigned here from the series' tags), the
   * nearest-rank p95 by window function, the peak of per-hour sums, and the totals.
   */
  async summarise(q: SummaryQuery): Promise<GroupSummary[]> {
    await laterTurn();
    const groups: GroupSummary[] = [];
    const index = new Map<string, number>();
    const pairs: [number, number][] = [];
    for (const s of this.matching(q.measurement, q.filter)) {
      const tags = groupTags(s.tags, q.groupBy);
      const key = JSON.stringify(q.groupBy.map((k) => tags[k] ?? null));
      if (!index.has(key)) index.set(key, groups.push({ tags, schoolHours: 0, p95: {}, peakSum: {} }) - 1);
      pairs.push([s.id, index.get(key)!]);
    }
    if (pairs.length === 0) return [];
    const rows = `(SELECT g.value ->> '$[1]' AS grp, p.time, p.fields FROM json_each(?) AS g JOIN points p ON p.series_id = g.value ->> '$[0]' WHERE p.time >= ? AND p.time < ?)`;
    const schoolRows = `(SELECT * FROM ${rows} WHERE fields ->> ${sqlPath(SCHOOL_HOURS)} = 1)`;
    const args = [JSON.stringify(pairs), q.from, q.to];
    const seen = new Set<number>();
    for (const [grp, n] of this.prepared(`SELECT grp, COUNT(*) FROM ${schoolRows} GROUP BY grp`).raw().all(...args) as [number, number][]) {
      groups[grp]!.schoolHours = n;
      seen.add(grp);
    }
    for (const field of q.p95 ?? []) {
      const sql = `SELECT grp, value FROM (
          SELECT grp, value, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY value) AS rank, COUNT(*) OVER (PARTITION BY grp) AS n
          FROM (SELECT grp, fields ->> ? AS value FROM ${schoolRows}) WHERE value IS NOT NULL
        ) WHERE rank = MAX(1, (95 * n + 50) / 100)`;
      for (const [grp, value] of this.prepared(sql).raw().all(`$.${JSON.stringify(field)}`, ...args) as [number, number][]) groups[grp]!.p95[field] = value;
    }
    for (const field of q.peakSum ?? []) {
      const sql = `SELECT grp, MAX(total) FROM (SELECT grp, SUM(fields ->> ?) AS total FROM ${schoolRows} GROUP BY grp, time) WHERE total IS NOT NULL GROUP BY grp`;
      for (const [grp, value] of this.prepared(sql).raw().all(`$.${JSON.stringify(field)}`, ...args) as [number, number][]) groups[grp]!.peakSum[field] = value;
    }
    if (q.totals) {
      const sums = q.totals.map((f) => `SUM(fields ->> ${sqlPath(f)})`).join(', ');
      const sql = `SELECT grp, COUNT(*), SUM(fields ->> ${sqlPath(SCHOOL_HOURS)} IS NULL), MIN(time), MAX(time)${sums ? `, ${sums}` : ''} FROM ${rows} GROUP BY grp`;
      for (const [grp, n, unmarked, first, last, ...values] of this.prepared(sql).raw().all(...args) as number[][]) {
        const totals = { rows: n!, unmarked: unmarked!, first: first!, last: last!, sums: {} as Record<string, number> };
        q.totals.forEach((f, i) => values[i] !== null && (totals.sums[f] = values[i]!));
        groups[grp!]!.totals = totals;
        seen.add(grp!);
      }
    }
    return groups.filter((_, i) => seen.has(i));
  }

  private matching(measurement: Measurement, filter?: TagFilter): Series[] {
    if (filter?.municipality === undefined) return (this.byMeasurement.get(measurement) ?? []).filter((s) => matchesFilter(s.tags, filter));
    const { municipality, ...rest } = filter;
    const among = this.byMunicipality.get(`${measurement}|${municipality}`) ?? [];
    // A copy: a write may add series to the list while a reader goes through it turn by turn.
    return Object.keys(rest).length === 0 ? [...among] : among.filter((s) => matchesFilter(s.tags, rest));
  }
}

function append<K>(lists: Map<K, Series[]>, key: K, series: Series): void {
  const list = lists.get(key);
  if (list) list.push(series);
  else lists.set(key, [series]);
}

/** A field's JSON path as SQL text: field names are the code's own, never a reader's. */
const sqlPath = (field: string) => `'$.${JSON.stringify(field).replaceAll("'", "''")}'`;

function toPoint(series: Series, time: number, fields: string): Point {
  return { measurement: series.measurement, tags: series.tags, fields: JSON.parse(fields), time };
}
