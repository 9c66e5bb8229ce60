// InfluxDB 1.x keeps a retention policy's points in shards of its shard duration: a week in the
// default policy. A year of daily roll-ups then spans 52 shards, and influxd opens each one to
// answer a year's chart: 3.2 ms of its CPU per answer, against 1.8 ms with year-long shards (a
// building's uplink over a year, 16 readers at once). So the daily roll-ups get a policy of their
// own with year-long shards, made where the user may (an admin). Elsewhere they stay in the default
// policy, and the log says the one statement an admin can run.
import { escape, type InfluxDB } from 'influx';
import { refusal } from './influx-reads.ts';
import { dailyMeasurements, type Measurement } from './point.ts';

export const DAYS_POLICY = 'kapasitet_days';

const daily = new Set<Measurement>(dailyMeasurements);

export function isDaily(measurement: Measurement): boolean {
  return daily.has(measurement);
}

/** The statement making the policy: Kapasitet deletes past its own retention, so it keeps points for ever. */
export function daysPolicyStatement(database: string): string {
  return `CREATE RETENTION POLICY ${escape.quoted(DAYS_POLICY)} ON ${escape.quoted(database)} DURATION INF REPLICATION 1 SHARD DURATION 52w`;
}

/**
 * The policy's name once it is there (found, or made now), or undefined where InfluxDB refuses to
 * make it (a user who is not an admin; 2.x and 3.x through their 1.x endpoints): told once through
 * `log`. A failure to reach InfluxDB, or a 5xx, is thrown, to be asked again on the next use: taking
 * the default policy for a passing outage would write days where the next start does not read them.
 */
export async function findDaysPolicy(db: InfluxDB, database: string, log: (message: string) => void): Promise<string | undefined> {
  const ask = async (q: string, method: 'GET' | 'POST') => ((await db.queryRaw(q, { method })) as { results: { error?: string; series?: { values: unknown[][] }[] }[] }).results[0];
  let refused: string | undefined;
  try {
    const shown = await ask(`SHOW RETENTION POLICIES ON ${escape.quoted(database)}`, 'GET');
    if (shown?.series?.[0]?.values.some((row) => row[0] === DAYS_POLICY)) return DAYS_POLICY;
    refused = shown?.error ?? (await ask(daysPolicyStatement(database), 'POST'))?.error;
    if (refused === undefined) return DAYS_POLICY;
  } catch (err) {
    const answer = refusal(err);
    if (answer === undefined) throw err;
    refused = errorOf(answer);
  }
  log(
    `InfluxDB: the daily roll-ups stay in the default retention policy: the policy "${DAYS_POLICY}" could not be made (${refused.trim().slice(0, 300)}). ` +
      `A year's chart then reads 52 weekly shards; an InfluxDB admin can run: ${daysPolicyStatement(database)}`,
  );
  return undefined;
}

/** influxd's reason from its answer's body, `{"error": …}`; the body itself where it is not that (a proxy's page). */
function errorOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON
  }
  return body;
}
