// Logging in and out, who is logged in, and (for admins) which accounts exist.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { need, SESSION_COOKIE, type ApiEnv } from '../auth/middleware.ts';
import { clientAddress, overHttps, proxyList, publicOrigin } from '../auth/client-address.ts';
import type { IdentityProviders } from '../auth/oidc.ts';
import { KNOWN_BROWSER_COOKIE, KNOWN_BROWSER_SECONDS, knownBrowser, rememberBrowser } from '../auth/known-browsers.ts';
import { LoginLimit } from '../auth/login-limit.ts';
import type { Sealer } from '../auth/sealed.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { scopeOf, type Principal } from '../auth/principal.ts';
import { allows, permissions } from '../auth/roles.ts';
import type { Sessions } from '../auth/sessions.ts';
import { fail } from '../errors.ts';
import { errorResponses, json } from '../schemas/common.ts';
import { localeChoiceSchema, loginSchema, logoutSchema, sessionSchema } from '../schemas/session.ts';
import { LOCALE_COOKIE } from '../auth/reader-locale.ts';
import { LOCALE_NAMES, LOCALES, type Locale } from '../../i18n/locales.ts';
import type { Api, RouteContext } from './context.ts';

const accountsSchema = z
  .object({ accounts: z.array(z.object({ name: z.string(), kind: z.enum(['user', 'token']), role: z.string(), municipalities: z.array(z.string()) })) })
  .openapi('Accounts');

