// A spreadsheet saved as CSV, as the imports read it: comma or semicolon (Nordic spreadsheets save
// with semicolons), a first line naming the columns, and the rows as cells by column name.
import { parse } from 'csv-parse/sync';
import { ConfigError } from './load.ts';

/** Rows a file may have: a municipality's asset register is a few tens of thousands of devices. */
const MAX_ROWS = 500_000;

/**
 * The header's columns (lower case) and the rows. `required` must all be there; nothing outside
 * `allowed` may be; the error names what the first line should say.
 */
export function readCsv(text: string, file: string, required: readonly string[], allowed: readonly string[]): { columns: string[]; rows: string[][] } {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true, delimiter: sniffDelimiter(text), to: MAX_ROWS + 2 });
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: `not CSV: ${(err as Error).message}` }]);
  }
  if (records.length > MAX_ROWS + 1) throw new ConfigError(file, [{ path: '', message: `more than ${MAX_ROWS.toLocaleString('en')} rows` }]);
  const [header, ...rows] = records;
  const columns = (header ?? []).map((c) => c.toLowerCase());
  if (required.some((c) => !columns.includes(c)) || columns.some((c) => !allowed.includes(c))) {
    const optional = allowed.filter((c) => !required.includes(c));
    throw new ConfigError(file, [{ path: '', line: 1, message: `the first line must name the columns ${required.join(', ')}${optional.length ? ` (and may name ${optional.join(', ')})` : ''} (got: ${columns.join(', ') || 'nothing'})` }]);
  }
  return { columns, rows };
}

function sniffDelimiter(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
}
