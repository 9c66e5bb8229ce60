// `npm run bench` (live feed, issue 19 goal 2): 500 dashboards hold /api/v1/live open on a county of
// 500 schools while polls are stored; after each stored poll, how long until the last of them has
// the new overview (goal: within 1 s), and the process's memory over the run (goal: flat over 10
// minutes). BENCH_LIVE_MINUTES shortens the run; the figures say how long it was. Asserts nothing.
import { serve } from '@hono/node-server';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createApp } from '../api/app.ts';
import { LiveFeed } from '../api/live.ts';
import { EmbeddedStore } from '../store/embedded.ts';
import { countyConfig, pollPoints } from './county.ts';

const SCHOOLS = 500;
const CLIENTS = Number(process.env.BENCH_LIVE_CLIENTS ?? 500);
const MINUTES = Number(process.env.BENCH_LIVE_MINUTES ?? 10);
/** A poll every 60 s, as the collector's default. */
const POLL_MS = 60_000;
const MB = 1024 * 1024;

const config = countyConfig(SCHOOLS);
const store = new EmbeddedStore(':memory:');
await store.write(pollPoints(config, Date.now()));
const live = new LiveFeed(true);
const app = createApp({ config, store, live, now: () => Date.now() });
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/live`;

/** Each dashboard: when it last had a whole overview event. Bodies are counted, not kept. */
const received = new Array<number>(CLIENTS).fill(0);
const MARK = 'event: overview\n';
await Promise.all(
  Array.from({ length: CLIENTS }, (_, i) =>
    new Promise<void>((connected, failed) => {
      const req = request(url, (res) => {
        let tail = '';
        let inEvent = false;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          // An overview event spans many chunks: it has arrived when the chunk that ends it has.
          const text = tail + chunk;
          if (text.includes(MARK)) inEvent = true;
          if (inEvent && text.endsWith('\n\n')) {
            received[i] = performance.now();
            inEvent = false;
          }
          tail = text.slice(-MARK.length);
        });
        connected();
      });
      req.on('error', failed);
      req.end();
    }),
  ),
);
await new Promise((r) => setTimeout(r, 3000));
const firstHad = received.filter((t) => t > 0).length;

const memory = () => {
  const m = process.memoryUsage();
  return { rss: m.rss / MB, heap: m.heapUsed / MB };
};
const samples: { minute: number; rss: number; heap: number }[] = [];
const delays: number[] = [];
const missed: number[] = [];
const started = performance.now();
for (let poll = 1; performance.now() - started < MINUTES * 60_000; poll++) {
  await new Promise((r) => setTimeout(r, Math.min(POLL_MS, MINUTES * 60_000 - (performance.now() - started))));
  await store.write(pollPoints(config, Date.now(), 7 + poll));
  const stored = performance.now();
  live.stored(Date.now());
  // Every dashboard gets 5 s at most; the figure is when the last one had it.
  while (received.some((t) => t < stored) && performance.now() - stored < 5000) await new Promise((r) => setTimeout(r, 10));
  const late = received.filter((t) => t < stored).length;
  missed.push(late);
  delays.push(Math.max(...received) - stored);
  samples.push({ minute: Math.round((performance.now() - started) / 60_000), ...memory() });
}

const round = (n: number) => Math.round(n);
console.log(`live: ${CLIENTS} dashboards on ${SCHOOLS} schools for ${MINUTES} min, a poll every ${POLL_MS / 1000} s; ${firstHad} had the overview on connecting`);
console.log(`live: last dashboard reached after each stored poll: ${delays.map(round).join(', ')} ms (goal < 1000 ms); dashboards not reached within 5 s: ${missed.join(', ')}`);
console.log(`live: memory after each poll (RSS / heap used, MB): ${samples.map((s) => `${round(s.rss)}/${round(s.heap)}`).join(', ')} (goal: flat)`);
live.end();
await new Promise((done) => server.close(done));
await store.close();
process.exit(0);
