// Who may read what: tokens and logins, roles, and municipalities that share one installation but
// never each other's schools, measurements or plans.
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import type { Config } from '../../config/schema.ts';
import type { Secrets } from '../../config/secrets.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Point } from '../../store/point.ts';
import { PASSWORD, TOKENS, twoMunicipalities } from '../support/two-municipalities.ts';

const NOW = Date.parse('2026-11-24T09:00:00Z');
// Answers are checked field by field; their types are the API's own concern.
const body = async (res: Response): Promise<any> => res.json();

let config: Config;
let secrets: Secrets;

async function app(host = '127.0.0.1') {
  const store = new EmbeddedStore(':memory:');
  const uplink = (municipality: string, school: string, building: string): Point => ({
    measurement: 'interface',
    tags: { municipality, school, device: `${building}-sw`, interface: 'Te1/1/1', link: 'uplink', building },
    fields: { in_bps: 5e8, out_bps: 1e8, utilisation: 0.5 },
    time: NOW - 60_000,
  });
  await store.write([uplink('fjordvik', 'nordli-ungdomsskole', 'nu-gamle'), uplink('nordvik', 'storeng-skole', 'st-nord')]);
  return createApp({ config, secrets, store, host, now: () => NOW });
}

const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

beforeAll(async () => {
  ({ config, secrets } = await twoMunicipalities());
});

describe('municipalities sharing an installation', () => {
  it("gives a token its own municipality's schools and nothing of the other's", async () => {
    const api = await app();
    const overview = await body(await api.request('/api/v1/overview', as(TOKENS.fjordvikPlanner)));
    expect(overview.municipalities.map((m: any) => m.id)).toEqual(['fjordvik']);
    expect(overview.municipalities[0].schools.map((s: any) => s.id)).toEqual(['fjordvik-barneskole', 'nordli-ungdomsskole']);
    const inventory = await (await api.request('/api/v1/inventory', as(TOKENS.fjordvikPlanner))).text();
    expect(inventory).not.toContain('storeng');
    const plan = await body(await api.request('/api/v1/plan', as(TOKENS.fjordvikPlanner)));
    expect(plan.municipality.id).toBe('fjordvik');
    expect(plan.buildings.every((b: any) => b.schoolId !== 'storeng-skole')).toBe(true);
  });

  it('answers 404 for the other municipality whatever id is put in the URL', async () => {
    const api = await app();
    const tries = [
      '/api/v1/plan?municipality=nordvik',
      '/api/v1/plan/compare?municipality=nordvik&scenarios=today,one-to-one',
      '/api/v1/plan.csv?municipality=nordvik',
      '/api/v1/plan.xlsx?municipality=nordvik',
      '/api/v1/series?measurement=interface&field=in_bps&municipality=nordvik',
      '/api/v1/series?measurement=interface&field=in_bps&building=st-nord',
      '/api/v1/series?measurement=interface&field=in_bps&school=storeng-skole',
      '/api/v1/busy-hours?measurement=interface&field=in_bps&building=st-nord',
      '/api/v1/traffic/busy-hours?municipality=nordvik',
      '/api/v1/traffic/unclassified?school=storeng-skole',
      '/api/v1/series?measurement=access_point&field=clients&ap=st-nord-ap01',
    ];
    for (const path of tries) {
      const res = await api.request(path, as(TOKENS.fjordvikPlanner));
      expect(res.status, path).toBe(404);
      expect(await body(res), path).toMatchObject({ status: 404, field: expect.any(String) });
    }
    // The same building from its own municipality's token is there.
    const own = await body(await api.request('/api/v1/series?measurement=interface&field=in_bps&building=st-nord', as(TOKENS.nordvikAdmin)));
    expect(own.series[0].tags.municipality).toBe('nordvik');
  });

  it('answers in English, not with an error, to a language header naming an object\'s own machinery', async () => {
    const api = await app();
    for (const language of ['__proto__', 'constructor', 'toString', 'hasOwnProperty;q=0.9, __proto__']) {
      for (const path of ['/api/v1/plan', '/api/v1/plan.csv']) {
        const res = await api.request(path, { headers: { ...as(TOKENS.fjordvikPlanner).headers, 'accept-language': language } });
        expect(res.status, `${path} with ${language}`).toBe(200);
      }
      // This app runs no alert engine: it says so, in words, whatever the header.
      const alerts = await api.request('/api/v1/alerts', { headers: { ...as(TOKENS.fjordvikPlanner).headers, 'accept-language': language } });
      expect(alerts.status).toBe(404);
    }
  });

  it('asks an account of several municipalities which one it means', async () => {
    const api = await app();
    const res = await api.request('/api/v1/plan', as(TOKENS.everywhere));
    expect(res.status).toBe(400);
    expect(await body(res)).toMatchObject({ field: 'municipality', message: 'name a municipality: fjordvik, nordvik' });
    expect((await api.request('/api/v1/plan?municipality=nordvik', as(TOKENS.everywhere))).status).toBe(200);
  });
});

