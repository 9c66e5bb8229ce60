// Logging in through the municipality's identity provider: OpenID Connect's authorization code flow
// with PKCE, by openid-client (discovery, the ID token's signature against the provider's keys,
// issuer, audience, expiry within the allowed clock skew, state and nonce). A login under way is
// carried by the browser that began it, in a sealed HTTP-only cookie, for ten minutes at most: the
// server keeps no table of them, so no flood of starts from strangers can push a real login out.
import * as oidc from 'openid-client';
import { z } from 'zod';
import type { LoginProvider } from '../../config/access.ts';
import type { Secrets } from '../../config/secrets.ts';
import { Sealer } from './sealed.ts';

/** How long a login may take at the provider's page before it has to begin again. */
export const PENDING_MS = 10 * 60_000;
/** The provider's discovery document and token endpoint must answer within this. */
const PROVIDER_TIMEOUT_S = 10;
/** What the sealed cookie is for: nothing sealed for another purpose opens as a login. */
const PURPOSE = 'kapasitet oidc login';

/** A login under way, as its cookie carries it. */
const pendingSchema = z.object({
  provider: z.string(),
  verifier: z.string(),
  state: z.string(),
  nonce: z.string(),
  redirectUri: z.string(),
  /** The page to return to: a path on this site. */
  next: z.string(),
  expires: z.number(),
});

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

  constructor(
    readonly providers: readonly LoginProvider[],
    private readonly secrets: Secrets,
    private readonly now: () => number = Date.now,
    private readonly sealer = new Sealer(),
  ) {}

  find(id: string): LoginProvider | undefined {
    return this.providers.find((p) => p.id === id);
  }

  /** Where to send the browser, and the sealed login its cookie keeps; `next` is a path on this site, checked by the caller. */
  async start(provider: LoginProvider, redirectUri: string, next: string): Promise<{ url: URL; sealed: string }> {
    const config = await this.configuration(provider);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const scope = [...new Set(['openid', ...provider.scopes])].join(' ');
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: redirectUri, scope, state, nonce, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    const sealed = this.sealer.seal(PURPOSE, { provider: provider.id, verifier, state, nonce, redirectUri, next, expires: this.now() + PENDING_MS } satisfies z.infer<typeof pendingSchema>);
    return { url, sealed };
  }

  /**
   * The provider's answer at the callback: the code exchanged (once: the caller deletes the cookie
   * whatever the outcome, and the provider takes a code once), the ID token checked, and the claims
   * of the token and of userinfo.
   */
  async finish(provider: LoginProvider, callback: URL, sealed: string | undefined): Promise<SignedIn & { next: string }> {
    const pending = pendingSchema.safeParse(this.sealer.open(PURPOSE, sealed)).data;
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
}

/** An error from the flow as a log line: its code and message, never a token. */
function describe(err: unknown): string {
  const e = err as Error & { code?: string; error?: string };
  return [e.code, e.error, e.message].filter(Boolean).join(': ').slice(0, 300);
}
