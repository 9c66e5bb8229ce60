// The demo's three accounts, as `npm start` prints them: each logs in through the form and sees its
// role's view (who it is, and what it may do).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDemoAccounts, type DemoAccount } from '../../cli/demo-accounts.ts';
import type { RunningServer } from '../../cli/server.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { demoInBrowser } from '../support/browser.ts';
import { installed } from '../support/servers.ts';

describe.runIf(installed('chromium'))('the demo accounts', () => {
  let demo: Awaited<ReturnType<typeof demoInBrowser>>;
  let server: RunningServer;
  let accounts: DemoAccount[];
  beforeAll(async () => {
    const prepared = await withDemoAccounts(demoConfig());
    accounts = prepared.accounts;
    demo = await demoInBrowser({
      seed: 8,
      historyDays: 0,
      configure: (config) => {
        config.access.users = prepared.config.access.users;
        config.access.anonymousRead = true;
      },
    });
    server = demo.server;
  }, 120_000);
  afterAll(async () => demo?.stop());

  it('makes an administrator, a network administrator and a planner, each with a password of its own', () => {
    expect(accounts.map((a) => [a.name, a.role])).toEqual([
      ['admin', 'admin'],
      ['nettverk', 'network-admin'],
      ['planlegger', 'facilities-planner'],
    ]);
    expect(new Set(accounts.map((a) => a.password)).size).toBe(3);
    for (const a of accounts) expect(a.password).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });

  it("logs each in through the form, to its role's view", async () => {
    const expected: Record<string, { role: string; acts: boolean; accounts: boolean }> = {
      admin: { role: 'administrator', acts: true, accounts: true },
      nettverk: { role: 'network administrator', acts: true, accounts: false },
      planlegger: { role: 'facilities planner', acts: false, accounts: false },
    };
    for (const a of accounts) {
      const context = await demo.browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.locator('#login').waitFor();
      await page.fill('input[name=name]', a.name);
      await page.fill('input[name=password]', a.password);
      await page.locator('#login button[type=submit]').click();
      await page.waitForURL(`${server.url}/`);
      await expect.poll(() => page.locator('#who').textContent()).toContain(`${a.name} · ${expected[a.name]!.role}`);
      const session = (await page.evaluate(async () => (await fetch('/api/v1/session')).json())) as { permissions: string[] };
      expect(session.permissions.includes('write:alerts'), a.name).toBe(expected[a.name]!.acts);
      expect(session.permissions.includes('read:accounts'), a.name).toBe(expected[a.name]!.accounts);
      expect(session.permissions).toContain('read:plans');
      await context.close();
    }
  });

  it('refuses a wrong password in the reader\'s language', async () => {
    const context = await demo.browser.newContext({ locale: 'nb-NO', extraHTTPHeaders: { 'Accept-Language': 'nb' } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.locator('#login').waitFor();
    await page.fill('input[name=name]', 'planlegger');
    await page.fill('input[name=password]', 'not the password');
    await page.locator('#login button[type=submit]').click();
    await expect.poll(() => page.locator('#status-line').textContent()).toBe('Feil navn eller passord.');
    await context.close();
  });
});
