// Small reads (InfluxStore's counts and steps) asked of InfluxDB 1.x within one turn of the event
// loop go as one request of several statements. influxd answers the statements of a request together for little more than the
// costliest of them alone (three counts over a year of daily roll-ups: 1.4 ms, one alone: 1.4 ms),
// and each request costs both sides an HTTP exchange: the one-year series asks six statements, and
// its answer took a third of the time as two requests that it took as six.

/** One statement's answer as InfluxDB 1.x sends it (`epoch=ms`: times are numbers). */
export interface StatementResult {
  error?: string;
  series?: ResultSeries[];
}

export interface ResultSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: (string | number | null)[][];
}

/** Sends statements as one request; answers one result per statement, in order, up to any that failed. */
export type SendStatements = (statements: string[]) => Promise<StatementResult[]>;

interface Waiting {
  statements: string[];
  resolve: (results: StatementResult[]) => void;
  reject: (err: unknown) => void;
}

/**
 * A request's statements are bounded in number and length: the query goes in the URL, which
 * influxd and proxies between take up to some kilobytes.
 */
const MAX_STATEMENTS = 32;
const MAX_CHARS = 12_000;

export class StatementBatcher {
  private waiting: Waiting[] = [];

  constructor(private readonly send: SendStatements) {}

  /**
   * The statements' results, from one request shared with the reads asked in the same turn. A
   * caller's statement that fails fails only that caller: influxd stops a request at a failing
   * statement, so the callers it stopped are asked again on their own.
   */
  run(statements: string[]): Promise<StatementResult[]> {
    return new Promise((resolve, reject) => {
      if (this.waiting.length === 0) setImmediate(() => this.flush());
      this.waiting.push({ statements, resolve, reject });
    });
  }

  private flush(): void {
    const waiting = this.waiting;
    this.waiting = [];
    let batch: Waiting[] = [];
    let statements = 0;
    let chars = 0;
    for (const w of waiting) {
      const length = w.statements.reduce((n, s) => n + s.length + 1, 0);
      if (batch.length > 0 && (statements + w.statements.length > MAX_STATEMENTS || chars + length > MAX_CHARS)) {
        void this.request(batch);
        batch = [];
        statements = 0;
        chars = 0;
      }
      batch.push(w);
      statements += w.statements.length;
      chars += length;
    }
    if (batch.length > 0) void this.request(batch);
  }

  private async request(batch: Waiting[]): Promise<void> {
    let results: StatementResult[];
    try {
      results = await this.send(batch.flatMap((w) => w.statements));
    } catch (err) {
      // A request refused as a whole (400: a statement influxd cannot parse) is asked again per caller,
      // so only the one that asked it fails; a network failure or timeout fails them all as it is.
      if (batch.length > 1 && refusal(err) !== undefined) for (const w of batch) void this.request([w]);
      else for (const w of batch) w.reject(err);
      return;
    }
    let at = 0;
    for (const w of batch) {
      const own = results.slice(at, at + w.statements.length);
      at += w.statements.length;
      const complete = own.length === w.statements.length && own.every((r) => r.error === undefined);
      if (complete) w.resolve(own);
      else if (batch.length > 1) void this.request([w]);
      else w.resolve(own.length === w.statements.length ? own : [...own, ...w.statements.slice(own.length).map(() => ({ error: 'not executed' }))]);
    }
  }
}

/**
 * influxd's answer where it refused a request itself (4xx), from the influx package's words for it
 * ("A 403 Forbidden error occurred: <body>"); undefined where it failed to answer.
 */
export function refusal(err: unknown): string | undefined {
  return /^A 4\d\d [^:]*: (.*)$/s.exec((err as Error).message ?? '')?.[1];
}
