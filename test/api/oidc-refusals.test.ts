// The ID token checks of a provider login, each refused on its own: a provider on loopback written
// here answers the code exchange with a token made by the test (signed by another key, for another
// client, from another issuer, expired, with another nonce). The same login with an honest token is
// let in, so each refusal is that check's alone. Nothing of a token reaches the log.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { grantOf } from '../../api/auth/claims.ts';
import { configSchema } from '../../config/schema.ts';
import { Secrets } from '../../config/secrets.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';

type Forge = (claims: JWTPayload) => Promise<string>;

describe('ID tokens a login refuses', () => {
  let server: Server;
  let issuer: string;
  let forge: Forge;
  let app: ReturnType<typeof createApp>;
  let store: EmbeddedStore;
  let nonce = '';
  let honestForge: Forge;
  const logged: string[] = [];
  const original = console.error;

  beforeAll(async () => {
    const trusted = await generateKeyPair('RS256', { extractable: true });
    const other = await generateKeyPair('RS256', { extractable: true });
    const sign = (key: Parameters<SignJWT['sign']>[0]) => (claims: JWTPayload) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(key);
    const publicJwk = { ...(await exportJWK(trusted.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      const url = new URL(req.url!, issuer);
      const answer = (body: unknown) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/.well-known/openid-configuration') {
        return answer({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'], code_challenge_methods_supported: ['S256'] });
      }
      if (url.pathname === '/jwks') return answer({ keys: [publicJwk] });
      if (url.pathname === '/token') {
        const now = Math.floor(Date.now() / 1000);
        void forge({ iss: issuer, aud: 'kapasitet', sub: 'subject-1', email: 'planner@fjordvik.example', groups: ['planners'], nonce, iat: now, exp: now + 300 }).then((idToken) => answer({ access_token: 'an access token', token_type: 'Bearer', id_token: idToken }));
        return;
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const honest: Forge = sign(trusted.privateKey);
    forge = honestForge = honest;
    const config = configSchema.parse({
      ...demoConfig(),
      access: {
        providers: [{ id: 'idp', name: 'Test ID', issuer, clientId: 'kapasitet', clientSecret: { secret: 'idp' }, municipalities: ['fjordvik'], rules: [{ claim: 'groups', equals: 'planners', role: 'facilities-planner', municipalities: ['fjordvik'] }] }],
      },
    });
    store = new EmbeddedStore(':memory:');
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    app = createApp({ config, secrets: Secrets.literal({ idp: 'the client secret 0123456789' }), store, host: '127.0.0.1' });
    // Each login's nonce, read from where Kapasitet sends the browser.
    login = async (tamper, next) => {
      const begun = await app.request(`/auth/idp/login${next === undefined ? '' : `?next=${encodeURIComponent(next)}`}`);
      const sent = new URL(begun.headers.get('location')!);
      nonce = sent.searchParams.get('nonce')!;
      forge = tamper ? (claims) => tamper(claims, honest, sign(other.privateKey)) : honest;
      const cookie = begun.headers.get('set-cookie')!.split(';')[0]!;
      const back = await app.request(`/auth/idp/callback?code=a-code&state=${sent.searchParams.get('state')}`, { headers: { cookie } });
      return back.headers.get('location');
    };
  });

  let login: (tamper?: (claims: JWTPayload, honest: Forge, otherKey: Forge) => Promise<string>, next?: string) => Promise<string | null>;

  afterAll(async () => {
    console.error = original;
    await new Promise((r) => server.close(r));
    await store.close();
  });

  const REFUSED = '/login?refused=failed&provider=idp';

  it('lets the honest token in', async () => {
    expect(await login()).toBe('/');
  });

  it('returns to the page asked for on this server, and never to another site however it is spelt', async () => {
    expect(await login(undefined, '/building?id=nu-gamle')).toBe('/building?id=nu-gamle');
    for (const next of ['/.//127.0.0.1:9/phish', '//127.0.0.1:9/phish', '/\\127.0.0.1:9/phish', '/a/..//127.0.0.1:9/phish']) expect(await login(undefined, next), next).toBe('/');
  });

  it('keeps a login under way however many strangers begin logins meanwhile', async () => {
    const begun = await app.request('/auth/idp/login');
    const sent = new URL(begun.headers.get('location')!);
    const cookie = begun.headers.get('set-cookie')!.split(';')[0]!;
    // More starts than any table of logins under way could hold, from anonymous clients.
    for (let i = 0; i < 12_000; i++) expect((await app.request('/auth/idp/login')).status).toBe(302);
    nonce = sent.searchParams.get('nonce')!;
    forge = honestForge;
    const back = await app.request(`/auth/idp/callback?code=a-code&state=${sent.searchParams.get('state')}`, { headers: { cookie } });
    expect(back.headers.get('location')).toBe('/');
  });

  it('refuses a login cookie that was altered, or sealed by another server', async () => {
    const begun = await app.request('/auth/idp/login');
    const sent = new URL(begun.headers.get('location')!);
    const [name, value] = begun.headers.get('set-cookie')!.split(';')[0]!.split('=') as [string, string];
    const altered = `${value.slice(0, 20)}${value[20] === 'A' ? 'B' : 'A'}${value.slice(21)}`;
    const back = await app.request(`/auth/idp/callback?code=a-code&state=${sent.searchParams.get('state')}`, { headers: { cookie: `${name}=${altered}` } });
    expect(back.headers.get('location')).toBe('/login?refused=expired&provider=idp');
  });

  it('refuses a token signed by a key the provider does not publish', async () => {
    expect(await login((claims, _honest, otherKey) => otherKey(claims))).toBe(REFUSED);
  });

  it('refuses a token for another client, or from another issuer', async () => {
    expect(await login((claims, honest) => honest({ ...claims, aud: 'another-client' }))).toBe(REFUSED);
    expect(await login((claims, honest) => honest({ ...claims, iss: 'https://idp.example' }))).toBe(REFUSED);
  });

  it('refuses an expired token beyond the allowed clock skew (60 s), and takes one within it', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await login((claims, honest) => honest({ ...claims, iat: now - 900, exp: now - 600 }))).toBe(REFUSED);
    expect(await login((claims, honest) => honest({ ...claims, iat: now - 300, exp: now - 20 }))).toBe('/');
  });

  it('refuses a token whose nonce is not the one this login sent', async () => {
    expect(await login((claims, honest) => honest({ ...claims, nonce: 'another nonce' }))).toBe(REFUSED);
  });

  it('logs why in words, and never a token', () => {
    expect(logged.some((l) => /login: idp: refused: /.test(l))).toBe(true);
    expect(logged.join('\n')).not.toMatch(/eyJ|the client secret|an access token/);
  });

  it('grants nothing outside what the provider may grant, whatever a rule says', () => {
    const provider = { id: 'p', name: 'P', issuer, clientId: 'c', clientSecret: { secret: 's' }, scopes: ['openid'], municipalities: ['fjordvik'], clockSkewSeconds: 60, rules: [{ claim: 'groups', equals: 'x', role: 'admin' as const, municipalities: ['nordvik'] }] };
    expect(grantOf(provider, { groups: ['x'] }, ['fjordvik', 'nordvik'])).toBeUndefined();
  });

  it("refuses in the config a rule granting outside its provider's municipalities", () => {
    const base = demoConfig();
    const result = configSchema.safeParse({
      ...base,
      municipalities: [...base.municipalities, { id: 'nordvik', name: 'Nordvik', timezone: 'Europe/Oslo' }],
      schools: base.schools.map((s) => ({ ...s, municipality: 'fjordvik' })),
      access: { providers: [{ id: 'idp', name: 'Test ID', issuer: 'https://idp.example', clientId: 'k', clientSecret: { secret: 'idp' }, municipalities: ['fjordvik'], rules: [{ claim: 'groups', equals: 'g', role: 'admin', municipalities: ['nordvik'] }] }] },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toContain('access.providers.0.rules.0.municipalities.0: this provider may grant only fjordvik');
  });
});
