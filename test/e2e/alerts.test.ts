// The demo's short building raises a sustained-load alert and a forecast alert, which arrive by
// webhook and by e-mail and show on the dashboard: Kapasitet as it runs (simulated agents polled
// over SNMP, the embedded store, the evaluator on its schedule), with durations shortened so the
// test takes seconds rather than a quarter of an hour.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSecrets } from '../../cli/options.ts';
import { startServer, type RunningServer } from '../../cli/server.ts';
import { configSchema } from '../../config/schema.ts';
import { startSimulator } from '../../simulator/index.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { latestLessonStart } from '../../simulator/school-day.ts';
import { ARTIFACTS, launchChromium } from '../support/browser.ts';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from '../support/receivers.ts';

describe('alerts from the running demo', () => {
  let server: RunningServer;
  let web: HttpReceiver;
  let smtp: SmtpReceiver;
  let browser: Browser;
  const data = mkdtempSync(join(tmpdir(), 'kapasitet-alerts-e2e-'));
  const received = (key: string) => web.bodies.flatMap((b: any) => b.alerts).find((a: any) => a.key === key && a.status === 'firing');

  beforeAll(async () => {
    [web, smtp] = await Promise.all([startHttpReceiver(), startSmtpReceiver()]);
    const demo = demoConfig();
    const config = configSchema.parse({
      ...demo,
      // An English-speaking municipality, so the messages below read as written (test/alerts/evaluator.test.ts has Norwegian).
      municipalities: demo.municipalities.map((m) => ({ ...m, locale: 'en' })),
      access: { ...demo.access, preferencesPath: join(data, 'preferences.sqlite') },
      store: { kind: 'embedded', path: join(data, 'store.sqlite') },
      collector: { ...demo.collector, intervalSeconds: 2, spoolPath: join(data, 'spool.jsonl') },
      server: { host: '127.0.0.1', port: 0 },
      alerts: {
        evaluateEverySeconds: 2,
        statePath: join(data, 'alerts.sqlite'),
        dashboardUrl: 'http://127.0.0.1/',
        rules: { linkLoad: { forMinutes: 0.2, clearForMinutes: 0.2 } },
        receivers: [
          { kind: 'webhook', name: 'hook', url: web.url },
          { kind: 'email', name: 'mail', host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'kapasitet@fjordvik.example', to: ['it@fjordvik.example'] },
        ],
      },
    });
    const simulator = await startSimulator(config, { seed: 3, simStart: latestLessonStart(Date.now(), 'Europe/Oslo') });
    server = await startServer({ config: simulator.config, secrets: demoSecrets(simulator.community), simulator, historyDays: 14, log: () => {} });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await Promise.all([web?.close(), smtp?.close()]);
    rmSync(data, { recursive: true, force: true });
  });

  it('sends a sustained-load and a forecast alert for Gamlebygget by webhook and e-mail', async () => {
    await expect.poll(() => received('linkLoad:uplink:nu-gamle'), { timeout: 90_000, interval: 500 }).toBeDefined();
    await expect.poll(() => received('forecast:uplink:nu-gamle'), { timeout: 90_000, interval: 500 }).toBeDefined();
    expect(received('linkLoad:uplink:nu-gamle')).toMatchObject({ building: { id: 'nu-gamle', name: 'Gamlebygget' }, limit: 0.8 });
    expect(received('linkLoad:uplink:nu-gamle').value).toBeGreaterThan(0.8);
    expect(received('forecast:uplink:nu-gamle').fix).toMatch(/upgrade to 1000 Mbit\/s/);
    const mails = () => smtp.mails.map((m) => m.text ?? '').join('\n');
    await expect.poll(mails, { timeout: 30_000 }).toMatch(/FIRING Sustained load: Nordli ungdomsskole · Gamlebygget · uplink \(100 Mbit\/s\)/);
    // Each alert's mail goes when its own notice is sent: the forecast's may come after the other's.
    await expect.poll(mails, { timeout: 30_000 }).toMatch(/FIRING Capacity forecast: Nordli ungdomsskole · Gamlebygget · uplink \(100 Mbit\/s\), busy-hour trend: .*limit reached.* Fix: .*exceeds 70 % of the 100 Mbit\/s uplink; upgrade to 1000 Mbit\/s/);
  });

  it('shows both alerts on the dashboard', async () => {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/`);
    for (const key of ['linkLoad:uplink:nu-gamle', 'forecast:uplink:nu-gamle']) {
      await expect.poll(() => page.locator(`#alerts tr[data-alert="${key}"]`).count(), { timeout: 20_000 }).toBe(1);
    }
    expect(await page.locator('#alerts tr[data-alert="linkLoad:uplink:nu-gamle"] td').nth(1).textContent()).toBe('Sustained load');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'overview-alerts.png'), fullPage: true });
  });
});
