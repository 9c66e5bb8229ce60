// Enrolment from a spreadsheet: one row per school, school year and grade (or "staff"), checked row
// by row. Every bad row is reported with its line; a file with any bad row imports nothing.
import { z } from 'zod';
import type { Config, EnrolmentYear } from './schema.ts';
import { readCsv } from './csv-rows.ts';
import { ConfigError, type ConfigIssue } from './load.ts';

/** One row of the file: school id, school year (2026 = 2026/27), grade 0–13 or "staff", a count. */
export const enrolmentRowSchema = z
  .object({
    school: z.string().min(1, 'a school id'),
    year: z.coerce.number().int().min(2000).max(2100),
    grade: z.string().regex(/^(1[0-3]|[0-9]|staff)$/, 'a grade from 0 to 13, or "staff"'),
    count: z.coerce.number().int('a whole number').min(0),
  })
  .strict();

export const ENROLMENT_COLUMNS = Object.keys(enrolmentRowSchema.shape);

/** Enrolment per school and year, as the config holds it. */
export type ImportedEnrolment = Map<string, Map<number, EnrolmentYear>>;

export function parseEnrolmentCsv(text: string, file: string, config: Config): ImportedEnrolment {
  const { columns, rows } = readCsv(text, file, ENROLMENT_COLUMNS, ENROLMENT_COLUMNS);
  const schools = new Set(config.schools.map((s) => s.id));
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, number>();
  const imported: ImportedEnrolment = new Map();
  rows.forEach((cells, i) => {
    const line = i + 2;
    const parsed = enrolmentRowSchema.safeParse(Object.fromEntries(columns.map((c, k) => [c, cells[k] ?? ''])));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ path: String(issue.path[0] ?? ''), line, message: `${issue.message} (got "${cells[columns.indexOf(String(issue.path[0]))] ?? ''}")` });
      return;
    }
    const row = parsed.data;
    if (!schools.has(row.school)) return void issues.push({ path: 'school', line, message: `no school "${row.school}" in the config` });
    const key = `${row.school}|${row.year}|${row.grade}`;
    const earlier = seen.get(key);
    if (earlier) return void issues.push({ path: 'grade', line, message: `${row.school} ${row.year} grade ${row.grade} is already on line ${earlier}` });
    seen.set(key, line);
    const years = imported.get(row.school) ?? new Map<number, EnrolmentYear>();
    imported.set(row.school, years);
    const year = years.get(row.year) ?? { year: row.year, pupils: {}, staff: -1 };
    years.set(row.year, year);
    if (row.grade === 'staff') year.staff = row.count;
    else year.pupils[row.grade] = row.count;
  });
  // A year without a staff row keeps the staff the config has for it; a new year must give one.
  for (const [school, years] of imported) {
    const existing = config.schools.find((s) => s.id === school)!.enrolment;
    for (const year of years.values()) {
      if (year.staff >= 0) continue;
      const known = existing.find((e) => e.year === year.year);
      if (known) year.staff = known.staff;
      else issues.push({ path: 'grade', message: `${school} ${year.year}: no staff row, and the config has no staff count for that year (add a row with grade "staff")` });
    }
  }
  if (issues.length > 0) throw new ConfigError(file, issues);
  return imported;
}
