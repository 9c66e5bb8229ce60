// Slows password guessing without letting strangers lock the owner out (OWASP's authentication
// advice: lock per account and client, and let a browser the owner has used before keep working).
//
// - An attempt is reserved before the password is checked (the check takes ~170 ms), and only one
//   attempt per account and client is checked at a time: a burst of guesses sent at once cannot all
//   pass the limit before the first failure is counted.
// - Per account and client (the client's address, or a browser that logged in to this account
//   before): after 5 failures in a row, the next attempt waits 1 s, then 2, 4 … at most 15 minutes
//   after each further failure. A right password resets it.
// - A browser that logged in to the account before (it holds a sealed cookie saying so; see
//   known-browsers.ts) answers to its own counter only: strangers' guesses never slow it.
// - Per account, from browsers it has not logged in from: at 20 failures in a day, such browsers
//   wait a minute, then 2, 4 … at most 15 minutes after each further failure. This is the slower,
//   global limit against guessers spread over many addresses (20 failures from strangers is an
//   attack, not typing); it can make a new browser of the owner's wait while an attack is under way,
//   never one the owner has used.
// - Per client address: past 100 failures in 15 minutes the address waits 1, 2, 4 … at most 60 s
//   after each further failure, against one guesser trying many accounts. A right password does not
//   count, so other people at that address are slowed, not locked out.
// Counters and blocks are rate-limiter-flexible's, in memory, each key expiring with its window.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

const FREE_CLIENT_FAILURES = 5;
const MAX_CLIENT_WAIT_S = 15 * 60;
const FREE_ACCOUNT_FAILURES = 20;
const ACCOUNT_WINDOW_S = 24 * 3600;
const MAX_ACCOUNT_WAIT_S = 15 * 60;
const FREE_ADDRESS_FAILURES = 100;
const ADDRESS_WINDOW_S = 15 * 60;
const MAX_ADDRESS_WAIT_S = 60;

export type Reservation =
  | { ok: true; failed(): Promise<void>; succeeded(): Promise<void>; release(): void }
  | { ok: false; waitMs: number; reason: string };

/** Who is trying: the account, the client's address, and the browser's id if it has logged in to this account before. */
export interface Attempt {
  name: string;
  address: string;
  knownBrowser?: string;
}

const FIRST_ACCOUNT_WAIT_S = 60;

/** From the `free`-th failure on, each waits `first`, twice that, four times … seconds, at most `max`. */
const backOff = (failures: number, free: number, max: number, first = 1) => (failures >= free ? Math.min(max, first * 2 ** (failures - free)) : 0);

export class LoginLimit {
  /** Failures in a row per account and client; forgotten a day after the last one. */
  private readonly clientFailures = new RateLimiterMemory({ keyPrefix: 'client', points: Number.MAX_SAFE_INTEGER, duration: 24 * 3600 });
  /** Failures per account from browsers it has not logged in from, in the window. */
  private readonly accountFailures = new RateLimiterMemory({ keyPrefix: 'account', points: Number.MAX_SAFE_INTEGER, duration: ACCOUNT_WINDOW_S });
  /** Failures per address in the window. */
  private readonly addressFailures = new RateLimiterMemory({ keyPrefix: 'address', points: Number.MAX_SAFE_INTEGER, duration: ADDRESS_WINDOW_S });
  /** Back-off: a blocked key may not try until its block ends. */
  private readonly gate = new RateLimiterMemory({ keyPrefix: 'gate', points: 1, duration: 1 });
  private readonly checking = new Set<string>();

  /** Takes the client's one place in the queue for the account and checks its back-offs, before any password is read. */
  async reserve(attempt: Attempt): Promise<Reservation> {
    const { name, address, knownBrowser } = attempt;
    // JSON keeps the parts apart whatever a name holds.
    const client = JSON.stringify(knownBrowser ? [name, 'browser', knownBrowser] : [name, 'address', address]);
    if (this.checking.has(client)) return { ok: false, waitMs: 1000, reason: 'another login for this account is being checked' };
    this.checking.add(client);
    const release = () => this.checking.delete(client);
    // A known browser answers to its own counter alone.
    const gates = knownBrowser ? [`client:${client}`] : [`client:${client}`, `account:${name}`, `address:${address}`];
    const waitMs = Math.max(...(await Promise.all(gates.map((g) => this.blockedMs(g)))));
    if (waitMs > 0) {
      release();
      return { ok: false, waitMs, reason: 'too many failed logins' };
    }
    return {
      ok: true,
      release,
      failed: async () => {
        const mine = await this.clientFailures.penalty(client, 1);
        await this.block(`client:${client}`, backOff(mine.consumedPoints, FREE_CLIENT_FAILURES, MAX_CLIENT_WAIT_S));
        if (knownBrowser) return;
        const [account, from] = await Promise.all([this.accountFailures.penalty(name, 1), this.addressFailures.penalty(address, 1)]);
        await this.block(`account:${name}`, backOff(account.consumedPoints, FREE_ACCOUNT_FAILURES, MAX_ACCOUNT_WAIT_S, FIRST_ACCOUNT_WAIT_S));
        await this.block(`address:${address}`, backOff(from.consumedPoints, FREE_ADDRESS_FAILURES, MAX_ADDRESS_WAIT_S));
      },
      succeeded: async () => {
        await this.clientFailures.delete(client);
      },
    };
  }

  private async block(key: string, seconds: number): Promise<void> {
    if (seconds > 0) await this.gate.block(key, seconds);
  }

  private async blockedMs(key: string): Promise<number> {
    const state: RateLimiterRes | null = await this.gate.get(key);
    return state && state.consumedPoints > 1 ? state.msBeforeNext : 0;
  }
}
