// `kapasitet plan`: the upgrade plan per building and school, with costs and totals per school year,
// for one scenario or several side by side, as a table, Markdown, CSV or JSON, or as a workbook (xlsx).
import { measuredLoads, planMunicipality, resolveScenario } from '../planning/plan-inputs.ts';
import { ConfigError } from '../config/load.ts';
import { openStore } from '../store/open.ts';
import { writeFileSync } from 'node:fs';
import { planCsv, planMarkdown, planTable } from '../planning/plan-format.ts';
import { planWorkbook } from '../planning/plan-xlsx.ts';
import { isLocale, LOCALES, type Locale } from '../i18n/locales.ts';
import { translator } from '../i18n/translate.ts';
import { findConfig, reportConfigError, type CliOptions } from './options.ts';

export interface PlanOptions extends CliOptions {
  compare?: string;
  output?: string;
  municipality?: string;
  year?: string;
  delimiter?: string;
  lang?: string;
}

const FORMATS = ['table', 'markdown', 'csv', 'json', 'xlsx'];

export async function plan(options: PlanOptions): Promise<number> {
  let source;
  let scenarios: string[];
  let year: number | undefined;
  try {
    source = findConfig(options);
    if (options.format !== undefined && !FORMATS.includes(options.format)) {
      throw new ConfigError('command line', [{ path: '--format', message: `expected ${FORMATS.join(', ')}, got "${options.format}"` }]);
    }
    if (options.year !== undefined && !/^\d{4}$/.test(options.year)) throw new ConfigError('command line', [{ path: '--year', message: `expected a school year such as 2027, got "${options.year}"` }]);
    if (options.format === 'xlsx' && !options.output) throw new ConfigError('command line', [{ path: '--output', message: 'a workbook is written to a file: add --output plan.xlsx' }]);
    if (options.lang !== undefined && !isLocale(options.lang)) throw new ConfigError('command line', [{ path: '--lang', message: `expected ${LOCALES.join(', ')}, got "${options.lang}"` }]);
    if (options.delimiter !== undefined && options.delimiter.length !== 1) throw new ConfigError('command line', [{ path: '--delimiter', message: 'one character, such as ; for a spreadsheet set to a Nordic locale' }]);
    const ids = source.config.municipalities.map((m) => m.id);
    if (options.municipality !== undefined ? !ids.includes(options.municipality) : ids.length > 1) {
      throw new ConfigError('command line', [{ path: '--municipality', message: `name one of ${ids.join(', ')}${options.municipality !== undefined ? `, not "${options.municipality}"` : ''}` }]);
    }
    year = options.year === undefined ? undefined : Number(options.year);
    const requested = options.compare !== undefined ? options.compare.split(',').map((s) => s.trim()) : [options.scenario];
    scenarios = requested.map((name) => {
      try {
        return resolveScenario(source!.config, name);
      } catch (err) {
        throw new ConfigError('command line', [{ path: options.compare !== undefined ? '--compare' : '--scenario', message: (err as Error).message }]);
      }
    });
  } catch (err) {
    return reportConfigError(err);
  }
  const store = await openStore(source.config.store, source.secrets);
  try {
    const now = Date.now();
    const plans = [];
    const lang = isLocale(options.lang) ? options.lang : undefined;
    // On standard error, so a plan piped to a file or a spreadsheet stays the plan alone.
    const summarising = (municipality: { locale: Locale }, schools: number) => console.error(translator(lang ?? municipality.locale)('report.summarising', { schools }));
    const loads = await measuredLoads(source.config, store, now, options.municipality, summarising);
    for (const scenario of scenarios) plans.push(await planMunicipality(source.config, store, now, scenario, options.municipality, lang, loads));
    const format = options.format ?? 'table';
    if (format === 'json') console.log(JSON.stringify(plans.length === 1 ? plans[0] : { scenarios: plans }, null, 2));
    else if (format === 'csv') process.stdout.write(planCsv(plans, year, options.delimiter, lang ?? plans[0]!.municipality.locale));
    else if (format === 'xlsx') {
      const t = translator(lang ?? plans[0]!.municipality.locale);
      writeFileSync(options.output!, await planWorkbook(plans, new Date(now), t));
      console.log(t('report.workbookWritten', { file: options.output, municipality: plans[0]!.municipality.name, scenarios: plans.map((p) => p.scenario).join(', ') }));
    }
    else if (format === 'markdown') console.log(planMarkdown(plans, year, lang ?? plans[0]!.municipality.locale));
    else console.log(planTable(plans, year, lang ?? plans[0]!.municipality.locale));
    return 0;
  } finally {
    await store.close();
  }
}
