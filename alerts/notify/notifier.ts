// Delivers each notice to every receiver at least once. A notice goes into the outbox (a table of the
// alert state's SQLite file) before anything is sent, and leaves it only once the receiver took it or
// the retries ran out; a restart finds what was still waiting and sends it. One notice waits at most
// once per receiver (its key: the school's alerts, their states and times), so a notice queued again
// before delivery is not sent twice. Failures are retried with back-off; evaluation never waits.
import { createHash } from 'node:crypto';
import type { Config } from '../../config/schema.ts';
import type { Secrets } from '../../config/secrets.ts';
import type { SchoolNotice } from '../engine.ts';
import type { AlertStateStore, OutboxEntry } from '../state-store.ts';
import { noticeBody, type NoticeBody } from './message.ts';
import { receiver, type Send } from './receivers.ts';

export interface RetryPolicy {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

/** 2 s doubling to 5 minutes, 24 tries: a receiver may be down for about an hour and a half. */
const DEFAULT_RETRY: RetryPolicy = { retries: 24, minTimeoutMs: 2_000, maxTimeoutMs: 5 * 60_000 };

export class Notifier {
  private readonly receivers: Map<string, Send>;
  private pumping: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly config: Config,
    secrets: Secrets,
    private readonly outbox: AlertStateStore,
    private readonly log: (message: string) => void,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly now: () => number = Date.now,
  ) {
    this.receivers = new Map(config.alerts.receivers.map((r) => [r.name, receiver(r, secrets)]));
    const waiting = outbox.waiting();
    if (waiting > 0) {
      this.log(`alerts: ${waiting} notices from before a restart wait to be sent`);
      this.pump();
    }
  }

  /** Queues the notices on disk and starts sending; returns at once. */
  send(notices: readonly SchoolNotice[]): void {
    for (const notice of notices) {
      const body = noticeBody(notice, this.config);
      const key = noticeKey(body);
      for (const name of this.receivers.keys()) this.outbox.enqueue(name, key, body, this.now());
    }
    this.pump();
  }

  /** Resolves when nothing waits in the outbox: every notice sent or given up on. */
  idle(): Promise<void> {
    if (this.outbox.waiting() === 0 && !this.pumping) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops sending; what still waits stays in the outbox for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pumping;
  }

  /** One sending round at a time; a round sends what is due, then sleeps until the next is due. */
  private pump(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    if (this.pumping) {
      void this.pumping.then(() => this.pump());
      return;
    }
    this.pumping = this.round().finally(() => {
      this.pumping = undefined;
      const next = this.outbox.nextDue();
      if (next === undefined) for (const resolve of this.waiters.splice(0)) resolve();
      else if (!this.stopped) this.timer = setTimeout(() => this.pump(), Math.max(0, next - this.now()));
    });
  }

  private async round(): Promise<void> {
    for (let due = this.outbox.due(this.now()); due.length > 0 && !this.stopped; due = this.outbox.due(this.now())) {
      await Promise.all(due.map((entry) => this.deliver(entry)));
    }
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    const send = this.receivers.get(entry.receiver);
    const body = entry.body as NoticeBody;
    if (!send) {
      // The receiver was removed from the config since the notice was queued.
      this.log(`alerts: ${entry.receiver} is no longer configured; dropped "${body.summary}"`);
      return this.outbox.done(entry.id);
    }
    try {
      await send(body);
      this.outbox.done(entry.id);
    } catch (err) {
      const attempt = entry.attempts + 1;
      if (attempt > this.retry.retries) {
        this.log(`alerts: ${entry.receiver}: gave up on "${body.summary}": ${(err as Error).message}`);
        return this.outbox.done(entry.id);
      }
      this.log(`alerts: ${entry.receiver}: attempt ${attempt} failed (${(err as Error).message}); trying again`);
      const wait = Math.min(this.retry.maxTimeoutMs, this.retry.minTimeoutMs * 2 ** (attempt - 1));
      this.outbox.retryAt(entry.id, this.now() + wait);
    }
  }
}

/** The same notice has the same key: its school, and each alert's key, state and times. */
function noticeKey(body: NoticeBody): string {
  const alerts = body.alerts.map((a) => [a.key, a.status, a.since, a.firedAt, a.resolvedAt]);
  return createHash('sha256').update(JSON.stringify([body.municipality, body.school.id, alerts])).digest('hex').slice(0, 32);
}
