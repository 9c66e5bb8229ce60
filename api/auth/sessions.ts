// Logged-in sessions, held in memory: a restart logs everyone out, which a monitoring server's users
// accept in exchange for no session table to keep. The cookie holds only a random id.
import { randomBytes } from 'node:crypto';
import type { Principal } from './principal.ts';

/** A session begun at an identity provider: what logging out there needs. */
export interface ProviderSession {
  provider: string;
  idToken: string;
}

interface Session {
  principal: Principal;
  expires: number;
  provider?: ProviderSession;
}

export class Sessions {
  private readonly byId = new Map<string, Session>();
  /** What to call when a session ends: its open live streams close with it. */
  private readonly watchers = new Map<string, Set<() => void>>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number,
  ) {}

  create(principal: Principal, provider?: ProviderSession): string {
    this.sweep();
    const id = randomBytes(32).toString('base64url');
    this.byId.set(id, { principal, expires: this.now() + this.lifetimeMs, ...(provider ? { provider } : {}) });
    return id;
  }

  /** The session's principal, its lifetime renewed by use; undefined once expired or ended. */
  get(id: string): Principal | undefined {
    const session = this.byId.get(id);
    if (!session) return undefined;
    if (session.expires <= this.now()) {
      this.byId.delete(id);
      return undefined;
    }
    session.expires = this.now() + this.lifetimeMs;
    return session.principal;
  }

  /** Ends the session; returns the provider session it came from, for logging out there too. */
  end(id: string): ProviderSession | undefined {
    const provider = this.byId.get(id)?.provider;
    this.byId.delete(id);
    for (const ended of this.watchers.get(id) ?? []) ended();
    this.watchers.delete(id);
    return provider;
  }

  /** Calls `ended` when the session is ended (logout); returns the function that stops watching. */
  watch(id: string, ended: () => void): () => void {
    const set = this.watchers.get(id) ?? new Set();
    set.add(ended);
    this.watchers.set(id, set);
    return () => {
      set.delete(ended);
      if (set.size === 0 && this.watchers.get(id) === set) this.watchers.delete(id);
    };
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.byId) if (s.expires <= now) this.byId.delete(id);
  }
}
