// The plan as a facilities planner reads it: one row per thing to buy (CSV for a spreadsheet,
// Markdown for a report, plain text for a terminal), then the totals per school year and per budget year.
import { stringify } from 'csv-stringify/sync';
import type { TFunction } from 'i18next';
import type { MunicipalityPlan } from './plan-inputs.ts';
import { round } from '../models/costs.ts';
import type { FleetYear } from '../models/fleet.ts';
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
 * The plan as CSV in the language of `t`: its column names and the words of its totals. The `kind`
 * column keeps its ids (add-access-points, total, budget total, devices: laptop) for scripts.
 */
export function planCsv(plans: MunicipalityPlan[], year: number | undefined, delimiter: string, t: TFunction): string {
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
  return stringify([header, ...body, ...totals, ...budget, ...devices], { delimiter });
}

export function planMarkdown(plans: MunicipalityPlan[], year: number | undefined): string {
  const out: string[] = [];
  const cell = (v: unknown) => String(v ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');
  for (const plan of plans) {
    const currency = plan.investment.currency ?? '';
    out.push(`## Scenario ${cell(plan.scenario)}`, '');
    out.push('| school | building | what | year | priority | quantity | one-off | yearly | why |', '|---|---|---|---|---|---|---|---|---|');
    for (const { school, building, recommendation: r } of rows([plan], year)) {
      const what = r.cost ? `${r.kind}: ${r.cost.item}` : r.kind;
      out.push(`| ${cell(school)} | ${cell(building) || '(school-wide)'} | ${cell(what)} | ${r.year} | ${r.priority} | ${r.quantity} | ${money(r.cost?.oneOff, currency)} | ${r.cost?.yearly ? money(r.cost.yearly, currency) : ''} | ${cell(r.reason)} |`);
    }
    out.push('', '| school year | bought outright | yearly | leased |', '|---|---|---|---|');
    for (const y of plan.investment.years.filter((y) => year === undefined || y.year === year)) {
      out.push(`| ${schoolYearLabel(y.year)} | ${money(y.oneOff, currency)} | ${money(y.yearly, currency)} | ${money(y.leased, currency)} |`);
    }
    out.push('', '| budget year | bought outright | yearly | leased |', '|---|---|---|---|');
    for (const y of plan.investment.budgetYears.filter((y) => year === undefined || y.budgetYear === year)) {
      out.push(`| ${budgetYearLabel(y.budgetYear, plan.investment.budgetYearStartMonth)} | ${money(y.oneOff, currency)} | ${money(y.yearly, currency)} | ${money(y.leased, currency)} |`);
    }
    if (plan.investment.unpriced) out.push('', `${plan.investment.unpriced} recommendations have no price in the catalogue and are not in the totals.`);
    if (plan.fleet.schools.some((s) => s.years.length > 0)) {
      out.push('', '| school | devices | school year | needed | added | replaced | retired | bought | leased |', '|---|---|---|---|---|---|---|---|---|');
      for (const school of plan.fleet.schools) {
        for (const y of school.years.filter((y) => year === undefined || y.year === year)) {
          out.push(`| ${cell(school.schoolName)} | ${y.type} | ${schoolYearLabel(y.year)} | ${y.needed} | ${y.added} | ${y.replaced} | ${y.retired} | ${money(y.boughtCost, currency)} | ${money(y.leasedCost, currency)} |`);
        }
      }
    }
    out.push('');
  }
  const comparison = sideBySide(plans, year);
  if (comparison) {
    out.push('## Side by side, per budget year (network and devices)', '', `| ${comparison.header.map(cell).join(' | ')} |`, `|${comparison.header.map(() => '---').join('|')}|`);
    for (const row of comparison.rows) out.push(`| ${row.map(cell).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}

/**
 * Several scenarios in one table: per budget year, each scenario's network and devices together,
 * bought outright and leased, and for two scenarios the second less the first. Undefined for one.
 */
function sideBySide(plans: MunicipalityPlan[], year: number | undefined): { header: string[]; rows: string[][] } | undefined {
  if (plans.length < 2) return undefined;
  const currency = plans[0]!.investment.currency ?? '';
  const startMonth = plans[0]!.investment.budgetYearStartMonth;
  const years = [...new Set(plans.flatMap((p) => [...p.investment.budgetYears, ...p.fleet.budgetYears].map((y) => y.budgetYear)))].filter((y) => year === undefined || y === year).sort((a, b) => a - b);
  const sum = (p: MunicipalityPlan, y: number, k: 'oneOff' | 'leased') => (p.investment.budgetYears.find((b) => b.budgetYear === y)?.[k] ?? 0) + (p.fleet.budgetYears.find((b) => b.budgetYear === y)?.[k] ?? 0);
  const signed = (n: number) => (n > 0 ? `+${money(n, currency)}` : n < 0 ? `-${money(-n, currency)}` : money(0, currency));
  const two = plans.length === 2;
  const header = ['budget year', ...plans.flatMap((p) => [`${p.scenario}: bought`, `${p.scenario}: leased`]), ...(two ? [`${plans[1]!.scenario} - ${plans[0]!.scenario}: bought`, 'leased'] : [])];
  const rows = years.map((y) => [
    budgetYearLabel(y, startMonth),
    ...plans.flatMap((p) => [money(sum(p, y, 'oneOff'), currency), money(sum(p, y, 'leased'), currency)]),
    ...(two ? [signed(sum(plans[1]!, y, 'oneOff') - sum(plans[0]!, y, 'oneOff')), signed(sum(plans[1]!, y, 'leased') - sum(plans[0]!, y, 'leased'))] : []),
  ]);
  return { header, rows };
}

export function planTable(plans: MunicipalityPlan[], year: number | undefined): string {
  const out: string[] = [];
  for (const plan of plans) {
    const currency = plan.investment.currency ?? '';
    out.push(`Scenario ${plan.scenario}`);
    for (const b of plan.buildings) {
      out.push(`${b.schoolName} / ${b.buildingName}: ${b.status}`);
      out.push(`  devices: ${b.years.map((y) => `${y.year} ${y.devices}`).join(', ')}`);
      for (const r of b.recommendations) if (year === undefined || startYear(r, plan.currentYear) === year) out.push(`  - ${line(r, currency)}`);
    }
    for (const s of plan.schools) {
      for (const r of s.recommendations) if (year === undefined || startYear(r, plan.currentYear) === year) out.push(`${s.schoolName} (school-wide): ${line(r, currency)}`);
    }
    for (const y of plan.investment.years.filter((y) => year === undefined || y.year === year)) {
      out.push(`total school year ${schoolYearLabel(y.year)}: ${money(y.oneOff, currency)} bought outright, ${money(y.yearly, currency)} yearly, or ${money(y.leased, currency)} leased`);
    }
    for (const y of plan.investment.budgetYears.filter((y) => year === undefined || y.budgetYear === year)) {
      out.push(`total budget year ${budgetYearLabel(y.budgetYear, plan.investment.budgetYearStartMonth)}: ${money(y.oneOff, currency)} bought outright, ${money(y.yearly, currency)} yearly, or ${money(y.leased, currency)} leased`);
    }
    if (plan.investment.unpriced) out.push(`(${plan.investment.unpriced} recommendations have no price in the catalogue and are not in the totals)`);
    for (const school of plan.fleet.schools) {
      for (const y of school.years.filter((y) => year === undefined || y.year === year)) {
        out.push(`${school.schoolName} devices, ${y.type} ${schoolYearLabel(y.year)}: ${fleetText(y)}; ${money(y.boughtCost, currency)} bought${y.leasedCost !== undefined ? ` or ${money(y.leasedCost, currency)} leased` : ''}`);
      }
    }
    for (const y of plan.fleet.budgetYears.filter((y) => year === undefined || y.budgetYear === year)) {
      out.push(`devices, budget year ${budgetYearLabel(y.budgetYear, plan.investment.budgetYearStartMonth)}: ${money(y.oneOff, currency)} bought, or ${money(y.leased, currency)} leased`);
    }
  }
  const comparison = sideBySide(plans, year);
  if (comparison) {
    const widths = comparison.header.map((h, i) => Math.max(h.length, ...comparison.rows.map((r) => r[i]!.length)));
    const pad = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    out.push('', 'Side by side, per budget year (network and devices):', pad(comparison.header), ...comparison.rows.map(pad));
  }
  return out.join('\n');
}

/** "300 needed: 20 added, 280 replaced, 280 retired": the year's devices in words. */
const fleetText = (y: FleetYear) => `${y.needed} needed: ${y.added} added, ${y.replaced} replaced, ${y.retired} retired`;

/** "2026/27": a school year by the calendar years it spans. */
const schoolYearLabel = (year: number) => `${year}/${String((year + 1) % 100).padStart(2, '0')}`;

/** "2026" for calendar budget years; "2026/27" for one starting in another month. */
const budgetYearLabel = (year: number, startMonth: number) => (startMonth === 1 ? String(year) : schoolYearLabel(year));

function line(r: Recommendation, currency: string): string {
  const cost = r.cost ? `, ${money(r.cost.oneOff, currency)}${r.cost.yearly ? ` + ${money(r.cost.yearly, currency)}/year` : ''}` : '';
  return `${r.kind} ×${r.quantity} (${r.year}, priority ${r.priority}${cost}): ${r.reason}`;
}

const money = (n: number | undefined, currency: string) => (n === undefined ? '' : `${Math.round(n).toLocaleString('en-GB')} ${currency}`.trim());
