// Logging in through the municipality's identity provider, in Chromium, against real OpenID
// Providers on loopback (oidc-provider): a merger's two councils, each with its own provider. A
// planner of Fjordvik sees Fjordvik's plan and not Nordvik's; a viewer cannot reach plans; someone
// whose claims grant nothing is told so and gets no session; logging out ends the session here and
// at the provider; a replayed callback and a mismatched state are refused.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { configSchema } from '../../config/schema.ts';
import { Secrets } from '../../config/secrets.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { launchChromium } from '../support/browser.ts';
import { startIdentityProvider, type RunningProvider } from '../support/identity-provider.ts';
import { TOKENS, twoMunicipalities } from '../support/two-municipalities.ts';

describe('login through an identity provider, in Chromium', () => {
  let browser: Browser;
  let app: string;
  let fjordvikIdp: RunningProvider;
  let nordvikIdp: RunningProvider;
  let close: () => Promise<void>;
  const logged: string[] = [];

  beforeAll(async () => {
    fjordvikIdp = await startIdentityProvider({
      'planner-a': { email: 'planner@fjordvik.example', groups: ['fjordvik-planners'] },
      'viewer-a': { email: 'wall@fjordvik.example', groups: ['fjordvik-staff'] },
      pupil: { email: 'pupil@fjordvik.example', groups: ['pupils'] },
    });
    nordvikIdp = await startIdentityProvider({ 'planner-b': { email: 'planner@nordvik.example', groups: ['nordvik-planners'] } });
    const { config: base } = await twoMunicipalities();
    /** A council's own provider, bound to that council. */
    const council = (municipality: string, idp: RunningProvider, clientId: string) => ({
      id: `${municipality}-idp`,
      name: `${municipality[0]!.toUpperCase()}${municipality.slice(1)} ID`,
      issuer: idp.issuer,
      clientId,
      clientSecret: { secret: `${municipality}-idp` },
      scopes: ['openid', 'email', 'groups'],
      municipalities: [municipality],
    });
    const config = configSchema.parse({
      ...base,
      access: {
        ...base.access,
        users: base.access.users.map(({ name, passwordHash, role, municipalities }) => ({ name, passwordHash, role, municipalities })),
        providers: [
          { ...council('fjordvik', fjordvikIdp, 'kapasitet'), contact: 'the Fjordvik IT service desk', rules: [
            { claim: 'groups', equals: 'fjordvik-planners', role: 'facilities-planner', municipalities: ['fjordvik'] },
            { claim: 'groups', equals: ['fjordvik-staff', 'fjordvik-planners'], role: 'viewer', municipalities: ['fjordvik'] },
          ] },
          { ...council('nordvik', nordvikIdp, 'kapasitet-nordvik'), rules: [{ claim: 'groups', equals: 'nordvik-planners', role: 'facilities-planner', municipalities: ['nordvik'] }] },
        ],
      },
    });
    const secrets = Secrets.literal({ wall: TOKENS.fjordvikViewer, budget: TOKENS.fjordvikPlanner, noc: TOKENS.nordvikAdmin, ops: TOKENS.everywhere, 'fjordvik-idp': 'fjordvik client secret 0123456789', 'nordvik-idp': 'nordvik client secret 0123456789' });
    const store = new EmbeddedStore(':memory:');
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    const server = serve({ fetch: createApp({ config, secrets, store, host: '127.0.0.1' }).fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    app = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await fjordvikIdp.serve({ clientId: 'kapasitet', clientSecret: 'fjordvik client secret 0123456789', redirectUri: `${app}/auth/fjordvik-idp/callback`, postLogoutRedirectUri: `${app}/login` });
    await nordvikIdp.serve({ clientId: 'kapasitet-nordvik', clientSecret: 'nordvik client secret 0123456789', redirectUri: `${app}/auth/nordvik-idp/callback`, postLogoutRedirectUri: `${app}/login` });
    browser = await launchChromium();
    close = async () => {
      console.error = original;
      await new Promise((r) => server.close(r));
      await store.close();
    };
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await close?.();
    await fjordvikIdp?.stop();
    await nordvikIdp?.stop();
  });

  /** Through the login page and the provider's own pages (its login, then its consent), back to Kapasitet. */
  async function logIn(page: Page, provider: string, account: string): Promise<void> {
    await page.goto(`${app}/login?next=%2Fplan`);
    await page.getByRole('link', { name: `Log in with ${provider}` }).click();
    await page.locator('input[name="login"]').fill(account);
    await page.locator('input[name="password"]').fill('any password: the test provider takes it');
    await page.locator('button[type="submit"]').click();
    // The provider asks once to share the claims with Kapasitet.
    await page.waitForURL((url) => url.origin === app || url.pathname.includes('interaction'));
    if (!page.url().startsWith(app)) await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => url.origin === app);
  }

  const api = (page: Page, path: string) => page.evaluate(async (p) => {
    const res = await fetch(p, { credentials: 'same-origin' });
    return { status: res.status, body: await res.json().catch(() => null) };
  }, path);

  it("lists both providers and the password form, and lets Fjordvik's planner see Fjordvik's plan and not Nordvik's", async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(`${app}/login`);
    await expect.poll(() => page.locator('#providers a').allTextContents()).toEqual(['Log in with Fjordvik ID', 'Log in with Nordvik ID']);
    expect(await page.locator('#login').isVisible()).toBe(true);

    await logIn(page, 'Fjordvik ID', 'planner-a');
    expect(new URL(page.url()).pathname).toBe('/plan');
    await expect.poll(() => page.locator('#who').textContent()).toContain('planner@fjordvik.example via Fjordvik ID: facilities planner for Fjordvik kommune');
    const session = await api(page, '/api/v1/session');
    // Both of Fjordvik's rules match; the higher role wins.
    expect(session.body).toMatchObject({ kind: 'user', role: 'facilities-planner', via: 'Fjordvik ID', municipalities: [{ id: 'fjordvik' }] });
    expect((await api(page, '/api/v1/plan?municipality=fjordvik')).status).toBe(200);
    expect((await api(page, '/api/v1/plan?municipality=nordvik')).status).toBe(404);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'kapasitet_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // The ID token and the client secret stay on the server.
    expect(JSON.stringify(session.body)).not.toMatch(/eyJ|client secret/);

    // Logging out ends the session here and at the provider: the next login asks for the password again.
    const visited: string[] = [];
    page.on('framenavigated', (frame) => visited.push(frame.url()));
    await page.locator('#who button').click();
    // The provider's own logout page asks to confirm, then sends the browser back to the login page.
    await page.waitForURL((url) => url.origin === fjordvikIdp.issuer);
    await page.locator('button[autofocus], button[type="submit"]').first().click();
    await page.waitForURL(`${app}/login`);
    expect(visited.some((u) => u.startsWith(`${fjordvikIdp.issuer}/session/end`))).toBe(true);
    expect((await api(page, '/api/v1/session')).status).toBe(401);
    await page.getByRole('link', { name: 'Log in with Fjordvik ID' }).click();
    await expect(page.locator('input[name="login"]').waitFor({ timeout: 10_000 })).resolves.toBeUndefined();
    await page.context().close();
  });

  it("keeps a viewer from plans, and gives Nordvik's provider Nordvik only", async () => {
    const viewer = await browser.newPage({ locale: 'en-GB' });
    await logIn(viewer, 'Fjordvik ID', 'viewer-a');
    expect((await api(viewer, '/api/v1/session')).body).toMatchObject({ role: 'viewer', municipalities: [{ id: 'fjordvik' }] });
    expect((await api(viewer, '/api/v1/plan?municipality=fjordvik')).status).toBe(403);
    expect((await api(viewer, '/api/v1/overview')).status).toBe(200);
    await viewer.context().close();

    const nordvik = await browser.newPage({ locale: 'en-GB' });
    await logIn(nordvik, 'Nordvik ID', 'planner-b');
    expect((await api(nordvik, '/api/v1/session')).body).toMatchObject({ role: 'facilities-planner', via: 'Nordvik ID', municipalities: [{ id: 'nordvik' }] });
    expect((await api(nordvik, '/api/v1/plan?municipality=nordvik')).status).toBe(200);
    expect((await api(nordvik, '/api/v1/plan?municipality=fjordvik')).status).toBe(404);
    await nordvik.context().close();
  });

  it('tells someone whose claims grant no role so, and who to ask, with no session', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await logIn(page, 'Fjordvik ID', 'pupil');
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect.poll(() => page.locator('#refused').textContent()).toBe('You logged in at Fjordvik ID, but your account there is given no role in Kapasitet. Ask the Fjordvik IT service desk for access.');
    expect((await api(page, '/api/v1/session')).status).toBe(401);
    expect(logged.some((l) => /pupil@fjordvik\.example logged in at the provider, but no rule grants a role/.test(l))).toBe(true);
    await page.context().close();
  });

  it('sends a stale bookmark to a provider no longer configured back to the login page, which says so in words', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(`${app}/auth/${encodeURIComponent('<b>old-idp</b>')}/login`);
    await page.waitForURL(/\/login\?refused=unknown/);
    // The id comes from the address bar: shown as text, never as markup.
    await expect.poll(() => page.locator('#refused').textContent()).toBe('There is no login through “<b>old-idp</b>” here (an old bookmark?). Choose one of the ways below.');
    expect(await page.locator('#refused b').count()).toBe(0);
    expect(await page.locator('#providers a').count()).toBe(2);
    // Coming back from a provider taken out of the config meanwhile: the same.
    const back = await page.request.get(`${app}/auth/old-idp/callback?code=c&state=s`, { maxRedirects: 0 });
    expect(back.status()).toBe(302);
    expect(back.headers().location).toBe('/login?refused=unknown&provider=old-idp');
    await page.context().close();
  });

  it('refuses a callback replayed, and one whose state is not the one this browser was given', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    let callback: string | undefined;
    page.on('request', (r) => {
      if (r.url().includes('/auth/fjordvik-idp/callback')) callback = r.url();
    });
    await logIn(page, 'Fjordvik ID', 'planner-a');
    expect(callback).toBeDefined();
    // The same code again, from the same browser: the login it belonged to is over.
    await page.goto(callback!);
    await page.waitForURL(/\/login\?refused=expired/);
    await expect.poll(() => page.locator('#refused').textContent()).toBe('The login took too long, or was begun in another browser. Try again.');

    // A login begun, then answered with another state.
    const begun = await page.request.get(`${app}/auth/fjordvik-idp/login`, { maxRedirects: 0 });
    expect(begun.status()).toBe(302);
    const sent = new URL(begun.headers().location!);
    expect(sent.origin).toBe(fjordvikIdp.issuer);
    expect(sent.searchParams.get('code_challenge_method')).toBe('S256');
    const forged = await page.request.get(`${app}/auth/fjordvik-idp/callback?code=anything&state=not-${sent.searchParams.get('state')}`, { maxRedirects: 0 });
    expect(forged.headers().location).toBe('/login?refused=expired&provider=fjordvik-idp');
    await page.context().close();
  });
});
