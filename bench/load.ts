// A closed-loop HTTP load: `connections` readers on kept-alive sockets, each asking again as soon as
// its answer has arrived. Bodies are read as they come and not unzipped: a browser unzips on its own
// machine, while here every byte of client work is taken from the two cores the server runs on.
// autocannon, and Node's fetch (which unzips), were each the bottleneck with answers of tens of KB:
// 550 and 1,690 answers/s of 68 KB from a plain node:http server.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The slowest answer: a reader who asked while the answer was being made again waits this long. */
  maxMs: number;
  /** Answers other than 2xx and 304. */
  errors: number;
}

/** One answer: its status and the bytes on the wire (headers and body as sent). */
function get(url: string, headers: Record<string, string>, agent?: Agent): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent }, (res) => {
      let bytes = res.rawHeaders.reduce((n, h) => n + h.length + 2, 0);
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function load(url: string, options: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + options.seconds * 1000;
  const reader = async () => {
    while (performance.now() < end) {
      const start = performance.now();
      const { status } = await get(url, options.headers ?? {}, agent);
      latencies.push(performance.now() - start);
      if (status >= 400 || status < 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, reader));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]! * 10) / 10;
  return { requestsPerSecond: Math.round(latencies.length / options.seconds), p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1), errors };
}

/** Bytes on the wire for one answer, before any unzipping. */
export async function wireBytes(url: string, headers: Record<string, string>): Promise<number> {
  return (await get(url, headers)).bytes;
}
