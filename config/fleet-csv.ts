// A school's devices from an asset register or an MDM export: one row per device (no count column) or
// per batch (with one), each with its school, type and when it was bought (a school year such as
// 2023, or a date, which falls in the school year it is in). Checked row by row: every bad row is
// reported with its line, and a file with any bad row imports nothing.
import { z } from 'zod';
import { SCHOOL_YEAR_START_MONTH } from '../models/local-time.ts';
import { readCsv } from './csv-rows.ts';
import { ConfigError, type ConfigIssue } from './load.ts';
import { deviceTypes, type Config, type SchoolConfig } from './schema.ts';

export const fleetRowSchema = z
  .object({
    school: z.string().min(1, 'a school id'),
    type: z.enum(deviceTypes, { error: `a device type: ${deviceTypes.join(', ')}` }),
    acquired: z
      .string()
      .regex(/^\d{4}(-\d{2}-\d{2})?$/, 'a school year (2023) or a date (2023-08-15)')
      .transform((v) => (v.length === 4 ? Number(v) : schoolYearOfDate(v))),
    count: z.coerce.number().int('a whole number').min(0).default(1),
  })
  .strict();

const REQUIRED = ['school', 'type', 'acquired'];
const ALLOWED = [...REQUIRED, 'count'];

/** The school year a purchase date falls in (August starts one). */
function schoolYearOfDate(date: string): number {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return month >= SCHOOL_YEAR_START_MONTH ? year : year - 1;
}

/** Each school's installed base in the file, as the config holds it: count per type and school year bought. */
export function parseFleetCsv(text: string, file: string, config: Config): Map<string, SchoolConfig['fleet']> {
  const { columns, rows } = readCsv(text, file, REQUIRED, ALLOWED);
  const schools = new Set(config.schools.map((s) => s.id));
  const issues: ConfigIssue[] = [];
  const counts = new Map<string, Map<string, number>>();
  rows.forEach((cells, i) => {
    const line = i + 2;
    const raw = Object.fromEntries(columns.map((c, k) => [c, cells[k] ?? '']).filter(([c, v]) => c !== 'count' || v !== ''));
    const parsed = fleetRowSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ path: String(issue.path[0] ?? ''), line, message: `${issue.message} (got "${cells[columns.indexOf(String(issue.path[0]))] ?? ''}")` });
      return;
    }
    const row = parsed.data;
    if (!schools.has(row.school)) return void issues.push({ path: 'school', line, message: `no school "${row.school}" in the config` });
    const bySchool = counts.get(row.school) ?? new Map<string, number>();
    counts.set(row.school, bySchool);
    const key = `${row.type}|${row.acquired}`;
    bySchool.set(key, (bySchool.get(key) ?? 0) + row.count);
  });
  if (issues.length > 0) throw new ConfigError(file, issues);
  return new Map(
    [...counts].map(([school, byKey]) => [
      school,
      [...byKey]
        .map(([key, count]) => {
          const [type, acquired] = key.split('|') as [SchoolConfig['fleet'][number]['type'], string];
          return { type, count, acquired: Number(acquired) };
        })
        .sort((a, b) => a.type.localeCompare(b.type) || a.acquired - b.acquired),
    ]),
  );
}
