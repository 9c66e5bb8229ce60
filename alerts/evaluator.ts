// Runs the alert rules on a schedule (node-cron), from the store, whether or not anyone has the
// dashboard open: gathers the verdicts, steps the alert states, saves them and hands the notices to
// the notifier. Acknowledgements and silences come in through here too.
import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import type { RuleName } from '../config/alerts.ts';
import type { Config } from '../config/schema.ts';
import type { Store } from '../store/store.ts';
import { cronExpression } from '../collector/collector.ts';
import { silenceMatches, step, type AlertRecord, type Observation, type Silence, type StepResult } from './engine.ts';
import type { Notifier } from './notify/notifier.ts';
import { observeForecast } from './observe-forecast.ts';
import { LiveWindow } from './live-window.ts';
import { observeLive } from './observe-live.ts';
import type { AlertStateStore, HistoryEntry } from './state-store.ts';

export interface EvaluatorOptions {
  now?: () => number;
  log?: (message: string) => void;
  /** Trends and the plan move slowly: they are recomputed this often, not at every evaluation. */
  forecastEveryMs?: number;
}

export class AlertEvaluator {
  private records: Map<string, AlertRecord>;
  private forecastAt = -Infinity;
  private running: Promise<unknown> | undefined;
  private task: ReturnType<typeof cron.schedule> | undefined;
  private readonly now: () => number;
  private readonly log: (message: string) => void;
  /** The live rules' points, read a little at a time. */
  private readonly live: LiveWindow;

  constructor(
    private readonly config: Config,
    private readonly store: Store,
    private readonly state: AlertStateStore,
    private readonly notifier: Notifier,
    private readonly options: EvaluatorOptions = {},
  ) {
    this.records = state.records();
    this.live = new LiveWindow(store);
    this.now = options.now ?? Date.now;
    this.log = options.log ?? console.log;
  }

  async evaluate(): Promise<StepResult> {
    const now = this.now();
    const live = await observeLive(this.live, { config: this.config, now, firing: (key) => this.records.get(key)?.state === 'firing' });
    let forecast: Observation[] = [];
    if (now - this.forecastAt >= (this.options.forecastEveryMs ?? 3600_000)) {
      const open = [...this.records.values()].filter((r) => r.rule === 'forecast' && r.state !== 'resolved').map((r) => r.key);
      forecast = await observeForecast(this.store, this.config, now, open);
      this.forecastAt = now;
    }
    const result = step(this.records, [...live, ...forecast], this.activeSilences(now), now, this.config.alerts.repeatMinutes * 60_000);
    this.records = new Map(result.records.map((r) => [r.key, r]));
    this.state.save(result.records, result.changed, now);
    this.notifier.send(result.notices);
    return result;
  }

  /** Makes the next evaluation recompute the forecasts (new history, a changed plan). */
  refreshForecasts(): void {
    this.forecastAt = -Infinity;
  }

  /** Evaluates now and then every `alerts.evaluateEverySeconds`; an evaluation still running makes the next one skip. */
  start(): void {
    const tick = () => {
      if (this.running) return;
      this.running = this.evaluate()
        .catch((err: Error) => this.log(`alerts: evaluation failed: ${err.message}`))
        .finally(() => (this.running = undefined));
    };
    this.task = cron.schedule(cronExpression(this.config.alerts.evaluateEverySeconds), tick);
    tick();
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    await this.running;
    // What is not delivered yet stays in the outbox for the next start.
    await this.notifier.stop();
  }

  /** Alerts pending or firing, and those resolved in the last day, of these municipalities. */
  list(municipalities: ReadonlySet<string>): AlertRecord[] {
    const since = this.now() - 86_400_000;
    return [...this.records.values()]
      .filter((r) => municipalities.has(r.municipality) && (r.state !== 'resolved' || (r.resolvedAt ?? 0) >= since))
      .sort((a, b) => RANK[a.state] - RANK[b.state] || a.since - b.since);
  }

  history(since: number): HistoryEntry[] {
    return this.state.history(since);
  }

  get(key: string): AlertRecord | undefined {
    return this.records.get(key);
  }

  /** Stops the repeats of a firing alert until it resolves. */
  acknowledge(key: string, by: string): AlertRecord | undefined {
    const record = this.records.get(key);
    if (!record || record.state !== 'firing') return undefined;
    const updated = { ...record, acknowledgedBy: by, acknowledgedAt: this.now() };
    this.records.set(key, updated);
    this.state.save([updated], [], this.now());
    return updated;
  }

  silence(input: { school?: string; building?: string; rule?: RuleName; until: number; comment: string }, by: string): Silence {
    const silence = { ...input, id: randomUUID(), createdBy: by };
    this.state.addSilence(silence);
    // Shown as silenced at once, not only after the next evaluation.
    const now = this.now();
    const covered = [...this.records.values()].filter((r) => r.state !== 'resolved' && silenceMatches(silence, r, now)).map((r) => ({ ...r, silencedBy: silence.id }));
    for (const r of covered) this.records.set(r.key, r);
    this.state.save(covered, [], now);
    return silence;
  }

  silences(): Silence[] {
    return this.activeSilences(this.now());
  }

  unsilence(id: string): boolean {
    return this.state.removeSilence(id);
  }

  private activeSilences(now: number): Silence[] {
    return this.state.silences().filter((s) => s.until > now);
  }
}

const RANK: Record<AlertRecord['state'], number> = { firing: 0, pending: 1, resolved: 2 };
