// Reads one profile table from a device: walks each field's column (falling back to the next source
// where the preferred one is missing or zero) and joins the columns into rows by index.
import type snmp from 'net-snmp';
import type { EntityKind, ProfileTable, ValueSource } from './profile-schema.ts';
import { decodeIndex, decodeValue, type Value } from './decode.ts';
import type { KnownRow } from './static-values.ts';
import { walk, walkWithGetNext } from './snmp-session.ts';

export interface Row {
  entity: EntityKind;
  /** Index parts by name, e.g. { ifIndex: 3 } or { ap: '00:1a:…', slot: 1 }. */
  index: Record<string, string | number>;
  key: string;
  /** The index part naming the parent entity (a radio's access point) and its value, where the table has one. */
  parent?: { part: string; key: string };
  values: Record<string, Value>;
  /** Which source each value came from (counter width matters for wrap handling). */
  sources: Record<string, ValueSource>;
  /**
   * The agent's sysUpTime when this row's counters were read: the midpoint of readings taken just
   * before and after the counter columns, so a rate is not skewed by the time other columns took.
   */
  uptimeTicks?: number;
}

export interface TableResult {
  rows: Row[];
  /** Varbinds refused (wrong type, malformed index), with the reason: logged, never fatal. */
  refused: string[];
  /** The static values by row, when this poll read them (rather than reusing `known`). */
  statics?: Map<string, KnownRow>;
  /** Objects the agent sent for the table's columns: what the poll cost it. */
  varbinds: number;
}

export interface WalkMode {
  /** GetBulk until the agent fails one; then GetNext for the rest of the poll. */
  bulk: boolean;
  maxRepetitions: number;
}

/**
 * Reads the table. Static columns come from `known` when it has every row the other columns show;
 * otherwise they are read. Counter columns go last, bracketed by two readings of the agent's clock
 * (`uptime`), so that rates over them use the agent's time at the moment they were read, however
 * long the other columns took.
 */
export async function readTable(
  session: snmp.Session,
  table: ProfileTable,
  mode: WalkMode,
  uptime?: () => Promise<number | undefined>,
  known?: Map<string, KnownRow>,
): Promise<TableResult> {
  const rows: Rows = { byKey: new Map(), bySuffix: new Map() };
  const refused: string[] = [];
  const counted = { varbinds: 0 };
  const kind = ([, spec]: Field) => (sourcesOf(spec).every((s) => s.static) ? 'static' : sourcesOf(spec).some((s) => s.type === 'counter32' || s.type === 'counter64') ? 'counter' : 'other');
  const fields = Object.entries(table.fields);
  const [statics, counters, others] = (['static', 'counter', 'other'] as const).map((k) => fields.filter((f) => kind(f) === k)) as [Field[], Field[], Field[]];
  const reuse = known !== undefined && statics.length > 0 && others.length > 0;
  // The other columns first: they show every row, so a row without a 64-bit counter still gets its 32-bit one.
  if (!reuse) await readFields(session, table, mode, statics, rows, refused, counted);
  await readFields(session, table, mode, others, rows, refused, counted);
  const readStatics = !reuse || ![...rows.byKey.keys()].every((key) => known.has(key));
  if (reuse && readStatics) await readFields(session, table, mode, statics, rows, refused, counted);
  if (!readStatics) {
    for (const [key, row] of rows.byKey) {
      Object.assign(row.values, known!.get(key)!.values);
      Object.assign(row.sources, known!.get(key)!.sources);
    }
  }
  const before = counters.length > 0 ? await uptime?.() : undefined;
  await readFields(session, table, mode, counters, rows, refused, counted);
  const after = before !== undefined ? await uptime?.() : undefined;
  if (before !== undefined && after !== undefined && after >= before) for (const row of rows.byKey.values()) row.uptimeTicks = Math.round((before + after) / 2);
  // In index order, as the agent lists them, whichever column first showed a row.
  const sorted = [...rows.byKey.values()].sort((a, b) => compareIndex(a, b, table));
  return { rows: sorted, refused, varbinds: counted.varbinds, ...(readStatics && statics.length > 0 ? { statics: staticsOf(rows.byKey, statics.map(([field]) => field)) } : {}) };
}

