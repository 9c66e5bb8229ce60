// The plan as a facilities planner reads it: one row per thing to buy (CSV for a spreadsheet,
// Markdown for a report, plain text for a terminal), then the totals per school year and per budget year.
import { stringify } from 'csv-stringify/sync';
import { INTL_TAG, type Locale } from '../i18n/locales.ts';
import { translator } from '../i18n/translate.ts';
import type { Money } from '../models/investment.ts';
import type { MunicipalityPlan } from './plan-inputs.ts';
import { round } from '../models/costs.ts';
import type { Recommendation } from '../models/plan.ts';

interface Row {
  scenario: string;
  school: string;
  building: string;
  recommendation: Recommendation;
}

/** Every recommendation of the plans, buildings' and schools', in school order; `year` keeps one school year. */
function rows(plans: MunicipalityPlan[], year?: number): Row[] {
  const out: Row[] = [];
  for (const plan of plans) {
    for (const school of plan.schools) {
      const own = [...plan.buildings.filter((b) => b.schoolId === school.schoolId).flatMap((b) => b.recommendations.map((r) => ({ building: b.buildingName, r }))), ...school.recommendations.map((r) => ({ building: '', r }))];
      for (const { building, r } of own) {
        if (year !== undefined && startYear(r, plan.currentYear) !== year) continue;
        out.push({ scenario: plan.scenario, school: school.schoolName, building, recommendation: r });
      }
    }
  }
  return out;
}

const startYear = (r: Recommendation, currentYear: number) => (r.year === 'now' ? currentYear : r.year);
const evidenceText = (e: Recommendation['evidence']) => Object.entries(e).map(([k, v]) => `${k}=${v}`).join('; ');

/**
 * The plan as CSV in `locale`: its column names and the words of its totals. The `kind`
 * column keeps its ids (add-access-points, total, budget total, devices: laptop) for scripts.
 */
export function planCsv(plans: MunicipalityPlan[], year: number | undefined, delimiter: string, locale: Locale): string {
  const t = translator(locale);
  const header = t('csv.header', { returnObjects: true }) as string[];
  const planOf = (scenario: string) => plans.find((p) => p.scenario === scenario)!;
  const body = rows(plans, year).map(({ scenario, school, building, recommendation: r }) => {
    const c = r.cost;
    return [scenario, school, building, r.kind, r.year, r.priority, r.quantity, c?.item ?? '', c?.unitPrice ?? '', c?.oneOff ?? '', c?.yearly ?? '', c ? round((c.leasable ? c.oneOff / planOf(scenario).investment.leaseYears : c.oneOff) + c.yearly) : '', c?.currency ?? '', r.reason, evidenceText(r.evidence)];
  });
  const unpriced = (plan: MunicipalityPlan) => (plan.investment.unpriced ? t('csv.unpriced', { count: plan.investment.unpriced }) : '');
  const totals = plans.flatMap((plan) =>
    plan.investment.years
      .filter((y) => year === undefined || y.year === year)
      .map((y) => [plan.scenario, 'total', '', 'total', y.year, '', '', '', '', y.oneOff, y.yearly, y.leased, plan.investment.currency ?? '', t('csv.schoolYearTotal', { year: schoolYearLabel(y.year) }), unpriced(plan)]),
  );
  const budget = plans.flatMap((plan) =>
    plan.investment.budgetYears
      .filter((y) => year === undefined || y.budgetYear === year)
      .map((y) => {
        const label = budgetYearLabel(y.budgetYear, plan.investment.budgetYearStartMonth);
        return [plan.scenario, 'total', '', 'budget total', label, '', '', '', '', y.oneOff, y.yearly, y.leased, plan.investment.currency ?? '', t('csv.budgetYearTotal', { year: label }), unpriced(plan)];
      }),
  );
  const devices = plans.flatMap((plan) =>
    plan.fleet.schools.flatMap((school) =>
      school.years
        .filter((y) => year === undefined || y.year === year)
        .map((y) => [plan.scenario, school.schoolName, '', `devices: ${y.type}`, y.year, '', y.added + y.replaced, y.type, '', y.boughtCost, '', y.leasedCost ?? '', plan.investment.currency ?? '', t('csv.fleet', { needed: y.needed, added: y.added, replaced: y.replaced, retired: y.retired }), `needed=${y.needed}; in_service=${y.inService}; returned_value=${y.returnedValue}`]),
    ),
  );
  // Names come from the config and devices: one that begins like a formula is written as text (OWASP's CSV injection advice).
  return stringify([header, ...body, ...totals, ...budget, ...devices], { delimiter, escape_formulas: true });
}

/** A row of a Markdown table, and the line under a header row of as many columns. */
const mdRow = (cells: string[]) => `| ${cells.join(' | ')} |`;
const mdRule = (n: number) => `|${new Array(n).fill('---').join('|')}|`;

