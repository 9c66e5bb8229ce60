// Who is asking: a logged-in user, an API token, or the anonymous reader a loopback-only install may
// allow. Each carries its role and the municipalities it may read; every route filters by these.
import { createHash } from 'node:crypto';
import type { AccessConfig, Config, Role } from '../../config/schema.ts';
import type { Secrets } from '../../config/secrets.ts';

export interface Principal {
  name: string;
  kind: 'user' | 'token' | 'anonymous';
  role: Role;
  municipalities: ReadonlySet<string>;
  /** The identity provider a user logged in through, by its name on the login page. */
  via?: string;
}

export function scopeOf(config: Config, listed: readonly string[]): ReadonlySet<string> {
  return new Set(listed.includes('*') ? config.municipalities.map((m) => m.id) : listed);
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The configured tokens, keyed by a SHA-256 of their value: a lookup by digest compares no secret
 * byte by byte, and the tokens themselves are not kept.
 */
export function tokenIndex(config: Config, secrets: Secrets): (presented: string) => Principal | undefined {
  const byDigest = new Map<string, Principal>();
  for (const t of config.access.tokens) {
    const value = secrets.resolve(t.token).reveal();
    byDigest.set(digest(value), { name: t.name, kind: 'token', role: t.role, municipalities: scopeOf(config, t.municipalities) });
  }
  return (presented) => byDigest.get(digest(presented));
}

/**
 * Whether requests without credentials may read: only while the server listens on loopback, and then
 * when the config says so, or by default when it configures no accounts at all (the demo, a first try).
 */
export function anonymousReader(config: Config, access: AccessConfig, host: string): Principal | undefined {
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost';
  const wanted = access.anonymousRead ?? (access.users.length === 0 && access.tokens.length === 0 && access.providers.length === 0);
  if (!loopback || !wanted) return undefined;
  // Read-only, but the whole dashboard: the live load and the plans. Device addresses stay hidden.
  return { name: 'anonymous', kind: 'anonymous', role: 'facilities-planner', municipalities: scopeOf(config, ['*']) };
}
