// Writing to InfluxDB over HTTP: line protocol, gzip-compressed where asked (level 1: most of the
// saving for a fraction of the CPU; off by default, as on a LAN the CPU costs more than the bytes), retried with exponential back-off on network errors and 5xx answers. A 4xx answer
// is not retried: a 400 means the points themselves were refused (RejectedPointsError), anything else
// (401, 403, 404) is a setting the administrator must fix.
import { Agent as HttpAgent, STATUS_CODES, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { escape } from 'influx';
import pRetry, { AbortError } from 'p-retry';
import type { Point } from './point.ts';
import { RejectedPointsError } from './store.ts';

const gzipAsync = promisify(gzip);

/** Most names and values need no escaping: testing for the characters costs less than the escaper's pass. */
const TAG_SPECIALS = /[,= ]/;
const MEASUREMENT_SPECIALS = /[, ]/;
const tagText = (s: string) => (TAG_SPECIALS.test(s) ? escape.tag(s) : s);

/**
 * One line per point, timestamps in milliseconds (the write is sent with precision=ms), escaped with
 * the `influx` package's rules; a point without fields has no line. Fields are floats, written as
 * JavaScript prints them, which InfluxDB parses as floats. The serialiser shares two cores with
 * influxd, so its time is the write path's: 300,000 points took 1.5–1.9 s with the escaper run on
 * every name, 1.1–1.4 s with the test first (a loop over 300,000 points, 2026-11-30);
 * @influxdata/influxdb-client's Point took 4.0 s.
 */
export function toLineProtocol(points: Point[]): string {
  const lines: string[] = [];
  for (const p of points) {
    let line = MEASUREMENT_SPECIALS.test(p.measurement) ? escape.measurement(p.measurement) : p.measurement;
    const tags = p.tags;
    for (const k in tags) {
      const v = tags[k]!;
      if (v !== '') line += `,${tagText(k)}=${tagText(v)}`;
    }
    let fields = '';
    const values = p.fields;
    for (const k in values) fields += `${fields ? ',' : ''}${tagText(k)}=${values[k]}`;
    if (fields) lines.push(`${line} ${fields} ${p.time}`);
  }
  return lines.join('\n');
}

export interface HttpWriteTarget {
  /** The full write URL with its query (db and precision for 1.x; org, bucket and precision for 2.x). */
  url: string;
  headers: Record<string, string>;
  retries: number;
  gzip: boolean;
  /** One attempt's bound: an InfluxDB that accepts and never answers fails the attempt, which is retried. */
  timeoutMs: number;
}

/**
 * Posts line protocol through a kept-alive connection. node:http rather than fetch: posting
 * bench/store.ts's 300,000 points in 300 or 600 requests took fetch 0.85–1.37 CPU s and node:http
 * 0.47–0.68 s (2026-12-01), and the collector's CPU is taken from influxd's when both share a machine.
 */
export function lineWriter(target: HttpWriteTarget): { post: (body: string, params?: Record<string, string>) => Promise<void>; close: () => void } {
  const https = target.url.startsWith('https:');
  const agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  /** `params` go in the URL beside the target's own: a retention policy, say. */
  const post = async (body: string, params?: Record<string, string>) => {
    const url = new URL(target.url);
    for (const [k, v] of Object.entries(params ?? {})) url.searchParams.set(k, v);
    const payload = target.gzip ? await gzipAsync(body, { level: 1 }) : Buffer.from(body);
    const headers = { ...target.headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': String(payload.length), ...(target.gzip ? { 'content-encoding': 'gzip' } : {}) };
    await pRetry(
      async () => {
        const res = await postOnce(url.href, { method: 'POST', agent, headers, timeout: target.timeoutMs }, payload, https);
        if (res.status >= 200 && res.status < 300) return;
        const reason = answerText(res.text) || (STATUS_CODES[res.status] ?? 'no reason given');
        if (res.status === 400) throw new AbortError(new RejectedPointsError(`InfluxDB refused points: ${reason}`));
        if (res.status < 500 && res.status !== 429) throw new AbortError(`InfluxDB answered ${res.status}: ${reason}`);
        throw new Error(`InfluxDB answered ${res.status}: ${reason}`);
      },
      { retries: target.retries, minTimeout: 200, maxTimeout: 5000, factor: 3 },
    );
  };
  return { post, close: () => agent.destroy() };
}

/** Most of an answer's body kept: InfluxDB's errors are a line; a proxy's page is cut. */
const ANSWER_BYTES = 4096;

function postOnce(url: string, options: Parameters<typeof httpRequest>[1], payload: Buffer, https: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(url, options, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < ANSWER_BYTES) chunks.push(chunk);
        kept += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).subarray(0, ANSWER_BYTES).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`InfluxDB gave no answer within ${(options.timeout ?? 0) / 1000} s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** InfluxDB's reason, from its JSON error body ({"error": …} in 1.x, {"message": …} in 2.x). */
function answerText(body: string): string {
  const text = body.slice(0, 500);
  try {
    const parsed = JSON.parse(text) as { error?: string; message?: string };
    return parsed.error ?? parsed.message ?? text;
  } catch {
    return text;
  }
}
