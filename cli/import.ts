// `kapasitet import enrolment FILE.csv`: puts enrolment from a spreadsheet into the config file. The
// years in the file replace those years in the config, other years stay, and the rest of the file
// (comments included) is kept. Any bad row and nothing is written.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument } from 'yaml';
import { parseEnrolmentCsv } from '../config/enrolment-csv.ts';
import { ConfigError, loadConfigFile, parseConfigText } from '../config/load.ts';
import type { EnrolmentYear } from '../config/schema.ts';
import { reportConfigError, type CliOptions } from './options.ts';

export async function importData(what: string | undefined, file: string | undefined, options: CliOptions): Promise<number> {
  const configFile = options.config ?? 'kapasitet.yaml';
  try {
    if (what !== 'enrolment') throw new ConfigError('command line', [{ path: 'import', message: `what to import: "enrolment" (got "${what ?? ''}")` }]);
    if (!file) throw new ConfigError('command line', [{ path: 'import enrolment', message: 'name the CSV file (columns school, year, grade, count)' }]);
    const { config } = loadConfigFile(configFile);
    let csv: string;
    try {
      csv = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(file, [{ path: '', message: `cannot read the file: ${(err as Error).message}` }]);
    }
    const imported = parseEnrolmentCsv(csv, file, config);
    const doc = parseDocument(readFileSync(configFile, 'utf8'));
    config.schools.forEach((school, i) => {
      const years = imported.get(school.id);
      if (!years) return;
      const merged = new Map<number, EnrolmentYear>(school.enrolment.map((e) => [e.year, e]));
      for (const [year, row] of years) merged.set(year, row);
      const node = doc.createNode([...merged.values()].sort((a, b) => a.year - b.year));
      // One line per school year, as people write enrolment by hand.
      if (isSeq(node)) for (const item of node.items) if (isMap(item)) item.flow = true;
      doc.setIn(['schools', i, 'enrolment'], node);
    });
    const text = doc.toString();
    // The result must be a valid config before it replaces the old one.
    parseConfigText(text, configFile);
    writeFileSync(`${configFile}.tmp`, text);
    renameSync(`${configFile}.tmp`, configFile);
    const rows = [...imported.values()].reduce((n, years) => n + [...years.values()].reduce((m, y) => m + Object.keys(y.pupils).length + 1, 0), 0);
    console.log(`${configFile}: enrolment for ${[...imported].map(([school, years]) => `${school} (${[...years.keys()].sort().join(', ')})`).join('; ')} from ${file} (${rows} rows)`);
    return 0;
  } catch (err) {
    return reportConfigError(err);
  }
}