describe('roles', () => {
  it('keeps plans from viewers and device addresses from everyone but network roles', async () => {
    const api = await app();
    const denied = await api.request('/api/v1/plan', as(TOKENS.fjordvikViewer));
    expect(denied.status).toBe(403);
    expect((await body(denied)).message).toBe('the role viewer may not read plans');
    expect((await api.request('/api/v1/overview', as(TOKENS.fjordvikViewer))).status).toBe(200);
    const planner = await body(await api.request('/api/v1/inventory', as(TOKENS.fjordvikPlanner)));
    expect(planner.municipalities[0].schools[0].devices[0]).not.toHaveProperty('host');
    const noc = await body(await api.request('/api/v1/inventory', as(TOKENS.nordvikAdmin)));
    expect(noc.municipalities[0].schools[0].devices[0]).toMatchObject({ host: '127.0.0.1', version: '2c' });
  });

  it('lists accounts to admins without a hash or token, and to no one else', async () => {
    const api = await app();
    expect((await api.request('/api/v1/accounts', as(TOKENS.nordvikAdmin))).status).toBe(403);
    const text = await (await api.request('/api/v1/accounts', as(TOKENS.everywhere))).text();
    expect(JSON.parse(text).accounts.map((a: any) => a.name)).toEqual(['kari', 'ola', 'wall', 'budget', 'noc', 'ops']);
    for (const secret of [...Object.values(TOKENS), 'scrypt$']) expect(text).not.toContain(secret);
  });

  it('serves /metrics to network roles and admins, not to viewers or planners', async () => {
    const api = await app();
    expect((await api.request('/metrics', as(TOKENS.fjordvikViewer))).status).toBe(403);
    expect((await api.request('/metrics', as(TOKENS.fjordvikPlanner))).status).toBe(403);
    expect((await api.request('/metrics', as(TOKENS.nordvikAdmin))).status).toBe(200);
    expect((await api.request('/metrics', as(TOKENS.everywhere))).status).toBe(200);
  });

  it('refuses a wrong token outright, and requests without credentials once accounts exist', async () => {
    const api = await app();
    const wrong = await api.request('/api/v1/overview', as('not-a-token'));
    expect(wrong.status).toBe(401);
    expect((await api.request('/api/v1/overview')).status).toBe(401);
    // Public: health, the OpenAPI document.
    expect((await api.request('/api/v1/health')).status).toBe(200);
  });
});

