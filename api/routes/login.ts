// Logging in through the municipality's identity provider. The browser is sent to the provider
// (/auth/<id>/login) and comes back (/auth/<id>/callback); the provider's claims grant a role and
// municipalities by the config's rules, or nothing: then the login page says so and who to ask, and
// no session is made. The session is the one a password login makes.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { grantOf } from '../auth/claims.ts';
import { overHttps, proxyList, publicOrigin } from '../auth/client-address.ts';
import { SESSION_COOKIE } from '../auth/middleware.ts';
import { IdentityProviders, LoginRefused, PENDING_MS } from '../auth/oidc.ts';
import type { Principal } from '../auth/principal.ts';
import type { Sessions } from '../auth/sessions.ts';
import { json } from '../schemas/common.ts';
import { pathOnServer } from '../../web/next.js';
import type { Api, RouteContext } from './context.ts';

/** Holds the login under way in this browser, sealed; sent back on the provider's redirect (SameSite=Lax). */
const PENDING_COOKIE = 'kapasitet_login';

export const loginProvidersSchema = z
  .object({
    localLogin: z.boolean().describe('whether the name-and-password form is on'),
    providers: z.array(z.object({ id: z.string(), name: z.string(), href: z.string().describe('where the login page sends the browser'), contact: z.string().optional().describe('who grants access') })),
  })
  .openapi('LoginProviders');

/** The words people log in by: an address or a user name before the provider's opaque subject id. */
function nameOf(claims: Record<string, unknown>): string {
  for (const claim of ['email', 'preferred_username', 'upn', 'name', 'sub']) {
    const value = claims[claim];
    if (typeof value === 'string' && value.length > 0) return value.slice(0, 200);
  }
  return 'unknown';
}

export function loginRoutes(app: Api, ctx: RouteContext & { sessions: Sessions; sessionMs: number; providers: IdentityProviders; log?: (message: string) => void }): void {
  const proxies = proxyList(ctx.config.server.trustedProxies);
  const secure = (c: Context) => ctx.config.server.secureCookies && overHttps(c, proxies);
  const log = ctx.log ?? ((message: string) => console.error(message));
  const allMunicipalities = ctx.config.municipalities.map((m) => m.id);
  const callbackOf = (c: Context, id: string) => `${publicOrigin(c, proxies)}/auth/${id}/callback`;
  const refused = (c: Context, reason: string, provider: string) => c.redirect(`/login?${new URLSearchParams({ refused: reason, provider })}`, 302);

  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/login/providers', tags: ['session'], summary: 'how to log in: the identity providers, and whether the password form is on', responses: { 200: json(loginProvidersSchema, 'for the login page') } }),
    (c) => c.json(loginProvidersSchema.parse({ localLogin: ctx.config.access.localLogin, providers: ctx.providers.providers.map((p) => ({ id: p.id, name: p.name, href: `/auth/${p.id}/login`, ...(p.contact ? { contact: p.contact } : {}) })) }), 200),
  );

  app.get('/auth/:id/login', async (c) => {
    const provider = ctx.providers.find(c.req.param('id'));
    // A stale bookmark, or (at the callback) a provider taken out of the config meanwhile: back to the login page, which says so.
    if (!provider) return refused(c, 'unknown', c.req.param('id'));
    try {
      const { url, sealed } = await ctx.providers.start(provider, callbackOf(c, provider.id), pathOnServer(c.req.query('next')));
      setCookie(c, PENDING_COOKIE, sealed, { httpOnly: true, secure: secure(c), sameSite: 'Lax', path: `/auth/${provider.id}`, maxAge: PENDING_MS / 1000 });
      return c.redirect(url.href, 302);
    } catch (err) {
      log(`login: ${provider.id}: ${(err as Error).message}`);
      return refused(c, err instanceof LoginRefused ? err.reason : 'unavailable', provider.id);
    }
  });

  app.get('/auth/:id/callback', async (c) => {
    const provider = ctx.providers.find(c.req.param('id'));
    if (!provider) return refused(c, 'unknown', c.req.param('id'));
    const sealed = getCookie(c, PENDING_COOKIE);
    deleteCookie(c, PENDING_COOKIE, { path: `/auth/${provider.id}`, secure: secure(c) });
    let signedIn;
    try {
      signedIn = await ctx.providers.finish(provider, new URL(c.req.url), sealed);
    } catch (err) {
      log(`login: ${provider.id}: refused: ${(err as Error).message}`);
      return refused(c, err instanceof LoginRefused ? err.reason : 'failed', provider.id);
    }
    const grant = grantOf(provider, signedIn.claims, allMunicipalities);
    const name = nameOf(signedIn.claims);
    if (!grant) {
      log(`login: ${provider.id}: ${name} logged in at the provider, but no rule grants a role`);
      return refused(c, 'no-role', provider.id);
    }
    const principal: Principal = { name, kind: 'user', role: grant.role, municipalities: new Set(grant.municipalities), via: provider.name };
    const session = ctx.sessions.create(principal, { provider: provider.id, idToken: signedIn.idToken });
    setCookie(c, SESSION_COOKIE, session, { httpOnly: true, secure: ctx.config.server.secureCookies, sameSite: 'Strict', path: '/', maxAge: Math.round(ctx.sessionMs / 1000) });
    return c.redirect(pathOnServer(signedIn.next), 302);
  });
}
