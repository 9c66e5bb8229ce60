// A real OpenID Provider on loopback for the login tests: oidc-provider (a certified implementation)
// with its own signing key, one confidential client, and accounts whose `groups` claim the rules
// read. Its development login page takes any password for a listed account. It is given its port
// before its clients, since Kapasitet's redirect URI needs Kapasitet's own port first.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';

export interface Account {
  email: string;
  groups: string[];
}

export interface RunningProvider {
  issuer: string;
  /** Gives the provider its client, once Kapasitet's address is known, and starts answering. */
  serve(client: { clientId: string; clientSecret: string; redirectUri: string; postLogoutRedirectUri: string }): Promise<void>;
  stop(): Promise<void>;
}

/** Listens at once (the issuer URL needs the port); answers 503 until `serve` is called. */
export async function startIdentityProvider(accounts: Record<string, Account>): Promise<RunningProvider> {
  let handler: Parameters<typeof createServer>[1] = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server: Server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    async serve(client) {
      const { privateKey } = await generateKeyPair('RS256', { extractable: true });
      const provider = new Provider(issuer, {
        clients: [{ client_id: client.clientId, client_secret: client.clientSecret, redirect_uris: [client.redirectUri], post_logout_redirect_uris: [client.postLogoutRedirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
        jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
        claims: { openid: ['sub'], email: ['email'], groups: ['groups'] },
        scopes: ['openid', 'email', 'groups'],
        cookies: { keys: ['a test provider cookie key, not a secret'] },
        findAccount: (_ctx, sub) => {
          const account = accounts[sub];
          return account ? { accountId: sub, claims: () => ({ sub, email: account.email, groups: account.groups }) } : undefined;
        },
        features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
      });
      handler = provider.callback();
    },
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
