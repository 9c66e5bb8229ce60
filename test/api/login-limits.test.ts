// Password guessing against a real HTTP server: bursts sent at once, a guesser behind the same
// address as everyone else, a reverse proxy in front, and plain HTTP by host name.
import { serve } from '@hono/node-server';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { clientAddress, proxyList } from '../../api/auth/client-address.ts';
import type { Config } from '../../config/schema.ts';
import type { Secrets } from '../../config/secrets.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { PASSWORD, twoMunicipalities } from '../support/two-municipalities.ts';

let config: Config;
let secrets: Secrets;
const running: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ({ config, secrets } = await twoMunicipalities());
});

afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
});

/** The API on a free loopback port; `server` settings merged into the config's. */
async function listen(server: Partial<Config['server']> = {}): Promise<string> {
  const store = new EmbeddedStore(':memory:');
  const app = createApp({ config: { ...config, server: { ...config.server, ...server } }, secrets, store, host: '127.0.0.1' });
  const http = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => http.once('listening', () => r()));
  running.push(async () => {
    await new Promise<void>((r) => http.close(() => r()));
    await store.close();
  });
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

const login = (base: string, name: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base, ...headers }, body: JSON.stringify({ name, password }) });

describe('login limits', () => {
  it('lets no guess through a burst of 50 wrong passwords and the right one sent at once, and locks nobody else out', async () => {
    const base = await listen();
    const burst = await Promise.all([...Array.from({ length: 50 }, () => login(base, 'ola', 'guess')), login(base, 'ola', PASSWORD)]);
    const statuses = burst.map((r) => r.status);
    expect(statuses).not.toContain(200);
    // At most the five free failures were checked at all; every other attempt was refused unread.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(45);
    expect(burst.find((r) => r.status === 429)!.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another account at the same address logs in at once.
    expect((await login(base, 'kari', PASSWORD)).status).toBe(200);
  });

  it('slows one account after five failures in a row, for seconds that double, not for an hour', async () => {
    const base = await listen();
    for (let i = 0; i < 5; i++) expect((await login(base, 'ola', 'guess')).status).toBe(401);
    const first = await login(base, 'ola', PASSWORD);
    expect(first.status).toBe(429);
    expect(Number(first.headers.get('retry-after'))).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await login(base, 'ola', 'guess')).status).toBe(401);
    const second = await login(base, 'ola', PASSWORD);
    expect(Number(second.headers.get('retry-after'))).toBe(2);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await login(base, 'ola', PASSWORD)).status).toBe(200);
  });

  it("never slows the owner's browser for strangers' guesses, and slows guessers spread over many addresses", async () => {
    const base = await listen({ trustedProxies: ['127.0.0.0/8'] });
    const from = (client: string, cookie?: string) => ({ 'x-forwarded-for': `${client}, 127.0.0.1`, ...(cookie ? { cookie } : {}) });
    // The owner logs in once from a browser; it keeps the cookie that says so.
    const first = await login(base, 'ola', PASSWORD, from('198.51.100.10'));
    expect(first.status).toBe(200);
    const known = first.headers.getSetCookie().find((c) => c.startsWith('kapasitet_known='))!.split(';')[0]!;
    const kari = await login(base, 'kari', PASSWORD, from('203.0.113.98'));
    const kariKnown = kari.headers.getSetCookie().find((c) => c.startsWith('kapasitet_known='))!.split(';')[0]!;
    // Strangers: five guesses from the owner's own address, and five each from three others: 20 in all.
    for (const address of ['198.51.100.10', '203.0.113.1', '203.0.113.2', '203.0.113.3']) for (let k = 0; k < 5; k++) expect((await login(base, 'ola', 'guess', from(address))).status).toBe(401);
    // At 20 failures from browsers the account has not used, a new client waits, whoever it is…
    const stranger = await login(base, 'ola', PASSWORD, from('203.0.113.99'));
    expect(stranger.status).toBe(429);
    expect(Number(stranger.headers.get('retry-after'))).toBeGreaterThan(50);
    // …and another account's known browser is a stranger to this one.
    expect((await login(base, 'ola', PASSWORD, from('203.0.113.98', kariKnown))).status).toBe(429);
    // The owner's browser, even at the address the guesses came from, logs in at once.
    expect((await login(base, 'ola', PASSWORD, from('198.51.100.10', known))).status).toBe(200);
  });

  it('behind a trusted proxy, slows the client that failed 100 times, not everyone behind the proxy', async () => {
    const base = await listen({ trustedProxies: ['127.0.0.0/8'] });
    const from = (client: string) => ({ 'x-forwarded-for': `${client}, 127.0.0.1` });
    // One guesser tries 101 names (past the 100 failures an address may have in 15 minutes).
    for (let i = 0; i < 101; i += 10) await Promise.all(Array.from({ length: Math.min(10, 101 - i) }, (_, j) => login(base, `guess${i + j}`, 'x', from('198.51.100.7'))));
    const guesser = await login(base, 'kari', PASSWORD, from('198.51.100.7'));
    expect(guesser.status).toBe(429);
    // Someone else behind the same proxy is not held with the guesser.
    expect((await login(base, 'kari', PASSWORD, from('198.51.100.8'))).status).toBe(200);

  });

  it('reads the client from X-Forwarded-For only when the peer is a trusted proxy, and only the hops it vouches for', async () => {
    const echo = new Hono().get('/', (c) => c.text(clientAddress(c, proxyList((c.req.query('trust') ?? '').split(' ').filter(Boolean)))));
    const http = serve({ fetch: echo.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => http.once('listening', () => r()));
    running.push(() => new Promise<void>((r) => http.close(() => r())));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
    const ask = async (trust: string, forwarded: string) => (await fetch(`${base}?trust=${encodeURIComponent(trust)}`, { headers: { 'x-forwarded-for': forwarded } })).text();
    // Nobody trusted: the header is anyone's to write, and the peer is the client.
    expect(await ask('', '198.51.100.7')).toBe('127.0.0.1');
    // The proxy trusted: the nearest hop it did not add itself.
    expect(await ask('127.0.0.1', '198.51.100.7')).toBe('198.51.100.7');
    // A client that sends its own header cannot hide behind a made-up address: the proxy appended the real one.
    expect(await ask('127.0.0.0/8', '10.9.9.9, 198.51.100.7')).toBe('198.51.100.7');
    // Two proxies in a row, both trusted.
    expect(await ask('127.0.0.1 10.0.0.0/8', '198.51.100.7, 10.0.0.2')).toBe('198.51.100.7');
    expect(await ask('127.0.0.1', 'not-an-address')).toBe('unknown');
  });

  it('says why a login over plain HTTP by host name cannot hold, instead of failing silently', async () => {
    const base = await listen();
    const byName = await loginAs(base, 'kapasitet.example');
    expect(byName.status).toBe(400);
    expect(JSON.parse(byName.body).message).toMatch(/plain HTTP.*server\.secureCookies: false/);
    // Through an HTTPS proxy it is fine, and so is plain HTTP when the setting allows it.
    const https = await loginAs(await listen({ trustedProxies: ['127.0.0.1'] }), 'kapasitet.example', { 'x-forwarded-proto': 'https' }, 'https');
    expect(https.status).toBe(200);
    expect(https.cookie).toMatch(/; Secure/);
    const allowed = await loginAs(await listen({ secureCookies: false }), 'kapasitet.example');
    expect(allowed.status).toBe(200);
    expect(allowed.cookie).not.toMatch(/Secure/);
  });
});

/** kari's login with the Host header a browser sends for `hostname` (fetch may not set Host). */
function loginAs(base: string, hostname: string, headers: Record<string, string> = {}, scheme = 'http'): Promise<{ status: number; body: string; cookie: string }> {
  const body = JSON.stringify({ name: 'kari', password: PASSWORD });
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/v1/session`, { method: 'POST', headers: { host: hostname, origin: `${scheme}://${hostname}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text, cookie: String(res.headers['set-cookie'] ?? '') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
