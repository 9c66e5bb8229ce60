// Writing to InfluxDB over HTTP: line protocol (serialised by @influxdata/influxdb-client's Point),
// gzip-compressed, retried with exponential back-off on network errors and 5xx answers. A 4xx answer
// is not retried: a 400 means the points themselves were refused (RejectedPointsError), anything else
// (401, 403, 404) is a setting the administrator must fix.
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { Point as LinePoint } from '@influxdata/influxdb-client';
import pRetry, { AbortError } from 'p-retry';
import type { Point } from './point.ts';
import { RejectedPointsError } from './store.ts';

const gzipAsync = promisify(gzip);

/** One line per point, timestamps in milliseconds (the write is sent with precision=ms). */
export function toLineProtocol(points: Point[]): string {
  return points
    .map((p) => {
      const line = new LinePoint(p.measurement).timestamp(String(p.time));
      for (const [k, v] of Object.entries(p.tags)) line.tag(k, v);
      for (const [k, v] of Object.entries(p.fields)) line.floatField(k, v);
      return line.toLineProtocol();
    })
    .filter((l): l is string => l !== undefined)
    .join('\n');
}

export interface HttpWriteTarget {
  /** The full write URL with its query (db and precision for 1.x; org, bucket and precision for 2.x). */
  url: string;
  headers: Record<string, string>;
  retries: number;
}

export async function postLines(target: HttpWriteTarget, body: string): Promise<void> {
  const compressed = await gzipAsync(body);
  await pRetry(
    async () => {
      const res = await fetch(target.url, {
        method: 'POST',
        headers: { ...target.headers, 'content-type': 'text/plain; charset=utf-8', 'content-encoding': 'gzip' },
        body: compressed,
      });
      if (res.ok) return;
      const reason = await answerText(res);
      if (res.status === 400) throw new AbortError(new RejectedPointsError(`InfluxDB refused points: ${reason}`));
      if (res.status < 500 && res.status !== 429) throw new AbortError(`InfluxDB answered ${res.status}: ${reason}`);
      throw new Error(`InfluxDB answered ${res.status}: ${reason}`);
    },
    { retries: target.retries, minTimeout: 200, maxTimeout: 5000, factor: 3 },
  );
}

/** InfluxDB's reason, from its JSON error body ({"error": …} in 1.x, {"message": …} in 2.x). */
async function answerText(res: Response): Promise<string> {
  const text = (await res.text()).slice(0, 500);
  try {
    const body = JSON.parse(text) as { error?: string; message?: string };
    return body.error ?? body.message ?? text;
  } catch {
    return text || res.statusText;
  }
}
