// The plan as a facilities planner reads it: one row per thing to buy (CSV for a spreadsheet,
// Markdown for a report, plain text for a terminal), then the totals per school year and per budget year.
import { stringify } from 'csv-stringify/sync';
import { INTL_TAG, type Locale } from '../i18n/locales.ts';
import { translator } from '../i18n/translate.ts';
import type { MunicipalityPlan } from './plan-inputs.ts';
import { round } from '../models/costs.ts';
import type { Recommendation } from '../models/plan.ts';
import type { Purchase } from '../models/budget-years.ts';
import { costParts, type BudgetLine } from '../models/ledger.ts';

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

/** When it is needed, in the reader's words: "nå", or the school year "2027/28". */
const neededIn = (r: Recommendation, t: ReturnType<typeof translator>) => (r.year === 'now' ? t('plan.now') : schoolYearLabel(r.year));
const evidenceText = (e: Recommendation['evidence']) => Object.entries(e).map(([k, v]) => `${k}=${v}`).join('; ');

/** The budget's columns, in the order the CSV and the tables give them. */
const BUDGET_COLUMNS = [...costParts, 'priceGrowth', 'contingency', 'investment', 'operating', 'total', 'vat'] as const;

/** A purchase's month as ISO 8601 writes it: 2027-06. */
const monthLabel = (p: Purchase | undefined) => (p ? `${p.year}-${String(p.month).padStart(2, '0')}` : '');

/**
 * The plan as CSV in `locale`: its column names and the words of its rows, in the reader's
 * convention: `,` and a decimal point in English; `;`, a decimal comma and a byte-order mark in the
 * Nordic languages, so that their spreadsheets open it in columns. The `kind` column keeps its ids
 * (add-access-points, budget, budget total, devices: laptop) for scripts.
 */
export function planCsv(plans: MunicipalityPlan[], year: number | undefined, delimiter: string | undefined, locale: Locale): string {
  const t = translator(locale);
  const nordic = locale !== 'en';
  const header = t('csv.header', { returnObjects: true }) as string[];
  const planOf = (scenario: string) => plans.find((p) => p.scenario === scenario)!;
  const none = BUDGET_COLUMNS.map(() => '');
  const body = rows(plans, year).map(({ scenario, school, building, recommendation: r }) => {
    const c = r.cost;
    return [scenario, school, building, r.kind, neededIn(r, t), monthLabel(r.purchase), r.purchase?.budgetYear ?? '', r.priority, r.quantity, c?.item ?? '', c?.unitPrice ?? '', c?.oneOff ?? '', c?.yearly ?? '', c ? round((c.leasable ? c.oneOff / planOf(scenario).investment.leaseYears : c.oneOff) + c.yearly) : '', c?.currency ?? '', ...none, r.reason, evidenceText(r.evidence)];
  });
  const unpriced = (plan: MunicipalityPlan) => (plan.investment.unpriced ? t('csv.unpriced', { count: plan.investment.unpriced }) : '');
  const budget = plans.flatMap((plan) => {
    const currency = plan.investment.currency ?? '';
    const label = (y: number) => budgetYearLabel(y, plan.investment.budgetYearStartMonth);
    const line = (kind: string, school: string, l: BudgetLine, reason: string) => [plan.scenario, school, '', kind, label(l.budgetYear), '', l.budgetYear, '', '', '', '', '', '', '', currency, ...BUDGET_COLUMNS.map((k) => l[k]), reason, unpriced(plan)];
    const inYear = (l: BudgetLine) => year === undefined || l.budgetYear === year;
    return [
      ...plan.budget.schools.flatMap((s) => s.years.filter(inYear).map((l) => line('budget', schoolName(plan, s.schoolId), l, t('csv.budgetSchool', { year: label(l.budgetYear) })))),
      ...plan.budget.municipality.filter(inYear).map((l) => line('budget total', '', l, t('csv.budgetYearTotal', { year: label(l.budgetYear) }))),
    ];
  });
  const devices = plans.flatMap((plan) =>
    plan.fleet.schools.flatMap((school) =>
      school.years
        .filter((y) => year === undefined || y.year === year)
        .map((y) => [plan.scenario, school.schoolName, '', `devices: ${y.type}`, y.year, '', '', '', y.added + y.replaced, plan.fleet.titles[y.type] ?? y.type, '', y.boughtCost, '', y.leasedCost ?? '', plan.investment.currency ?? '', ...none, t('csv.fleet', { needed: y.needed, added: y.added, replaced: y.replaced, retired: y.retired }), `needed=${y.needed}; in_service=${y.inService}; returned_value=${y.returnedValue}`]),
    ),
  );
  const separator = delimiter ?? (nordic ? ';' : ',');
  const decimalComma = (n: number) => String(n).replace('.', ',');
  // Names come from the config and devices: one that begins like a formula is written as text (OWASP's CSV injection advice).
  const csv = stringify([header, ...body, ...budget, ...devices], { delimiter: separator, escape_formulas: true, ...(nordic && separator !== ',' ? { cast: { number: decimalComma } } : {}) });
  return nordic ? `\uFEFF${csv}` : csv;
}