describe('logging in', () => {
  const login = (api: Awaited<ReturnType<typeof app>>, name: string, password: string, headers: Record<string, string> = {}) =>
    api.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name, password }) });

  it('sets a secure, HTTP-only, same-site session cookie that reads as the user, until logout', async () => {
    const api = await app();
    const res = await login(api, 'kari', PASSWORD);
    expect(res.status).toBe(200);
    expect(await body(res)).toMatchObject({ name: 'kari', role: 'facilities-planner', municipalities: [{ id: 'fjordvik', name: 'Fjordvik kommune' }] });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = { headers: { cookie: cookie.split(';')[0]! } };
    expect((await body(await api.request('/api/v1/session', session))).name).toBe('kari');
    expect((await api.request('/api/v1/plan', session)).status).toBe(200);
    // A browser sends its page's origin with the DELETE; the CSRF check wants it to be this server.
    expect((await api.request('/api/v1/session', { method: 'DELETE', headers: { ...session.headers, origin: 'https://evil.example' } })).status).toBe(403);
    expect((await api.request('/api/v1/session', { method: 'DELETE', headers: { ...session.headers, origin: 'http://localhost' } })).status).toBe(204);
    expect((await api.request('/api/v1/session', session)).status).toBe(401);
  });

  it('ends a session\'s live streams at logout, so a shared screen stops showing the data', async () => {
    const api = await app();
    const cookie = (await login(api, 'kari', PASSWORD)).headers.get('set-cookie')!.split(';')[0]!;
    const stream = await api.request('/api/v1/live', { headers: { cookie } });
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toMatch(/^event: overview/);
    await api.request('/api/v1/session', { method: 'DELETE', headers: { cookie, origin: 'http://localhost' } });
    // The stream ends: the reader sees its end rather than waiting for the next poll.
    let chunk = await reader.read();
    while (!chunk.done && /^: keepalive/.test(chunk.value ?? '')) chunk = await reader.read();
    expect(chunk.done).toBe(true);
  });

  it('says only "wrong name or password", and locks an account and address out after five failures', async () => {
    const api = await app();
    const unknown = await login(api, 'nobody', 'x');
    expect(unknown.status).toBe(401);
    const wrong = await login(api, 'ola', 'x');
    // The same answer for an unknown name and a wrong password: a guesser learns no names.
    expect(await body(unknown)).toEqual({ status: 401, message: 'wrong name or password' });
    expect(await body(wrong)).toEqual({ status: 401, message: 'wrong name or password' });
    for (let i = 0; i < 4; i++) expect((await login(api, 'ola', 'guess')).status).toBe(401);
    const locked = await login(api, 'ola', PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same address is not locked by ola's failures.
    expect((await login(api, 'kari', PASSWORD)).status).toBe(200);
  });

  it('refuses a login form posted from another site, and a body that is not the login', async () => {
    const api = await app();
    const forged = await api.request('http://127.0.0.1/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: 'name=kari&password=x' });
    expect(forged.status).toBe(403);
    const bad = await api.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'kari' }) });
    expect(bad.status).toBe(400);
    expect(await body(bad)).toMatchObject({ status: 400, field: 'password', message: expect.stringMatching(/^body field password: /) });
  });
});

describe('anonymous reading', () => {
  it('is open on loopback when no accounts are configured, never on another address', async () => {
    const saved = config;
    config = { ...config, access: { ...config.access, users: [], tokens: [] } };
    try {
      const loopback = await app('127.0.0.1');
      const me = await body(await loopback.request('/api/v1/session'));
      expect(me).toMatchObject({ kind: 'anonymous', role: 'facilities-planner', notice: expect.stringContaining('loopback') });
      expect((await loopback.request('/api/v1/overview')).status).toBe(200);
      const exposed = await app('0.0.0.0');
      expect((await exposed.request('/api/v1/overview')).status).toBe(401);
    } finally {
      config = saved;
    }
  });
});

describe('the OpenAPI document', () => {
  it('describes every route the API answers, from the same schemas', async () => {
    const api = await app();
    const doc = await body(await api.request('/api/v1/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      ['/api/v1/accounts', '/api/v1/alerts', '/api/v1/alerts/acknowledge', '/api/v1/alerts/history', '/api/v1/alerts/silences', '/api/v1/alerts/silences/{id}', '/api/v1/busy-hours', '/api/v1/health', '/api/v1/inventory', '/api/v1/live', '/api/v1/login/providers', '/api/v1/overview', '/api/v1/overview/buildings/{id}', '/api/v1/plan', '/api/v1/plan.csv', '/api/v1/plan.xlsx', '/api/v1/plan/compare', '/api/v1/series', '/api/v1/session', '/api/v1/session/locale', '/api/v1/traffic/busy-hours', '/api/v1/traffic/classes', '/api/v1/traffic/unclassified'].sort(),
    );
    expect(doc.paths['/api/v1/series'].get.parameters.map((p: any) => p.name)).toContain('aggregation');
    expect(doc.components.schemas.Plan.properties.buildings).toBeDefined();
  });
});
