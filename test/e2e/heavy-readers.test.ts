// Readers asking for the most the API answers, four at once, while `serve` polls: the process stays
// under 500 MB and every device keeps every poll slot (or, on a loaded machine, says which slots a
// poll outlasted: test/support/slots.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { allDevices, startSimulator, type RunningSimulator } from '../../simulator/index.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { startCli } from '../support/cli.ts';
import { describeMissing, slotsAccountedFor } from '../support/slots.ts';

// Polls every 5 s: at 2 s, a wireless controller's poll (several round trips) overran while the four
// reads held the event loop (measured: polls of up to 2.2 s), which the default of 60 s is far from.
const INTERVAL_MS = 5000;
const MINUTE = 60_000;

/** Peak resident memory of a process so far, in MB (the kernel's high-water mark). */
const peakMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

describe('heavy readers', () => {
  let simulator: RunningSimulator;
  const dir = mkdtempSync(join(tmpdir(), 'kapasitet-readers-'));

  beforeAll(async () => {
    simulator = await startSimulator(demoConfig(), { seed: 11, community: 'readers-test-community' });
  });

  afterAll(async () => {
    await simulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers four maximal series requests at once under 500 MB, and loses no poll', async () => {
    // 101 access points polled every minute for 24.75 hours: 149,985 points, just under what one answer may read.
    const now = Date.now();
    const from = now - 1485 * MINUTE;
    const store = new EmbeddedStore(join(dir, 'store.sqlite'));
    for (let a = 0; a < 101; a++) {
      const tags = { municipality: 'fjordvik', school: 'nordli-ungdomsskole', building: 'nu-gamle', ap: `bulk-ap${a}`, controller: 'nu-wlc' };
      await store.write(Array.from({ length: 1485 }, (_, i) => ({ measurement: 'access_point' as const, tags, fields: { clients: (a + i) % 40, up: 1 }, time: from + i * MINUTE })));
    }
    await store.close();
    writeFileSync(join(dir, 'secrets.yaml'), 'demo-community: readers-test-community\n');
    const config = {
      ...simulator.config,
      secretsFile: join(dir, 'secrets.yaml'),
      store: { kind: 'embedded', path: join(dir, 'store.sqlite') },
      collector: { ...simulator.config.collector, intervalSeconds: INTERVAL_MS / 1000, spoolPath: join(dir, 'spool.jsonl') },
      alerts: { ...simulator.config.alerts, statePath: join(dir, 'alerts.sqlite') },
    };
    writeFileSync(join(dir, 'kapasitet.yaml'), stringify(config));
    const running = startCli(['serve', '--config', join(dir, 'kapasitet.yaml'), '--port', '0']);
    const serve = running.child;
    try {
      await expect.poll(() => /dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(running.output())?.[1], { timeout: 60_000 }).toBeDefined();
      const base = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(running.output())![1]!;
      await expect.poll(() => (running.output().match(/^poll /gm) ?? []).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
      // Maintenance rolls up the stored hours at start; the readers come once it is done.
      const hourly = `${base}/api/v1/series?measurement=access_point&field=clients&across=sum&from=${from}&to=${now}&step=3600`;
      await expect.poll(async () => ((await (await fetch(hourly)).json()) as any).series[0]?.points.length ?? 0, { timeout: 60_000, interval: 1000 }).toBeGreaterThanOrEqual(23);
      console.log(`heavy readers: peak RSS before ${Math.round(peakMb(serve.pid!))} MB`);
      const began = Date.now();
      const url = `${base}/api/v1/series?measurement=access_point&field=clients&aggregation=p95&from=${from}&to=${now}&step=60`;
      for (let round = 0; round < 2; round++) {
        const answers = await Promise.all(Array.from({ length: Number(process.env.READERS ?? 4) }, () => fetch(url)));
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
        const bodies = (await Promise.all(answers.map((a) => a.json()))) as { series: unknown[] }[];
        expect(bodies.every((b) => b.series.length === 101)).toBe(true);
      }
      // A few more polls after the readers, so the last slots they could have cost are in the window.
      await new Promise((r) => setTimeout(r, 3 * INTERVAL_MS));
      const ended = Date.now();
      const peak = peakMb(serve.pid!);
      console.log(`heavy readers: peak RSS ${Math.round(peak)} MB`);
      expect(peak, running.output()).toBeLessThan(500);
      serve.kill('SIGTERM');
      await running.exited;

      const stored = new EmbeddedStore(join(dir, 'store.sqlite'));
      const first = Math.ceil(began / INTERVAL_MS);
      const last = Math.floor(ended / INTERVAL_MS) - 1;
      // From a few slots before: a poll there may say it outlasted the window's first slots.
      const polls = await stored.range({ measurement: 'device', from: (first - 5) * INTERVAL_MS, to: (last + 1) * INTERVAL_MS });
      await stored.close();
      const expected = Array.from({ length: last - first + 1 }, (_, i) => first + i);
      for (const device of allDevices(simulator.config)) {
        const own = polls.filter((p) => p.tags.device === device.id);
        const slots = slotsAccountedFor(own, INTERVAL_MS, first, last);
        expect(slots, `${device.id}: ${describeMissing(own, INTERVAL_MS, expected, slots)}\n${running.output()}`).toEqual(expected);
      }
    } finally {
      if (serve.exitCode === null) serve.kill('SIGKILL');
    }
  }, 120_000);
});
