// Slows password guessing without letting a guesser lock everyone out.
//
// - An attempt is reserved before the password is checked (the check takes ~170 ms), and only one
//   attempt per account is checked at a time: a burst of guesses sent at once cannot all pass the
//   limit before the first failure is counted.
// - Per account (whatever the address): after 5 failures in a row, the next attempt waits 1 s, then
//   2, 4 … at most 15 minutes after each further failure. A right password resets it. A guesser can slow
//   one account down, never shut it for an hour.
// - Per client address (the real client's, behind a trusted proxy; see client-address.ts): past 100
//   failures in 15 minutes the address waits 1, 2, 4 … at most 60 s after each further failure, against one
//   guesser trying many accounts. A right password does not count, so other people at that address
//   are slowed, not locked out.
// Counters and blocks are rate-limiter-flexible's, in memory, each key expiring with its window.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

const FREE_ACCOUNT_FAILURES = 5;
const MAX_ACCOUNT_WAIT_S = 15 * 60;
const FREE_ADDRESS_FAILURES = 100;
const ADDRESS_WINDOW_S = 15 * 60;
const MAX_ADDRESS_WAIT_S = 60;

export type Reservation =
  | { ok: true; failed(): Promise<void>; succeeded(): Promise<void>; release(): void }
  | { ok: false; waitMs: number; reason: string };

export class LoginLimit {
  /** Failures in a row per account; forgotten a day after the last one. */
  private readonly accountFailures = new RateLimiterMemory({ keyPrefix: 'account', points: Number.MAX_SAFE_INTEGER, duration: 24 * 3600 });
  /** Failures per address in the window. */
  private readonly addressFailures = new RateLimiterMemory({ keyPrefix: 'address', points: Number.MAX_SAFE_INTEGER, duration: ADDRESS_WINDOW_S });
  /** Back-off: a blocked key may not try until its block ends. */
  private readonly gate = new RateLimiterMemory({ keyPrefix: 'gate', points: 1, duration: 1 });
  private readonly checking = new Set<string>();

  /** Takes the account's one place in the queue and checks both back-offs, before any password is read. */
  async reserve(name: string, address: string): Promise<Reservation> {
    if (this.checking.has(name)) return { ok: false, waitMs: 1000, reason: 'another login for this account is being checked' };
    this.checking.add(name);
    const release = () => this.checking.delete(name);
    const waits = await Promise.all([this.blockedMs(`account:${name}`), this.blockedMs(`address:${address}`)]);
    const waitMs = Math.max(...waits);
    if (waitMs > 0) {
      release();
      return { ok: false, waitMs, reason: 'too many failed logins' };
    }
    return {
      ok: true,
      release,
      failed: async () => {
        const [account, from] = await Promise.all([this.accountFailures.penalty(name, 1), this.addressFailures.penalty(address, 1)]);
        const accountOver = account.consumedPoints - FREE_ACCOUNT_FAILURES + 1;
        if (accountOver > 0) await this.gate.block(`account:${name}`, Math.min(MAX_ACCOUNT_WAIT_S, 2 ** (accountOver - 1)));
        const addressOver = from.consumedPoints - FREE_ADDRESS_FAILURES + 1;
        if (addressOver > 0) await this.gate.block(`address:${address}`, Math.min(MAX_ADDRESS_WAIT_S, 2 ** (addressOver - 1)));
      },
      succeeded: async () => {
        await this.accountFailures.delete(name);
      },
    };
  }

  private async blockedMs(key: string): Promise<number> {
    const state: RateLimiterRes | null = await this.gate.get(key);
    return state && state.consumedPoints > 1 ? state.msBeforeNext : 0;
  }
}