/** Browsers keep a Secure cookie from plain HTTP only on loopback names. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export function sessionRoutes(app: Api, ctx: RouteContext & { sessions: Sessions; sessionMs: number; providers: IdentityProviders; sealer: Sealer; anonymousNotice?: string }): void {
  const limit = new LoginLimit();
  const proxies = proxyList(ctx.config.server.trustedProxies);
  const secure = ctx.config.server.secureCookies;
  const viaHttps = (c: Context) => overHttps(c, proxies);
  // Unknown names are checked against a hash too, so the answer's timing does not tell which names exist.
  const decoy = hashPassword('not a password of anyone');
  const describe = (p: Principal, c: Context, chosen?: Locale) =>
    sessionSchema.parse({
      locale: chosen ?? ctx.locales.of(p, c),
      locales: LOCALES.map((id) => ({ id, name: LOCALE_NAMES[id] })),
      name: p.name,
      kind: p.kind,
      ...(p.via ? { via: p.via } : {}),
      role: p.role,
      permissions: permissions.filter((x) => allows(p.role, x)),
      municipalities: ctx.config.municipalities.filter((m) => p.municipalities.has(m.id)).map((m) => ({ id: m.id, name: m.name, timezone: m.timezone })),
      demo: ctx.demo,
      ...(p.kind === 'anonymous' && ctx.anonymousNotice ? { notice: ctx.anonymousNotice } : {}),
      ...storeDown(),
    });
  const storeDown = () => {
    const health = ctx.storeHealth?.();
    return health?.status === 'down' ? { storeDownSince: health.since } : {};
  };

  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/session', tags: ['session'], summary: 'who is asking, with role and municipalities', responses: { 200: json(sessionSchema, 'the current account'), ...errorResponses } }),
    (c) => c.json(describe(c.get('principal'), c), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/session/locale',
      tags: ['session'],
      summary: "the reader's language: kept for the account, and in the browser",
      request: { body: { required: true, content: { 'application/json': { schema: localeChoiceSchema } } } },
      responses: { 200: json(sessionSchema, 'the session in the chosen language'), ...errorResponses },
    }),
    (c) => {
      const { locale } = c.req.valid('json');
      const p = c.get('principal');
      ctx.locales.choose(p, locale);
      // Not HTTP-only: the login page, before any session, reads it to speak the same language.
      setCookie(c, LOCALE_COOKIE, locale, { secure: secure && viaHttps(c), sameSite: 'Strict', path: '/', maxAge: 365 * 86_400 });
      return c.json(describe(p, c, locale), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/session',
      tags: ['session'],
      summary: 'log in: sets an HTTP-only session cookie',
      request: { body: { required: true, content: { 'application/json': { schema: loginSchema } } } },
      responses: { 200: json(sessionSchema, 'logged in'), 429: json(z.object({ status: z.number(), message: z.string() }), 'too many failed logins; Retry-After says when to try again'), ...errorResponses },
    }),
    async (c) => {
      const { name, password } = c.req.valid('json');
      if (!ctx.config.access.localLogin) fail(403, 'logging in with a name and password is turned off here (access.localLogin): log in through your identity provider');
      if (secure && !viaHttps(c) && !LOOPBACK_NAMES.has(new URL(c.req.url).hostname)) {
        // The browser would drop the Secure cookie and the login would seem to do nothing.
        fail(400, 'This server is reached over plain HTTP, so the browser would not keep the login. Open it over HTTPS (a reverse proxy in front, see the README), or on a trusted network set server.secureCookies: false.');
      }
      const known = getCookie(c, KNOWN_BROWSER_COOKIE);
      const browser = knownBrowser(ctx.sealer, known, name, Date.now());
      const reservation = await limit.reserve({ name, address: clientAddress(c, proxies), ...(browser ? { knownBrowser: browser } : {}) });
      if (!reservation.ok) {
        c.header('Retry-After', String(Math.ceil(reservation.waitMs / 1000)));
        fail(429, `${reservation.reason}; try again in ${describeWait(reservation.waitMs)}`);
      }
      let user;
      try {
        user = ctx.config.access.users.find((u) => u.name === name);
        const ok = await verifyPassword(password, user?.passwordHash ?? (await decoy));
        if (!user || !ok) {
          await reservation.failed();
          fail(401, 'wrong name or password');
        }
        await reservation.succeeded();
      } finally {
        reservation.release();
      }
      const principal: Principal = { name: user.name, kind: 'user', role: user.role, municipalities: scopeOf(ctx.config, user.municipalities) };
      setCookie(c, SESSION_COOKIE, ctx.sessions.create(principal), { httpOnly: true, secure, sameSite: 'Strict', path: '/', maxAge: Math.round(ctx.sessionMs / 1000) });
      // This browser is now one the account has used: strangers' guesses will not slow it (login-limit.ts).
      setCookie(c, KNOWN_BROWSER_COOKIE, rememberBrowser(ctx.sealer, known, user.name, Date.now()), { httpOnly: true, secure, sameSite: 'Strict', path: '/api/v1/session', maxAge: KNOWN_BROWSER_SECONDS });
      return c.json(describe(principal, c), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/session',
      tags: ['session'],
      summary: 'log out; a login through an identity provider answers where to end it there too',
      responses: { 200: json(logoutSchema, 'logged out here; the browser goes on to the provider'), 204: { description: 'logged out' }, ...errorResponses },
    }),
    async (c: Context<ApiEnv>) => {
      const id = getCookie(c, SESSION_COOKIE);
      const provider = id ? ctx.sessions.end(id) : undefined;
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
      // RP-initiated logout: the provider ends its own session and sends the browser back to the login page.
      const logoutUrl = provider ? await ctx.providers.logoutUrl(provider.provider, provider.idToken, `${publicOrigin(c, proxies)}/login`) : undefined;
      return (logoutUrl ? c.json({ logoutUrl }, 200) : c.body(null, 204)) as never;
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/accounts', tags: ['session'], summary: 'users and tokens (admin): names, roles, municipalities, never a hash or token', responses: { 200: json(accountsSchema, 'the accounts'), ...errorResponses } }),
    (c) => {
      const admin = need(c, 'read:accounts');
      const { users, tokens } = ctx.config.access;
      // An admin sees the accounts that share a municipality with them, not another council's staff.
      const shared = (listed: string[]) => [...scopeOf(ctx.config, listed)].some((m) => admin.municipalities.has(m));
      const accounts = [...users.map((u) => ({ ...u, kind: 'user' as const })), ...tokens.map((t) => ({ ...t, kind: 'token' as const }))].filter((a) => shared(a.municipalities)).map((a) => ({ name: a.name, kind: a.kind, role: a.role, municipalities: a.municipalities }));
      return c.json(accountsSchema.parse({ accounts }), 200);
    },
  );
}

/** "20 s", "3 min": how long to wait, as a person reads it. */
function describeWait(ms: number): string {
  return ms < 90_000 ? `${Math.ceil(ms / 1000)} s` : `${Math.ceil(ms / 60_000)} min`;
}
