// Acting on alerts from the page: a network admin logs in, sees their municipality's firing alert,
// acknowledges it and silences its building; a planner sees only her municipality's, and no buttons.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertEvaluator } from '../../alerts/evaluator.ts';
import { Notifier } from '../../alerts/notify/notifier.ts';
import { AlertStateStore } from '../../alerts/state-store.ts';
import { createApp } from '../../api/app.ts';
import { configSchema } from '../../config/schema.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Point } from '../../store/point.ts';
import { launchChromium } from '../support/browser.ts';
import { PASSWORD, twoMunicipalities } from '../support/two-municipalities.ts';

describe('alerts on the page', () => {
  let browser: Browser;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const { config: base, secrets } = await twoMunicipalities();
    const config = configSchema.parse({ ...base, collector: { ...base.collector, intervalSeconds: 60 } });
    const store = new EmbeddedStore(':memory:');
    const now = Date.now();
    const points: Point[] = [];
    for (let t = now - 20 * 60_000; t <= now; t += 60_000) {
      points.push({ measurement: 'interface', tags: { municipality: 'nordvik', school: 'storeng-skole', building: 'st-nord', link: 'uplink', device: 'st-nord-sw', interface: 'x' }, fields: { utilisation: 0.95, oper_up: 1, in_bps: 9.5e8, out_bps: 1e8 }, time: t });
    }
    await store.write(points);
    const state = new AlertStateStore(':memory:');
    const alerts = new AlertEvaluator(config, store, state, new Notifier(config, secrets, state, () => {}), { log: () => {} });
    await alerts.evaluate();
    const server = serve({ fetch: createApp({ config, secrets, store, alerts }).fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await new Promise((r) => server.close(r));
      state.close();
      await store.close();
    };
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  async function login(name: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${url}/login`);
    await page.fill('input[name=name]', name);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${url}/`);
    return page;
  }

  it("lets a network admin acknowledge and silence, and shows a planner only her municipality's alerts, without buttons", async () => {
    const ola = await login('ola');
    const row = ola.locator('#alerts tr[data-alert="linkLoad:uplink:st-nord"]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('td').first().textContent()).toBe('firing');
    await row.locator('button', { hasText: 'Acknowledge' }).click();
    await expect.poll(() => row.locator('td').first().textContent()).toBe('firing (acknowledged by ola)');
    await row.locator('button', { hasText: 'Silence 4 h' }).click();
    await expect.poll(() => row.locator('td').first().textContent()).toBe('firing (silenced)');
    expect(await row.locator('button').count()).toBe(0);

    // Kari plans for Fjordvik: she sees Fjordvik's (roll-out forecasts), not Storeng's, and no buttons.
    const kari = await login('kari');
    await expect.poll(() => kari.locator('#alerts tbody tr').count()).toBeGreaterThan(0);
    expect(await kari.locator('#alerts tr[data-alert="linkLoad:uplink:st-nord"]').count()).toBe(0);
    expect(await kari.locator('#alerts').textContent()).not.toContain('Storeng');
    expect(await kari.locator('#alerts button').count()).toBe(0);
  });
});
