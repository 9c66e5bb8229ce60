// The demo's accounts: an administrator, a network administrator and a planner, with passwords made
// new at each start and printed on the console beside the address, so each role's view can be tried.
// The demo listens on loopback only, and keeps its read-only access without login.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../api/auth/passwords.ts';
import type { Role } from '../config/access.ts';
import type { Config } from '../config/schema.ts';

export interface DemoAccount {
  name: string;
  role: Role;
  password: string;
}

const ACCOUNTS: readonly { name: string; role: Role }[] = [
  { name: 'admin', role: 'admin' },
  { name: 'nettverk', role: 'network-admin' },
  { name: 'planlegger', role: 'facilities-planner' },
];

/** The three accounts with fresh passwords, and the config that lets them log in. */
export async function withDemoAccounts(config: Config): Promise<{ config: Config; accounts: DemoAccount[] }> {
  // 72 random bits each, written as 12 URL-safe characters: easy to copy from a console.
  const accounts = ACCOUNTS.map((a) => ({ ...a, password: randomBytes(9).toString('base64url') }));
  const users = await Promise.all(accounts.map(async (a) => ({ name: a.name, role: a.role, municipalities: ['*'], passwordHash: await hashPassword(a.password) })));
  return { config: { ...config, access: { ...config.access, users, anonymousRead: true } }, accounts };
}

/** "demo: log in as admin / … (admin), …": the line the console prints. */
export const demoAccountsLine = (accounts: DemoAccount[]) => `demo: log in as ${accounts.map((a) => `${a.name} / ${a.password} (${a.role})`).join(', ')}; new passwords at each start`;