/** A school of the plan by its name, as the config gives it. */
export const schoolName = (plan: MunicipalityPlan, id: string) => plan.schools.find((s) => s.schoolId === id)?.schoolName ?? id;

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
    out.push(`## ${t('report.scenario', { scenario: cell(plan.scenarioTitle) })}`, '', measuredLine(plan, t), '');
    out.push(mdRow(list('report.mdHeader')), mdRule(9));
    for (const { school, building, recommendation: r } of rows([plan], year)) {
      const kind = t(`plan.kind.${r.kind}`, { defaultValue: r.kind });
      const what = r.cost ? `${kind}: ${r.cost.item}` : kind;
      out.push(`| ${cell(school)} | ${cell(building) || t('report.schoolWide')} | ${cell(what)} | ${neededIn(r, t)} | ${r.priority} | ${r.quantity} | ${money(r.cost?.oneOff, currency)} | ${r.cost?.yearly ? money(r.cost.yearly, currency) : ''} | ${cell(r.reason)} |`);
    }
    const budget = budgetTable(plan, year, locale);
    out.push('', `### ${t('report.budgetTitle', { financing: t(`report.financing.${plan.budget.financing}`) })}`, '', mdRow(budget.header), mdRule(budget.header.length));
    for (const row of budget.rows) out.push(mdRow(row.map(cell)));
    if (plan.investment.unpriced) out.push('', t('report.unpriced', { count: plan.investment.unpriced }));
    if (plan.fleet.schools.some((s) => s.years.length > 0)) {
      out.push('', mdRow(list('report.mdFleet')), mdRule(9));
      for (const school of plan.fleet.schools) {
        for (const y of school.years.filter((y) => year === undefined || y.year === year)) {
          out.push(`| ${cell(school.schoolName)} | ${cell(plan.fleet.titles[y.type] ?? y.type)} | ${schoolYearLabel(y.year)} | ${y.needed} | ${y.added} | ${y.replaced} | ${y.retired} | ${money(y.boughtCost, currency)} | ${money(y.leasedCost, currency)} |`);
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
 * Several scenarios in one table: per budget year, each scenario's budget total (network and devices
 * together), its investment and operating, and for two scenarios the second less the first. Undefined for one.
 */
function sideBySide(plans: MunicipalityPlan[], year: number | undefined, locale: Locale): { header: string[]; rows: string[][] } | undefined {
  if (plans.length < 2) return undefined;
  const t = translator(locale);
  const money = moneyIn(locale);
  const currency = plans[0]!.investment.currency ?? '';
  const startMonth = plans[0]!.investment.budgetYearStartMonth;
  const years = [...new Set(plans.flatMap((p) => p.budget.budgetYears))].filter((y) => year === undefined || y === year).sort((a, b) => a - b);
  const sum = (p: MunicipalityPlan, y: number, k: 'total' | 'investment' | 'operating') => p.budget.municipality.find((b) => b.budgetYear === y)?.[k] ?? 0;
  const signed = (n: number) => (n > 0 ? `+${money(n, currency)}` : n < 0 ? `-${money(-n, currency)}` : money(0, currency));
  const two = plans.length === 2;
  const header = [
    t('report.budgetYear'),
    ...plans.flatMap((p) => [t('report.scenarioTotal', { scenario: p.scenarioTitle }), t('report.scenarioInvestment', { scenario: p.scenarioTitle }), t('report.scenarioOperating', { scenario: p.scenarioTitle })]),
    ...(two ? [t('report.difference', { second: plans[1]!.scenarioTitle, first: plans[0]!.scenarioTitle })] : []),
  ];
  const rows = years.map((y) => [
    budgetYearLabel(y, startMonth),
    ...plans.flatMap((p) => [money(sum(p, y, 'total'), currency), money(sum(p, y, 'investment'), currency), money(sum(p, y, 'operating'), currency)]),
    ...(two ? [signed(sum(plans[1]!, y, 'total') - sum(plans[0]!, y, 'total'))] : []),
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
    return t('report.line', { kind: t(`plan.kind.${r.kind}`, { defaultValue: r.kind }), quantity: r.quantity, year: neededIn(r, t), priority: r.priority, cost, reason: r.reason });
  };
  for (const plan of plans) {
    const currency = plan.investment.currency ?? '';
    out.push(t('report.scenario', { scenario: plan.scenarioTitle }), measuredLine(plan, t));
    for (const b of plan.buildings) {
      out.push(`${b.schoolName} / ${b.buildingName}: ${t(`common.status.${b.status}`)}`);
      out.push(`  ${t('report.devices', { years: b.years.map((y) => `${y.year} ${y.devices}`).join(', ') })}`);
      for (const r of b.recommendations) if (year === undefined || startYear(r, plan.currentYear) === year) out.push(`  - ${line(r, currency)}`);
    }
    for (const s of plan.schools) {
      for (const r of s.recommendations) if (year === undefined || startYear(r, plan.currentYear) === year) out.push(`${s.schoolName} ${t('report.schoolWide')}: ${line(r, currency)}`);
    }
    const budget = budgetTable(plan, year, locale);
    out.push('', `${t('report.budgetTitle', { financing: t(`report.financing.${plan.budget.financing}`) })}:`, ...aligned(budget.header, budget.rows), '');
    if (plan.investment.unpriced) out.push(`(${t('report.unpriced', { count: plan.investment.unpriced })})`);
    for (const school of plan.fleet.schools) {
      for (const y of school.years.filter((y) => year === undefined || y.year === year)) {
        const leased = y.leasedCost !== undefined ? t('report.orLeased', { money: money(y.leasedCost, currency) }) : '';
        out.push(t('report.fleetLine', { school: school.schoolName, type: plan.fleet.titles[y.type] ?? y.type, year: schoolYearLabel(y.year), fleet: t('csv.fleet', { needed: y.needed, added: y.added, replaced: y.replaced, retired: y.retired }), bought: money(y.boughtCost, currency), leased }));
      }
    }
  }
  const comparison = sideBySide(plans, year, locale);
  if (comparison) {
    out.push('', `${t('report.sideBySide')}:`, ...aligned(comparison.header, comparison.rows));
  }
  return out.join('\n');
}

/** A table for a terminal: the first column to the left, the amounts to the right, two spaces apart. */
function aligned(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const pad = (r: string[]) => r.map((c, i) => (i <= 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [pad(header), ...rows.map(pad)];
}

/**
 * The budget as a table: per school and budget year, then the municipality's, each row its parts,
 * investment and operating, the total excluding VAT and the VAT. Rows and header in `locale`.
 */
function budgetTable(plan: MunicipalityPlan, year: number | undefined, locale: Locale): { header: string[]; rows: string[][] } {
  const t = translator(locale);
  const money = moneyIn(locale);
  const currency = plan.investment.currency ?? '';
  const label = (y: number) => budgetYearLabel(y, plan.investment.budgetYearStartMonth);
  const header = [t('report.school'), t('report.budgetYear'), ...BUDGET_COLUMNS.map((k) => t(`report.budget.${k}`))];
  const row = (school: string, l: BudgetLine) => [school, label(l.budgetYear), ...BUDGET_COLUMNS.map((k) => money(l[k], currency))];
  const inYear = (l: BudgetLine) => year === undefined || l.budgetYear === year;
  return {
    header,
    rows: [...plan.budget.schools.flatMap((s) => s.years.filter(inYear).map((l) => row(schoolName(plan, s.schoolId), l))), ...plan.budget.municipality.filter(inYear).map((l) => row(t('report.municipalityTotal'), l))],
  };
}

/** "2026/27": a school year by the calendar years it spans. */
export const schoolYearLabel = (year: number) => `${year}/${String((year + 1) % 100).padStart(2, '0')}`;

/** "2026" for calendar budget years; "2026/27" for one starting in another month. */
const budgetYearLabel = (year: number, startMonth: number) => (startMonth === 1 ? String(year) : schoolYearLabel(year));


/** Amounts as the language of `t` writes numbers: 138,500 NOK in English, 138 500 NOK in Norwegian. */
function moneyIn(locale: Locale): (n: number | undefined, currency: string) => string {
  const format = new Intl.NumberFormat(INTL_TAG[locale], { maximumFractionDigits: 0 });
  return (n, currency) => (n === undefined ? '' : `${format.format(Math.round(n))} ${currency}`.trim());
}
