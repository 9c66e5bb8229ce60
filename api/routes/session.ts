// Logging in and out, who is logged in, and (for admins) which accounts exist.
import { createRoute, z } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { need, SESSION_COOKIE, type ApiEnv } from '../auth/middleware.ts';
import { LoginLimit } from '../auth/login-limit.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { scopeOf, type Principal } from '../auth/principal.ts';
import { allows, permissions } from '../auth/roles.ts';
import type { Sessions } from '../auth/sessions.ts';
import { fail } from '../errors.ts';
import { errorResponses, json } from '../schemas/common.ts';
import { loginSchema, sessionSchema } from '../schemas/session.ts';
import type { Api, RouteContext } from './context.ts';

const accountsSchema = z
  .object({ accounts: z.array(z.object({ name: z.string(), kind: z.enum(['user', 'token']), role: z.string(), municipalities: z.array(z.string()) })) })
  .openapi('Accounts');

/** The peer's address; requests made in-process (tests) have none. */
function addressOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function sessionRoutes(app: Api, ctx: RouteContext & { sessions: Sessions; sessionMs: number; anonymousNotice?: string }): void {
  const limit = new LoginLimit();
  // Unknown names are checked against a hash too, so the answer's timing does not tell which names exist.
  const decoy = hashPassword('not a password of anyone');
  const describe = (p: Principal) =>
    sessionSchema.parse({
      name: p.name,
      kind: p.kind,
      role: p.role,
      permissions: permissions.filter((x) => allows(p.role, x)),
      municipalities: ctx.config.municipalities.filter((m) => p.municipalities.has(m.id)).map((m) => ({ id: m.id, name: m.name })),
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
    (c) => c.json(describe(c.get('principal')), 200),
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
      const address = addressOf(c);
      const wait = await limit.waitMs(name, address);
      if (wait > 0) {
        c.header('Retry-After', String(Math.ceil(wait / 1000)));
        fail(429, `too many failed logins; try again in ${Math.ceil(wait / 60_000)} min`);
      }
      const user = ctx.config.access.users.find((u) => u.name === name);
      const ok = await verifyPassword(password, user?.passwordHash ?? (await decoy));
      if (!user || !ok) {
        await limit.failed(name, address);
        fail(401, 'wrong name or password');
      }
      await limit.succeeded(name, address);
      const principal: Principal = { name: user.name, kind: 'user', role: user.role, municipalities: scopeOf(ctx.config, user.municipalities) };
      setCookie(c, SESSION_COOKIE, ctx.sessions.create(principal), { httpOnly: true, secure: true, sameSite: 'Strict', path: '/', maxAge: Math.round(ctx.sessionMs / 1000) });
      return c.json(describe(principal), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: '/api/v1/session', tags: ['session'], summary: 'log out', responses: { 204: { description: 'logged out' }, ...errorResponses } }),
    (c: Context<ApiEnv>) => {
      const id = getCookie(c, SESSION_COOKIE);
      if (id) ctx.sessions.end(id);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
      return c.body(null, 204);
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
