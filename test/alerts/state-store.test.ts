// Alert state kept across an upgrade: records saved when names were written as text (in the
// municipality's language) still read, and are shown as they were written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { alertWords } from '../../alerts/notify/message.ts';
import { AlertStateStore } from '../../alerts/state-store.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the alert state store', () => {
  it('reads a record saved with its name and fix as text, and words it as written in any language', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kapasitet-state-'));
    dirs.push(dir);
    const path = join(dir, 'alerts.sqlite');
    new AlertStateStore(path);
    const saved = { key: 'forecast:uplink:nu-gamle', rule: 'forecast', municipality: 'fjordvik', school: 'nordli', schoolName: 'Nordli', name: 'opplink (1000 Mbit/s), trend', fix: 'Oppgrader opplinken (15000 NOK)', dependsOn: [], unit: 'Mbit/s', limit: 700, state: 'firing', since: 1 };
    const db = new Database(path);
    db.prepare('INSERT INTO alerts (key, record) VALUES (?, ?)').run(saved.key, JSON.stringify(saved));
    db.prepare('INSERT INTO history (time, key, state, record) VALUES (?, ?, ?, ?)').run(1, saved.key, 'firing', JSON.stringify(saved));
    db.close();

    const store = new AlertStateStore(path);
    const record = store.records().get(saved.key)!;
    expect(alertWords(record, 'sv', 'Europe/Stockholm')).toMatchObject({ name: 'opplink (1000 Mbit/s), trend', fix: 'Oppgrader opplinken (15000 NOK)' });
    expect(alertWords(store.history(0)[0]!.alert, 'en', 'UTC').name).toBe('opplink (1000 Mbit/s), trend');
  });
});
