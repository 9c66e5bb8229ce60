// Sends each notice to every receiver in the background, retrying a failing one with backoff and
// logging what finally failed; evaluation never waits for a receiver.
import pRetry from 'p-retry';
import type { Config } from '../../config/schema.ts';
import type { Secrets } from '../../config/secrets.ts';
import type { SchoolNotice } from '../engine.ts';
import { noticeBody } from './message.ts';
import { receiver, type Send } from './receivers.ts';

export interface RetryPolicy {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { retries: 6, minTimeoutMs: 2_000, maxTimeoutMs: 5 * 60_000 };

export class Notifier {
  private readonly receivers: { name: string; send: Send }[];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly config: Config,
    secrets: Secrets,
    private readonly log: (message: string) => void,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.receivers = config.alerts.receivers.map((r) => ({ name: r.name, send: receiver(r, secrets) }));
  }

  /** Queues the notices; returns at once. */
  send(notices: readonly SchoolNotice[]): void {
    for (const notice of notices) {
      const body = noticeBody(notice, this.config);
      for (const r of this.receivers) {
        const job = pRetry(() => r.send(body), {
          retries: this.retry.retries,
          minTimeout: this.retry.minTimeoutMs,
          maxTimeout: this.retry.maxTimeoutMs,
          onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
            if (retriesLeft > 0) this.log(`alerts: ${r.name}: attempt ${attemptNumber} failed (${error.message}); trying again`);
          },
        }).catch((err: Error) => this.log(`alerts: ${r.name}: gave up on "${body.summary}": ${err.message}`));
        this.inFlight.add(job);
        void job.finally(() => this.inFlight.delete(job));
      }
    }
  }

  /** Resolves when every queued notice has been sent or given up on. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
