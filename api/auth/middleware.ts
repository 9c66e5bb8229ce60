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

type TagIds = Record<'school' | 'building' | 'device' | 'ap', Set<string>>;
/** Each municipality's ids by tag, made once per config: a county has thousands, and every series request checks them. */
const idsByConfig = new WeakMap<Config, Map<string, TagIds>>();

function idsOf(config: Config, municipality: string): TagIds {
  let byMunicipality = idsByConfig.get(config);
  if (!byMunicipality) idsByConfig.set(config, (byMunicipality = new Map()));
  let ids = byMunicipality.get(municipality);
  if (!ids) {
    const schools = config.schools.filter((s) => s.municipality === municipality);
    const buildings = schools.flatMap((s) => s.buildings);
    ids = {
      school: new Set(schools.map((s) => s.id)),
      building: new Set(buildings.map((b) => b.id)),
      device: new Set([...schools.flatMap((s) => s.devices), ...buildings.flatMap((b) => b.devices)].map((d) => d.id)),
      ap: new Set(buildings.flatMap((b) => b.accessPoints.map((ap) => ap.id))),
    };
    byMunicipality.set(municipality, ids);
  }
  return ids;
}

/** Refuses a school, building, device or AP id that is not in the municipality, so a URL cannot reach across. */
export function checkTags(config: Config, municipality: string, tags: { school?: string; building?: string; device?: string; ap?: string }): void {
  const ids = idsOf(config, municipality);
  for (const key of ['school', 'building', 'device', 'ap'] as const) {
    const id = tags[key];
    if (id !== undefined && !ids[key].has(id)) fail(404, `no ${key === 'ap' ? 'access point' : key} "${id}"`, key);
  }
}