type Field = [string, ProfileTable['fields'][string]];
const sourcesOf = (spec: Field[1]) => (Array.isArray(spec) ? spec : [spec]);

function staticsOf(rows: Map<string, Row>, fields: string[]): Map<string, KnownRow> {
  const out = new Map<string, KnownRow>();
  for (const [key, row] of rows) {
    const known: KnownRow = { values: {}, sources: {} };
    for (const field of fields) {
      if (row.values[field] === undefined) continue;
      known.values[field] = row.values[field];
      known.sources[field] = row.sources[field]!;
    }
    out.set(key, known);
  }
  return out;
}

function compareIndex(a: Row, b: Row, table: ProfileTable): number {
  for (const part of table.index) {
    const x = a.index[part.name]!;
    const y = b.index[part.name]!;
    if (x !== y) return typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

async function readFields(session: snmp.Session, table: ProfileTable, mode: WalkMode, fields: Field[], rows: Rows, refused: string[], counted: { varbinds: number }): Promise<void> {
  for (const [field, spec] of fields) {
    for (const source of sourcesOf(spec)) {
      const prefix = `${source.oid}.`;
      const column = await walkColumn(session, source.oid, mode, refused);
      counted.varbinds += column.length;
      for (const varbind of column) {
        if (!varbind.oid.startsWith(prefix)) continue;
        const row = rowAt(rows, table, varbind.oid, prefix.length, refused);
        if (!row) continue;
        const value = decodeValue(varbind, source);
        if (value instanceof Error) {
          refused.push(value.message);
          continue;
        }
        if (row.values[field] === undefined || isEmpty(row.values[field], row.sources[field]!)) {
          row.values[field] = value;
          row.sources[field] = source;
        }
      }
      if ([...rows.byKey.values()].every((r) => r.values[field] !== undefined && !isEmpty(r.values[field], r.sources[field]!))) break;
    }
  }
}

/** The table's rows by key, and by the index as the OID spells it (every column after the first finds its row there). */
interface Rows {
  byKey: Map<string, Row>;
  bySuffix: Map<string, Row>;
}

/** The row an object belongs to, made at its first column; undefined (with the reason noted) for a malformed index. */
function rowAt(rows: Rows, table: ProfileTable, oid: string, indexAt: number, refused: string[]): Row | undefined {
  const suffix = oid.slice(indexAt);
  const seen = rows.bySuffix.get(suffix);
  if (seen) return seen;
  const index = decodeIndex(suffix.split('.').map(Number), table.index);
  if (index instanceof Error) {
    refused.push(`${oid}: ${index.message}`);
    return undefined;
  }
  const key = table.index.map((p) => index[p.name]).join('/');
  let row = rows.byKey.get(key);
  if (!row) {
    row = { entity: table.entity, index, key, parent: table.parent === undefined ? undefined : { part: table.parent, key: String(index[table.parent]) }, values: {}, sources: {} };
    rows.byKey.set(key, row);
  }
  rows.bySuffix.set(suffix, row);
  return row;
}

/** Walks one column, falling back to GetNext when the agent fails a GetBulk walk. */
async function walkColumn(session: snmp.Session, oid: string, mode: WalkMode, notes: string[]) {
  if (mode.bulk) {
    try {
      return await walk(session, oid, mode.maxRepetitions);
    } catch (err) {
      mode.bulk = false;
      notes.push(`GetBulk on ${oid} failed (${(err as Error).message}); walking with GetNext`);
    }
  }
  return walkWithGetNext(session, oid);
}

/**
 * A value that a later source should replace: an empty string, or a zero gauge (ifHighSpeed is 0
 * below 1 Mbit/s, where ifSpeed still knows). A counter at zero is a real reading.
 */
const isEmpty = (v: Value | undefined, source: ValueSource) => v === '' || (source.type === 'gauge' && v === 0);
