// Names and descriptions (a profile's `static` columns: ifName, ifDescr, ifAlias, an AP's name) are
// read when a device is first polled and then every few minutes, not every poll, as Zabbix's
// low-level discovery does. Every poll between reuses what was read, unless a row appears that was
// not there then, the agent restarted (which may renumber rows), or the table's change marker
// (ifTableLastChange) moved. It halves what a switch is asked
// each poll, and with it the load on the switch's CPU.
import type { ValueSource } from './profile-schema.ts';
import type { Value } from './decode.ts';

/** A row's static values, as read, with the source each came from. */
export interface KnownRow {
  values: Record<string, Value>;
  sources: Record<string, ValueSource>;
}

interface Entry {
  readAt: number;
  uptimeTicks?: number;
  /** The table's change marker when read; undefined where the profile or the agent has none. */
  marker?: string;
  rows: Map<string, KnownRow>;
}

export class StaticValues {
  private readonly tables = new Map<string, Entry>();

  /** `maxAgeMs` 0 reads them every poll. */
  constructor(private readonly maxAgeMs: number) {}

  /**
   * The rows last read for this table of this device, while they may still be used: read less than
   * `maxAgeMs` ago, the agent has not restarted since (its sysUpTime has not gone back), and the
   * table's change marker is what it was.
   */
  usable(key: string, now: number, uptimeTicks: number | undefined, marker?: string): Map<string, KnownRow> | undefined {
    const entry = this.tables.get(key);
    if (!entry || now - entry.readAt >= this.maxAgeMs || entry.marker !== marker) return undefined;
    if (uptimeTicks === undefined || entry.uptimeTicks === undefined || uptimeTicks < entry.uptimeTicks) return undefined;
    return entry.rows;
  }

  remember(key: string, now: number, uptimeTicks: number | undefined, rows: Map<string, KnownRow>, marker?: string): void {
    if (this.maxAgeMs > 0) this.tables.set(key, { readAt: now, uptimeTicks, marker, rows });
  }
}
