// Resolves who is asking on every API request, and the checks routes use: a permission, and a
// municipality the asker may read. Another municipality's data answers 404, as if it did not exist.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Config } from '../../config/schema.ts';
import { fail } from '../errors.ts';
import type { Principal } from './principal.ts';
import { allows, type Permission } from './roles.ts';
import type { Sessions } from './sessions.ts';

export type ApiEnv = { Variables: { principal: Principal } };

export const SESSION_COOKIE = 'kapasitet_session';

export function authenticate(deps: { sessions: Sessions; token: (value: string) => Principal | undefined; anonymous?: Principal }): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    let principal: Principal | undefined;
    if (header !== undefined) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      principal = bearer ? deps.token(bearer) : undefined;
      // A wrong token is refused outright, never downgraded to anonymous access.
      if (!principal) fail(401, 'the Authorization header holds no valid API token');
    } else {
      const id = getCookie(c, SESSION_COOKIE);
      principal = (id ? deps.sessions.get(id) : undefined) ?? deps.anonymous;
    }
    if (!principal) fail(401, 'log in, or send an API token as "Authorization: Bearer <token>"');
    c.set('principal', principal);
    await next();
  };
}

export function need(c: Context<ApiEnv>, permission: Permission): Principal {
  const principal = c.get('principal');
  if (!allows(principal.role, permission)) fail(403, `the role ${principal.role} may not ${permission.replace(':', ' ')}`);
  return principal;
}

/**
 * The municipality a request is about: the one named, which the asker must be allowed to read, or the
 * asker's only one.
 */
export function municipalityFor(c: Context<ApiEnv>, config: Config, requested: string | undefined): string {
  const allowed = c.get('principal').municipalities;
  if (requested !== undefined) {
    if (!allowed.has(requested) || !config.municipalities.some((m) => m.id === requested)) fail(404, `no municipality "${requested}"`, 'municipality');
    return requested;
  }
  if (allowed.size === 1) return [...allowed][0]!;
  fail(400, `name a municipality: ${[...allowed].join(', ')}`, 'municipality');
}

/** Refuses a school, building, device or AP id that is not in the municipality, so a URL cannot reach across. */
export function checkTags(config: Config, municipality: string, tags: { school?: string; building?: string; device?: string; ap?: string }): void {
  const schools = config.schools.filter((s) => s.municipality === municipality);
  const buildings = schools.flatMap((s) => s.buildings);
  const has = {
    school: (id: string) => schools.some((s) => s.id === id),
    building: (id: string) => buildings.some((b) => b.id === id),
    device: (id: string) => [...schools.flatMap((s) => s.devices), ...buildings.flatMap((b) => b.devices)].some((d) => d.id === id),
    ap: (id: string) => buildings.some((b) => b.accessPoints.some((ap) => ap.id === id)),
  };
  for (const key of ['school', 'building', 'device', 'ap'] as const) {
    const id = tags[key];
    if (id !== undefined && !has[key](id)) fail(404, `no ${key === 'ap' ? 'access point' : key} "${id}"`, key);
  }
}
