// Logging in through the municipality's identity provider: OpenID Connect's authorization code flow
// with PKCE, by openid-client (discovery, the ID token's signature against the provider's keys,
// issuer, audience, expiry within the allowed clock skew, state and nonce). A login under way is
// kept here, bound to the browser that began it by an HTTP-only cookie, for ten minutes at most.
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { LoginProvider } from '../../config/access.ts';
import type { Secrets } from '../../config/secrets.ts';

/** How long a login may take at the provider's page before it has to begin again. */
const PENDING_MS = 10 * 60_000;
/** Logins under way at once: beyond this the oldest is forgotten (a flood of starts cannot fill memory). */
const MAX_PENDING = 10_000;
/** The provider's discovery document and token endpoint must answer within this. */
const PROVIDER_TIMEOUT_S = 10;

interface Pending {
  provider: string;
  verifier: string;
  state: string;
  nonce: string;
  redirectUri: string;
  /** The page to return to: a path on this site. */
  next: string;
  expires: number;
}

/** Why a login was not let in, in words for the login page; never the provider's own error text. */
export class LoginRefused extends Error {
  override name = 'LoginRefused';
  constructor(
    readonly reason: 'expired' | 'failed' | 'unavailable',
    /** For the log: what the check found, without tokens or secrets. */
    readonly detail: string,
  ) {
    super(detail);
  }
}

export interface SignedIn {
  claims: Record<string, unknown>;
  /** For logging out at the provider too. */
  idToken: string;
}

export class IdentityProviders {
  readonly #configs = new Map<string, Promise<oidc.Configuration>>();
  readonly #pending = new Map<string, Pending>();

  constructor(
    readonly providers: readonly LoginProvider[],
    private readonly secrets: Secrets,
    private readonly now: () => number = Date.now,
  ) {}

  find(id: string): LoginProvider | undefined {
    return this.providers.find((p) => p.id === id);
  }

  /** Where to send the browser, and the handle its cookie keeps; `next` is a path on this site, checked by the caller. */
  async start(provider: LoginProvider, redirectUri: string, next: string): Promise<{ url: URL; handle: string }> {
    const config = await this.configuration(provider);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const scope = [...new Set(['openid', ...provider.scopes])].join(' ');
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope, state, nonce, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    this.sweep();
    const handle = randomBytes(32).toString('base64url');
    this.#pending.set(handle, { provider: provider.id, verifier, state, nonce, redirectUri, next, expires: this.now() + PENDING_MS });
    if (this.#pending.size > MAX_PENDING) this.#pending.delete(this.#pending.keys().next().value!);
    return { url, handle };
  }

  /**
   * The provider's answer at the callback: the code exchanged (once: the login under way is ended
   * whatever the outcome), the ID token checked, and the claims of the token and of userinfo.
   */
  async finish(provider: LoginProvider, callback: URL, handle: string | undefined): Promise<SignedIn & { next: string }> {
    const pending = handle ? this.#pending.get(handle) : undefined;
    if (handle) this.#pending.delete(handle);
    if (!pending || pending.provider !== provider.id || pending.expires <= this.now()) throw new LoginRefused('expired', 'no login under way for this browser, or it took over ten minutes');
    if (callback.searchParams.get('state') !== pending.state) throw new LoginRefused('expired', 'the state sent back is not the one this browser was given');
    const config = await this.configuration(provider);
    // The callback as registered: the provider's parameters on the redirect URI this login used.
    const answered = new URL(pending.redirectUri);
    answered.search = callback.search;
    let tokens;
    try {
      tokens = await oidc.authorizationCodeGrant(config, answered, { pkceCodeVerifier: pending.verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
    } catch (err) {
      throw new LoginRefused('failed', describe(err));
    }
    const idClaims = tokens.claims();
    if (!idClaims || !tokens.id_token) throw new LoginRefused('failed', 'the provider sent no ID token');
    let info: Record<string, unknown> = {};
    if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
      try {
        info = (await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)) as Record<string, unknown>;
      } catch (err) {
        throw new LoginRefused('failed', `userinfo: ${describe(err)}`);
      }
    }
    return { claims: { ...info, ...idClaims }, idToken: tokens.id_token, next: pending.next };
  }

  /** The provider's logout page for this session, where it has one (RP-initiated logout). */
  async logoutUrl(providerId: string, idToken: string, returnTo: string): Promise<string | undefined> {
    const provider = this.find(providerId);
    if (!provider) return undefined;
    const config = await this.configuration(provider).catch(() => undefined);
    if (!config?.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: returnTo }).href;
  }

  /** The provider's metadata and keys, read once (again after a failure). */
  private configuration(provider: LoginProvider): Promise<oidc.Configuration> {
    let config = this.#configs.get(provider.id);
    if (!config) {
      const secret = this.secrets.resolve(provider.clientSecret).reveal();
      const issuer = new URL(provider.issuer);
      config = oidc
        .discovery(issuer, provider.clientId, { [oidc.clockTolerance]: provider.clockSkewSeconds }, oidc.ClientSecretPost(secret), {
          timeout: PROVIDER_TIMEOUT_S,
          // The ID token's signature is checked against the provider's published keys even though it
          // came straight from the token endpoint: openid-client would otherwise trust TLS alone, and
          // a token signed by another key would pass (the test of it did). Plain HTTP only for a
          // provider on loopback (a test's): the config refuses it elsewhere.
          execute: [oidc.enableNonRepudiationChecks, ...(issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [])],
        })
        .catch((err: unknown) => {
          this.#configs.delete(provider.id);
          throw new LoginRefused('unavailable', `${provider.issuer}: ${describe(err)}`);
        });
      this.#configs.set(provider.id, config);
    }
    return config;
  }

  private sweep(): void {
    const now = this.now();
    for (const [handle, p] of this.#pending) if (p.expires <= now) this.#pending.delete(handle);
  }
}

/** An error from the flow as a log line: its code and message, never a token. */
function describe(err: unknown): string {
  const e = err as Error & { code?: string; error?: string };
  return [e.code, e.error, e.message].filter(Boolean).join(': ').slice(0, 300);
}
