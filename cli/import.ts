// `kapasitet import enrolment|fleet FILE.csv`: puts enrolment, or the schools' devices from an asset
// register, from a spreadsheet into the config file. The rest of the file (comments included) is
// kept. Any bad row and nothing is written.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { parseEnrolmentCsv } from '../config/enrolment-csv.ts';
import { parseFleetCsv } from '../config/fleet-csv.ts';
import { ConfigError, loadConfigFile, parseConfigText } from '../config/load.ts';
import type { Config, EnrolmentYear } from '../config/schema.ts';
import { reportConfigError, type CliOptions } from './options.ts';

export async function importData(what: string | undefined, file: string | undefined, options: CliOptions): Promise<number> {
  const configFile = options.config ?? 'kapasitet.yaml';
  try {
    if (what !== 'enrolment' && what !== 'fleet') throw new ConfigError('command line', [{ path: 'import', message: `what to import: "enrolment" or "fleet" (got "${what ?? ''}")` }]);
    const columns = what === 'enrolment' ? 'school, year, grade, count' : 'school, type, acquired and optionally count';
    if (!file) throw new ConfigError('command line', [{ path: `import ${what}`, message: `name the CSV file (columns ${columns})` }]);
    const { config } = loadConfigFile(configFile);
    let csv: string;
    try {
      csv = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(file, [{ path: '', message: `cannot read the file: ${(err as Error).message}` }]);
    }
    const doc = parseDocument(readFileSync(configFile, 'utf8'));
    const summary = what === 'enrolment' ? importEnrolment(csv, file, config, doc) : importFleet(csv, file, config, doc);
    const text = doc.toString();
    // The result must be a valid config before it replaces the old one.
    parseConfigText(text, configFile);
    writeFileSync(`${configFile}.tmp`, text);
    renameSync(`${configFile}.tmp`, configFile);
    console.log(`${configFile}: ${summary} from ${file}`);
    return 0;
  } catch (err) {
    return reportConfigError(err);
  }
}

/** The years in the file replace those years in the config; other years stay. */
function importEnrolment(csv: string, file: string, config: Config, doc: Document): string {
  const imported = parseEnrolmentCsv(csv, file, config);
  config.schools.forEach((school, i) => {
    const years = imported.get(school.id);
    if (!years) return;
    const merged = new Map<number, EnrolmentYear>(school.enrolment.map((e) => [e.year, e]));
    for (const [year, row] of years) merged.set(year, row);
    setRows(doc, ['schools', i, 'enrolment'], [...merged.values()].sort((a, b) => a.year - b.year));
  });
  const rows = [...imported.values()].reduce((n, years) => n + [...years.values()].reduce((m, y) => m + Object.keys(y.pupils).length + 1, 0), 0);
  return `enrolment for ${[...imported].map(([school, years]) => `${school} (${[...years.keys()].sort().join(', ')})`).join('; ')} (${rows} rows)`;
}

/** An asset register is a snapshot: each school in the file gets the file's devices as its whole fleet. */
function importFleet(csv: string, file: string, config: Config, doc: Document): string {
  const imported = parseFleetCsv(csv, file, config);
  config.schools.forEach((school, i) => {
    const fleet = imported.get(school.id);
    if (fleet) setRows(doc, ['schools', i, 'fleet'], fleet);
  });
  return `devices for ${[...imported].map(([school, fleet]) => `${school} (${fleet.reduce((n, c) => n + c.count, 0)})`).join('; ')}`;
}

/** A list in the config, one line per item, as people write them by hand. */
function setRows(doc: Document, path: (string | number)[], rows: object[]): void {
  const node = doc.createNode(rows);
  if (isSeq(node)) for (const item of node.items) if (isMap(item)) item.flow = true;
  doc.setIn(path, node);
}
