// Who may use the API and the dashboard: local accounts (scrypt hashes), API tokens, and the
// municipality's identity providers (OpenID Connect: Feide, Skolfederation through a broker,
// Microsoft Entra ID, or the municipality's own), whose claims grant roles through rules.
import { isIP } from 'node:net';
import { z } from 'zod';
import { id } from './id.ts';
import { secretRefSchema } from './secret-ref.ts';

export const roles = ['viewer', 'facilities-planner', 'network-admin', 'admin'] as const;
export type Role = (typeof roles)[number];

const scope = z
  .array(z.union([id, z.literal('*')]))
  .min(1)
  .describe('municipality ids this account may read; "*" for all of them');

/** Whether an issuer may be reached over plain HTTP: only on this machine (a test's provider). */
function loopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
}

/** One way of reading the claims: a claim holding a value (or a list holding it) grants a role. */
export const claimRuleSchema = z
  .object({
    claim: z.string().min(1).max(200).describe('the claim\'s name: "groups", "eduPersonAffiliation", "roles", "email", or any other the provider sends'),
    equals: z
      .union([z.string().min(1).max(500), z.array(z.string().min(1).max(500)).min(1)])
      .describe('the value (or any of the values) that grants: an Entra ID group\'s object id, a Feide group id, "employee", an address'),
    role: z.enum(roles),
    municipalities: scope.describe('where the role is granted; within what the provider may grant'),
  })
  .strict();

export const loginProviderSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes').describe('in the redirect URI: /auth/<id>/callback'),
    name: z.string().min(1).max(80).describe('shown on the login page: "Feide", "Microsoft Entra ID"'),
    issuer: z
      .string()
      .url()
      .refine((value) => {
        const url = new URL(value);
        return url.protocol === 'https:' || (url.protocol === 'http:' && loopback(url));
      }, 'an https:// URL (http:// only for a provider on this machine)')
      .describe('the issuer; its /.well-known/openid-configuration is read at start'),
    clientId: z.string().min(1).max(500),
    clientSecret: secretRefSchema.describe('from the environment or the secrets file, never this file'),
    scopes: z.array(z.string().min(1).max(100)).max(20).default(['openid', 'profile', 'email']).describe('openid is always asked for'),
    municipalities: scope.default(['*']).describe('the municipalities this provider may grant at all: after a merger, each former municipality\'s provider its own'),
    rules: z.array(claimRuleSchema).min(1).max(200).describe('every rule that matches grants; the highest role granted wins, for the municipalities rules grant it in'),
    clockSkewSeconds: z.number().int().min(0).max(300).default(60).describe('how far the provider\'s clock may be from this one'),
    contact: z.string().max(200).optional().describe('who grants access, named to someone whose claims grant nothing: "the IT service desk, 55 00 00 00"'),
  })
  .strict();

export type LoginProvider = z.infer<typeof loginProviderSchema>;
export type ClaimRule = z.infer<typeof claimRuleSchema>;

/**
 * Who may use the API and dashboard. Passwords are stored only as scrypt hashes (`kapasitet
 * hash-password`); API tokens come from the environment or the secrets file like any other secret.
 */
export const accessSchema = z
  .object({
    users: z
      .array(
        z
          .object({
            name: id,
            passwordHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/, 'a hash written by `kapasitet hash-password`'),
            role: z.enum(roles),
            municipalities: scope,
          })
          .strict(),
      )
      .default([]),
    tokens: z
      .array(z.object({ name: id, token: secretRefSchema, role: z.enum(roles), municipalities: scope }).strict())
      .default([])
      .describe('API tokens for scripts and Grafana, sent as "Authorization: Bearer <token>"'),
    sessionHours: z.number().min(0.25).max(720).default(12).describe('a login lasts this long without use'),
    preferencesPath: z.string().default('data/preferences.sqlite').describe("what each account chose for itself (its language), kept across logins"),
    anonymousRead: z
      .boolean()
      .optional()
      .describe('read-only access without login, honoured only while the server listens on loopback; default: on when no users, tokens or providers are configured'),
    providers: z.array(loginProviderSchema).max(20).default([]).describe("the municipality's identity providers, listed on the login page"),
    localLogin: z.boolean().default(true).describe('the name-and-password form for access.users: keep it for break-glass accounts, or turn it off where every login goes through a provider'),
  })
  .strict();
export type AccessConfig = z.infer<typeof accessSchema>;
