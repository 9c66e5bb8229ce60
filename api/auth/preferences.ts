// What an account chose for itself and keeps across logins and browsers: for now its language.
// A small SQLite file of its own (access.preferencesPath), so a restart or another browser keeps it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { isLocale, type Locale } from '../../i18n/locales.ts';

export class Preferences {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS preference (account TEXT PRIMARY KEY, locale TEXT NOT NULL)');
  }

  locale(account: string): Locale | undefined {
    const row = this.db.prepare('SELECT locale FROM preference WHERE account = ?').get(account) as { locale: string } | undefined;
    return isLocale(row?.locale) ? row.locale : undefined;
  }

  setLocale(account: string, locale: Locale): void {
    this.db.prepare('INSERT INTO preference (account, locale) VALUES (?, ?) ON CONFLICT(account) DO UPDATE SET locale = excluded.locale').run(account, locale);
  }

  close(): void {
    this.db.close();
  }
}
