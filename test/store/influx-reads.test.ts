import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementBatcher, type StatementResult } from '../../store/influx-reads.ts';
import { influxQuery, installed, startInfluxd, type InfluxServer } from '../support/servers.ts';

describe.runIf(installed('influxd'))('reads asked together go to a real influxd as one request', () => {
  let server: InfluxServer;
  let requests = 0;
  /** What InfluxStore sends: the statements joined, in one query; each request counted. */
  const send = async (statements: string[]): Promise<StatementResult[]> => {
    requests++;
    const res = await fetch(`${server.url}/query?${new URLSearchParams({ db: 'reads', epoch: 'ms', q: statements.join('; ') })}`);
    if (!res.ok) throw new Error(`A ${res.status} ${res.statusText} error occurred: ${await res.text()}`);
    return ((await res.json()) as { results: StatementResult[] }).results;
  };
  const countOf = (results: StatementResult[]) => results.map((r) => r.series?.[0]?.values[0]?.[1]);

  beforeAll(async () => {
    server = await startInfluxd();
    await influxQuery(server.url, 'CREATE DATABASE reads');
    const lines = Array.from({ length: 40 }, (_, i) => `m,device=d${i % 4} x=${i} ${1_000 + i}`).join('\n');
    expect((await fetch(`${server.url}/write?db=reads&precision=ms`, { method: 'POST', body: lines })).status).toBe(204);
  });
  afterAll(async () => server?.stop());

  it('answers each caller its own statements from one request', async () => {
    const batcher = new StatementBatcher(send);
    requests = 0;
    const asked = [0, 1, 2, 3].map((d) => batcher.run([`SELECT COUNT(x) FROM m WHERE device = 'd${d}'`, `SELECT SUM(x) FROM m WHERE device = 'd${d}'`]));
    const answers = await Promise.all(asked);
    expect(requests).toBe(1);
    // d0 holds x = 0, 4, … 36: ten points summing to 180; each next device one more per point.
    expect(answers.map(countOf)).toEqual([0, 1, 2, 3].map((d) => [10, 180 + 10 * d]));
  });

  it('fails only the caller whose statement influxd cannot parse, and answers the others', async () => {
    const batcher = new StatementBatcher(send);
    const [good, bad, other] = await Promise.allSettled([batcher.run(['SELECT COUNT(x) FROM m']), batcher.run(['SELEC x FROM m']), batcher.run(['SELECT MAX(x) FROM m'])]);
    expect(good.status === 'fulfilled' && countOf(good.value)).toEqual([40]);
    expect(bad.status === 'rejected' && String(bad.reason)).toMatch(/400.*SELEC/);
    expect(other.status === 'fulfilled' && countOf(other.value)).toEqual([39]);
  });

  it('gives the caller whose statement fails its own error, and the callers after it their answers', async () => {
    const batcher = new StatementBatcher(send);
    // A GROUP BY time() without an aggregate fails when influxd runs it; the request stops there.
    const [failing, after] = await Promise.all([batcher.run(['SELECT x FROM m WHERE time > 0 GROUP BY time(1s)']), batcher.run(['SELECT COUNT(x) FROM m'])]);
    expect(failing[0]!.error).toMatch(/aggregate/);
    expect(countOf(after)).toEqual([40]);
  });

  it('sends at most 32 statements in a request, so many readers at once still get every answer', async () => {
    const batcher = new StatementBatcher(send);
    requests = 0;
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => batcher.run([`SELECT COUNT(x) FROM m WHERE x >= ${i % 40}`])));
    expect(answers.map(countOf)).toEqual(Array.from({ length: 100 }, (_, i) => [40 - (i % 40)]));
    expect(requests).toBe(4);
  });
});
