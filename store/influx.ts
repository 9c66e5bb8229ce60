// The production store: InfluxDB through its 1.x HTTP API (the `influx` package), which InfluxDB 1.x
// serves natively and 2.x/3.x serve through their v1 compatibility endpoints.
import { InfluxDB, escape, type IPoint } from 'influx';
import type { Measurement, Point } from './point.ts';
import { matchesFilter, RejectedPointsError, type RangeQuery, type Store, type TagFilter } from './store.ts';

export interface InfluxOptions {
  url: string;
  database: string;
  username?: string;
  password?: string;
}

export class InfluxStore implements Store {
  private readonly db: InfluxDB;

  private constructor(options: InfluxOptions) {
    const url = new URL(options.url);
    this.db = new InfluxDB({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 8086)),
      protocol: url.protocol === 'https:' ? 'https' : 'http',
      database: options.database,
      username: options.username,
      password: options.password,
    });
  }

  /** Connects and checks the database exists, so a wrong URL or name is one clear error at start-up. */
  static async open(options: InfluxOptions): Promise<InfluxStore> {
    const store = new InfluxStore(options);
    let names: string[];
    try {
      names = await store.db.getDatabaseNames();
    } catch (err) {
      throw new Error(`InfluxDB at ${options.url}: ${(err as Error).message}`);
    }
    if (!names.includes(options.database)) {
      throw new Error(`InfluxDB at ${options.url} has no database "${options.database}" (create it with: CREATE DATABASE "${options.database}")`);
    }
    return store;
  }

  async write(points: Point[]): Promise<void> {
    if (points.length === 0) return;
    const ipoints: IPoint[] = points.map((p) => ({ measurement: p.measurement, tags: p.tags, fields: p.fields, timestamp: p.time }));
    try {
      await this.db.writePoints(ipoints, { precision: 'ms' });
    } catch (err) {
      if ((err as { res?: { statusCode?: number } }).res?.statusCode === 400) throw new RejectedPointsError(`InfluxDB refused points: ${(err as Error).message}`);
      throw err;
    }
  }

  async latest(measurement: Measurement, filter?: TagFilter): Promise<Point[]> {
    return this.select(`SELECT * FROM ${escape.measurement(measurement)}${where(filter)} GROUP BY * ORDER BY time DESC LIMIT 1`, measurement, filter);
  }

  async range(query: RangeQuery): Promise<Point[]> {
    const time = `time >= ${query.from}ms AND time < ${query.to}ms`;
    const points = await this.select(`SELECT * FROM ${escape.measurement(query.measurement)}${where(query.filter, time)} GROUP BY *`, query.measurement, query.filter);
    return points.sort((a, b) => a.time - b.time);
  }

  async deleteBefore(measurement: Measurement, time: number): Promise<void> {
    await this.db.query(`DELETE FROM ${escape.measurement(measurement)} WHERE time < ${time}ms`);
  }

  async close(): Promise<void> {}

  private async select(q: string, measurement: Measurement, filter?: TagFilter): Promise<Point[]> {
    const results = await this.db.query(q, { precision: 'ms' });
    const points: Point[] = [];
    for (const group of results.groups()) {
      const tags = Object.fromEntries(Object.entries(group.tags).filter(([, v]) => v !== '' && v !== null)) as Record<string, string>;
      if (!matchesFilter(tags, filter)) continue;
      for (const row of group.rows as Record<string, unknown>[]) {
        const fields: Record<string, number> = {};
        for (const [k, v] of Object.entries(row)) if (k !== 'time' && typeof v === 'number' && !(k in group.tags)) fields[k] = v;
        points.push({ measurement, tags, fields, time: (row.time as Date).getTime() });
      }
    }
    return points;
  }
}

function where(filter: TagFilter | undefined, ...extra: string[]): string {
  const clauses = [...Object.entries(filter ?? {}).map(([k, v]) => `${escape.quoted(k)} = ${escape.stringLit(v)}`), ...extra];
  return clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '';
}
