// Slows password guessing: failed logins are counted per account and address and per address alone;
// past either limit, further attempts are refused until the window passes, right password or not.
import { RateLimiterMemory } from 'rate-limiter-flexible';

export class LoginLimit {
  private readonly perAccount = new RateLimiterMemory({ points: 5, duration: 15 * 60 });
  private readonly perAddress = new RateLimiterMemory({ points: 30, duration: 60 * 60 });

  /** Milliseconds until a login may be tried again, or 0 when it may be tried now. */
  async waitMs(name: string, address: string): Promise<number> {
    const [account, ip] = await Promise.all([this.perAccount.get(`${name}\n${address}`), this.perAddress.get(address)]);
    const blocked = [account && account.consumedPoints >= 5 ? account.msBeforeNext : 0, ip && ip.consumedPoints >= 30 ? ip.msBeforeNext : 0];
    return Math.max(...blocked);
  }

  async failed(name: string, address: string): Promise<void> {
    // consume() rejects once the points are spent; the count is what matters here, not the rejection.
    await Promise.allSettled([this.perAccount.consume(`${name}\n${address}`), this.perAddress.consume(address)]);
  }

  async succeeded(name: string, address: string): Promise<void> {
    await this.perAccount.delete(`${name}\n${address}`);
  }
}
