// Logging in from the browser: the login page, the session cookie over plain HTTP on loopback
// (Chromium accepts Secure cookies from loopback), the way back to the page that asked, and out again.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { launchChromium } from '../support/browser.ts';
import { PASSWORD, twoMunicipalities } from '../support/two-municipalities.ts';

describe('login in Chromium', () => {
  let browser: Browser;
  let close: () => Promise<void>;
  let url: string;

  beforeAll(async () => {
    const { config, secrets } = await twoMunicipalities();
    const store = new EmbeddedStore(':memory:');
    const server = serve({ fetch: createApp({ config, secrets, store }).fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await new Promise((r) => server.close(r));
      await store.close();
    };
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  it('sends a reader without a session to log in, back to the page after, showing only their municipality', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/plan`);
    await page.waitForURL(/\/login\?next=%2Fplan/);
    await page.fill('input[name=name]', 'kari');
    await page.fill('input[name=password]', 'wrong password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('#status-line').textContent()).toBe('Wrong name or password.');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${url}/plan`);
    await expect.poll(() => page.locator('#who').textContent()).toContain('kari · facilities planner');
    await expect.poll(() => page.locator('#plan tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#plan tbody').textContent()).not.toContain('Storeng');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'kapasitet_session')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
    await page.click('#who button');
    await page.waitForURL(/\/login/);
    await page.goto(`${url}/`);
    await page.waitForURL(/\/login/);
  });

  it('never puts a password in the address: the form is hidden until its script is ready, and posts if sent without it', async () => {
    const page = await browser.newPage();
    const asked: string[] = [];
    page.on('request', (r) => asked.push(`${r.method()} ${r.url()}`));
    // A page whose script never arrives (slow, or blocked).
    await page.route('**/web/login.js', (route) => route.abort());
    await page.goto(`${url}/login?next=%2Fplan`);
    expect(await page.locator('#login').isVisible()).toBe(false);
    // Even shown and submitted by hand, the form posts: the password is in no address.
    await page.evaluate("document.querySelector('#login').removeAttribute('hidden')");
    await page.fill('input[name=name]', 'kari');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/refused=unfinished/);
    expect(new URL(page.url()).searchParams.get('next')).toBe('/plan');
    expect(asked.join('\n')).not.toContain(encodeURIComponent(PASSWORD));
    expect(asked.join('\n')).not.toContain('password=');
    expect(asked).toContain(`POST ${url}/login?next=%2Fplan`);
    // With its script, the page says in words what happened, and logs in from there.
    await page.unroute('**/web/login.js');
    await page.reload();
    await expect.poll(() => page.locator('#refused').textContent()).toBe('The page had not finished loading, so nothing was sent. Log in again.');
    await page.fill('input[name=name]', 'kari');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${url}/plan`);
  });
});
