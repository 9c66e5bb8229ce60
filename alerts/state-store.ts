// Alert state, history, silences and the outbox of notices not yet delivered in one SQLite file beside the collector's spool: a restart
// picks up what was firing and what was already sent, so nothing is sent twice. Whichever store
// holds the measurements, this stays local, as Alertmanager keeps its own state on disk.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { AlertRecord, Silence } from './engine.ts';

/**
 * A record as saved. Before alerts were worded per reader, the name and fix were saved as text in
 * the municipality's language; such a record keeps its words, shown as they were written.
 */
function parseRecord(json: string): AlertRecord {
  const saved = JSON.parse(json) as Omit<AlertRecord, 'name' | 'fix'> & { name: AlertRecord['name'] | string; fix?: AlertRecord['fix'] | string };
  const asWritten = (text: string) => ({ key: 'notify.asWritten', fallback: text });
  return { ...saved, name: typeof saved.name === 'string' ? asWritten(saved.name) : saved.name, ...(typeof saved.fix === 'string' ? { fix: asWritten(saved.fix) } : {}) } as AlertRecord;
}

export interface HistoryEntry {
  time: number;
  key: string;
  state: string;
  alert: AlertRecord;
}

/** A notice waiting for one receiver: kept on disk until delivered, so a restart loses none. */
export interface OutboxEntry {
  id: number;
  receiver: string;
  key: string;
  body: unknown;
  attempts: number;
}

export class AlertStateStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS alerts (key TEXT PRIMARY KEY, record TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS history (id INTEGER PRIMARY KEY, time INTEGER NOT NULL, key TEXT NOT NULL, state TEXT NOT NULL, record TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS history_time ON history (time);
      CREATE TABLE IF NOT EXISTS silences (id TEXT PRIMARY KEY, silence TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, receiver TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, due INTEGER NOT NULL, UNIQUE (receiver, key));
    `);
  }

  records(): Map<string, AlertRecord> {
    const rows = this.db.prepare('SELECT key, record FROM alerts').all() as { key: string; record: string }[];
    return new Map(rows.map((r) => [r.key, parseRecord(r.record)]));
  }

  /** Saves every record and a history entry for each change, in one transaction. */
  save(records: readonly AlertRecord[], changed: readonly AlertRecord[], now: number): void {
    const upsert = this.db.prepare('INSERT OR REPLACE INTO alerts (key, record) VALUES (?, ?)');
    const log = this.db.prepare('INSERT INTO history (time, key, state, record) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const r of records) upsert.run(r.key, JSON.stringify(r));
      for (const r of changed) log.run(now, r.key, r.state, JSON.stringify(r));
    })();
  }

  history(since: number, limit = 500): HistoryEntry[] {
    const rows = this.db.prepare('SELECT time, key, state, record FROM history WHERE time >= ? ORDER BY time DESC, id DESC LIMIT ?').all(since, limit) as { time: number; key: string; state: string; record: string }[];
    return rows.map((r) => ({ time: r.time, key: r.key, state: r.state, alert: parseRecord(r.record) }));
  }

  silences(): Silence[] {
    return (this.db.prepare('SELECT silence FROM silences').all() as { silence: string }[]).map((r) => JSON.parse(r.silence) as Silence);
  }

  addSilence(silence: Silence): void {
    this.db.prepare('INSERT INTO silences (id, silence) VALUES (?, ?)').run(silence.id, JSON.stringify(silence));
  }

  /** Removes a silence; false when there was none with that id. */
  removeSilence(id: string): boolean {
    return this.db.prepare('DELETE FROM silences WHERE id = ?').run(id).changes > 0;
  }

  /** Queues a notice for a receiver; false when the same notice already waits for it (by key). */
  enqueue(receiver: string, key: string, body: unknown, due: number): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO outbox (receiver, key, body, due) VALUES (?, ?, ?, ?)').run(receiver, key, JSON.stringify(body), due).changes > 0;
  }

  /** Notices due by `now`, oldest first. */
  due(now: number, limit = 100): OutboxEntry[] {
    const rows = this.db.prepare('SELECT id, receiver, key, body, attempts FROM outbox WHERE due <= ? ORDER BY due, id LIMIT ?').all(now, limit) as (Omit<OutboxEntry, 'body'> & { body: string })[];
    return rows.map((r) => ({ ...r, body: JSON.parse(r.body) }));
  }

  /** When the next waiting notice is due, if any waits. */
  nextDue(): number | undefined {
    return (this.db.prepare('SELECT MIN(due) AS due FROM outbox').get() as { due: number | null }).due ?? undefined;
  }

  waiting(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  }

  /** Delivered, or given up on. */
  done(id: number): void {
    this.db.prepare('DELETE FROM outbox WHERE id = ?').run(id);
  }

  retryAt(id: number, due: number): void {
    this.db.prepare('UPDATE outbox SET attempts = attempts + 1, due = ? WHERE id = ?').run(due, id);
  }

  close(): void {
    this.db.close();
  }
}