export function planMarkdown(plans: MunicipalityPlan[], year: number | undefined, locale: Locale): string {
  const t = translator(locale);
  const out: string[] = [];
  const cell = (v: unknown) => String(v ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');
  const list = (key: string) => t(key, { returnObjects: true }) as string[];
  const money = moneyIn(locale);
  for (const plan of plans) {
    const currency = plan.investment.currency ?? '';
    out.push(`## ${t('report.scenario', { scenario: cell(plan.scenario) })}`, '', measuredLine(plan, t), '');
    out.push(mdRow(list('report.mdHeader')), mdRule(9));
    for (const { school, building, recommendation: r } of rows([plan], year)) {
      const what = r.cost ? `${r.kind}: ${r.cost.item}` : r.kind;
      out.push(`| ${cell(school)} | ${cell(building) || t('report.schoolWide')} | ${cell(what)} | ${r.year} | ${r.priority} | ${r.quantity} | ${money(r.cost?.oneOff, currency)} | ${r.cost?.yearly ? money(r.cost.yearly, currency) : ''} | ${cell(r.reason)} |`);
    }
    out.push('', mdRow(list('report.mdSchoolYears')), mdRule(4));
    for (const y of plan.investment.years.filter((y) => year === undefined || y.year === year)) {
      out.push(`| ${schoolYearLabel(y.year)} | ${money(y.oneOff, currency)} | ${money(y.yearly, currency)} | ${money(y.leased, currency)} |`);
    }
    out.push('', mdRow(list('report.mdBudgetYears')), mdRule(4));
    for (const y of plan.investment.budgetYears.filter((y) => year === undefined || y.budgetYear === year)) {
      out.push(`| ${budgetYearLabel(y.budgetYear, plan.investment.budgetYearStartMonth)} | ${money(y.oneOff, currency)} | ${money(y.yearly, currency)} | ${money(y.leased, currency)} |`);
    }
    if (plan.investment.unpriced) out.push('', t('report.unpriced', { count: plan.investment.unpriced }));
    if (plan.fleet.schools.some((s) => s.years.length > 0)) {
      out.push('', mdRow(list('report.mdFleet')), mdRule(9));
      for (const school of plan.fleet.schools) {
        for (const y of school.years.filter((y) => year === undefined || y.year === year)) {
          out.push(`| ${cell(school.schoolName)} | ${y.type} | ${schoolYearLabel(y.year)} | ${y.needed} | ${y.added} | ${y.replaced} | ${y.retired} | ${money(y.boughtCost, currency)} | ${money(y.leasedCost, currency)} |`);
        }
      }
    }
    out.push('');
  }
  const comparison = sideBySide(plans, year, locale);
  if (comparison) {
    out.push(`## ${t('report.sideBySide')}`, '', `| ${comparison.header.map(cell).join(' | ')} |`, `|${comparison.header.map(() => '---').join('|')}|`);
    for (const row of comparison.rows) out.push(`| ${row.map(cell).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}

/**
 * Several scenarios in one table: per budget year, each scenario's network and devices together,
 * bought outright and leased, and for two scenarios the second less the first. Undefined for one.
 */
function sideBySide(plans: MunicipalityPlan[], year: number | undefined, locale: Locale): { header: string[]; rows: string[][] } | undefined {
  if (plans.length < 2) return undefined;
  const t = translator(locale);
  const money = moneyIn(locale);
  const currency = plans[0]!.investment.currency ?? '';
  const startMonth = plans[0]!.investment.budgetYearStartMonth;
  const years = [...new Set(plans.flatMap((p) => [...p.investment.budgetYears, ...p.fleet.budgetYears].map((y) => y.budgetYear)))].filter((y) => year === undefined || y === year).sort((a, b) => a - b);
  const sum = (p: MunicipalityPlan, y: number, k: 'oneOff' | 'leased') => (p.investment.budgetYears.find((b) => b.budgetYear === y)?.[k] ?? 0) + (p.fleet.budgetYears.find((b) => b.budgetYear === y)?.[k] ?? 0);
  const signed = (n: number) => (n > 0 ? `+${money(n, currency)}` : n < 0 ? `-${money(-n, currency)}` : money(0, currency));
  const two = plans.length === 2;
  const header = [t('report.budgetYear'), ...plans.flatMap((p) => [t('report.bought', { scenario: p.scenario }), t('report.leased', { scenario: p.scenario })]), ...(two ? [t('report.difference', { second: plans[1]!.scenario, first: plans[0]!.scenario }), t('report.differenceLeased')] : [])];
  const rows = years.map((y) => [
    budgetYearLabel(y, startMonth),
    ...plans.flatMap((p) => [money(sum(p, y, 'oneOff'), currency), money(sum(p, y, 'leased'), currency)]),
    ...(two ? [signed(sum(plans[1]!, y, 'oneOff') - sum(plans[0]!, y, 'oneOff')), signed(sum(plans[1]!, y, 'leased') - sum(plans[0]!, y, 'leased'))] : []),
  ]);
  return { header, rows };
}

/** Where the measured weeks end, to the hour in UTC as ISO 8601 writes it: a printed plan is read long after. */
const measuredLine = (plan: MunicipalityPlan, t: ReturnType<typeof translator>) => t('report.measuredUntil', { until: `${plan.measuredUntil.slice(0, 16).replace('T', ' ')} UTC` });

export function planTable(plans: MunicipalityPlan[], year: number | undefined, locale: Locale): string {
  const t = translator(locale);
  const out: string[] = [];
  const money = moneyIn(locale);
  const line = (r: Recommendation, currency: string) => {
    const cost = r.cost ? `, ${money(r.cost.oneOff, currency)}${r.cost.yearly ? ` + ${t('report.perYear', { money: money(r.cost.yearly, currency) })}` : ''}` : '';
    return t('report.line', { kind: r.kind, quantity: r.quantity, year: r.year, priority: r.priority, cost, reason: r.reason });
  };
  for (const plan of plans) {
    const currency = plan.investment.currency ?? '';
    out.push(t('report.scenario', { scenario: plan.scenario }), measuredLine(plan, t));
    for (const b of plan.buildings) {
      out.push(`${b.schoolName} / ${b.buildingName}: ${t(`common.status.${b.status}`)}`);
      out.push(`  ${t('report.devices', { years: b.years.map((y) => `${y.year} ${y.devices}`).join(', ') })}`);
      for (const r of b.recommendations) if (year === undefined || startYear(r, plan.currentYear) === year) out.push(`  - ${line(r, currency)}`);
    }
    for (const s of plan.schools) {
      for (const r of s.recommendations) if (year === undefined || startYear(r, plan.currentYear) === year) out.push(`${s.schoolName} ${t('report.schoolWide')}: ${line(r, currency)}`);
    }
    const totals = (y: Money) => ({ bought: money(y.oneOff, currency), yearly: money(y.yearly, currency), leased: money(y.leased, currency) });
    for (const y of plan.investment.years.filter((y) => year === undefined || y.year === year)) out.push(t('report.totalSchoolYear', { year: schoolYearLabel(y.year), ...totals(y) }));
    for (const y of plan.investment.budgetYears.filter((y) => year === undefined || y.budgetYear === year)) out.push(t('report.totalBudgetYear', { year: budgetYearLabel(y.budgetYear, plan.investment.budgetYearStartMonth), ...totals(y) }));
    if (plan.investment.unpriced) out.push(`(${t('report.unpriced', { count: plan.investment.unpriced })})`);
    for (const school of plan.fleet.schools) {
      for (const y of school.years.filter((y) => year === undefined || y.year === year)) {
        const leased = y.leasedCost !== undefined ? t('report.orLeased', { money: money(y.leasedCost, currency) }) : '';
        out.push(t('report.fleetLine', { school: school.schoolName, type: y.type, year: schoolYearLabel(y.year), fleet: t('csv.fleet', { needed: y.needed, added: y.added, replaced: y.replaced, retired: y.retired }), bought: money(y.boughtCost, currency), leased }));
      }
    }
    for (const y of plan.fleet.budgetYears.filter((y) => year === undefined || y.budgetYear === year)) {
      out.push(t('report.fleetBudget', { year: budgetYearLabel(y.budgetYear, plan.investment.budgetYearStartMonth), bought: money(y.oneOff, currency), leased: money(y.leased, currency) }));
    }
  }
  const comparison = sideBySide(plans, year, locale);
  if (comparison) {
    const widths = comparison.header.map((h, i) => Math.max(h.length, ...comparison.rows.map((r) => r[i]!.length)));
    const pad = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    out.push('', `${t('report.sideBySide')}:`, pad(comparison.header), ...comparison.rows.map(pad));
  }
  return out.join('\n');
}

/** "2026/27": a school year by the calendar years it spans. */
const schoolYearLabel = (year: number) => `${year}/${String((year + 1) % 100).padStart(2, '0')}`;

/** "2026" for calendar budget years; "2026/27" for one starting in another month. */
const budgetYearLabel = (year: number, startMonth: number) => (startMonth === 1 ? String(year) : schoolYearLabel(year));


/** Amounts as the language of `t` writes numbers: 138,500 NOK in English, 138 500 NOK in Norwegian. */
function moneyIn(locale: Locale): (n: number | undefined, currency: string) => string {
  const format = new Intl.NumberFormat(INTL_TAG[locale], { maximumFractionDigits: 0 });
  return (n, currency) => (n === undefined ? '' : `${format.format(Math.round(n))} ${currency}`.trim());
}
