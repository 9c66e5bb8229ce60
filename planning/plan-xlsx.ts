// The plan as a workbook for the council case (exceljs): a summary with the totals per budget year
// and per school year, one sheet per school with a row per thing to buy, its reason and evidence,
// and the devices. Every figure a planner may edit is a value and every total is a formula over
// them: bought outright is quantity × (unit price + installation); a subscription runs every school
// year from the one it starts in; a lease instalment is the price over the lease period (the cell on
// the summary); and a school year's running costs fall 5/12 in one budget year and 7/12 in the next
// (as the calendar has it), written as those fractions. Several scenarios get a sheet set each and a
// comparison sheet in front. Numbers and dates are typed as such; each formula carries the plan's
// own figure as its cached result.
import ExcelJS from 'exceljs';
import type { TFunction } from 'i18next';
import { budgetYearOf, purchaseOf, runningShares, type BudgetCalendar } from '../models/budget-years.ts';
import { SCHOOL_YEAR_START_MONTH } from '../models/local-time.ts';
import type { Money } from '../models/investment.ts';
import type { MunicipalityPlan } from './plan-inputs.ts';

/** Columns of a school sheet, by letter, so the formulas below say what they sum. */
const COL = { building: 'A', kind: 'B', schoolYear: 'C', priority: 'D', budgetYear: 'E', quantity: 'F', item: 'G', unitPrice: 'H', installation: 'I', oneOff: 'J', yearly: 'K', leasable: 'L', instalment: 'M', reason: 'N', evidence: 'O' } as const;

/** Columns of a Devices sheet. */
const FLEET = { school: 'A', type: 'B', schoolYear: 'C', budgetYear: 'D', needed: 'E', added: 'F', replaced: 'G', retired: 'H', price: 'I', disposal: 'J', bought: 'K', leasable: 'L', leasePerMonth: 'M', leased: 'N', returned: 'O' } as const;

/** Where the summary keeps the lease period, which the instalment formulas divide by. */
const LEASE_YEARS = '$B$5';
/** The summary's first table (budget years) starts on this row, under its header. */
const FIRST_BUDGET_ROW = 7;

/** The summary columns of a money table. */
const MONEY = { key: 'A', oneOff: 'B', yearly: 'C', leased: 'D', instalments: 'E' } as const;

interface ScenarioSheets {
  scenario: string;
  summary: string;
  /** Budget year → the summary row holding its network totals. */
  network: Map<number, number>;
  /** Budget year → the summary row holding its device totals. */
  devices: Map<number, number>;
}

/** One scenario's workbook, or several scenarios' sheet sets behind a comparison sheet, in the language of `t`. */
export async function planWorkbook(plans: MunicipalityPlan[], planned: Date, t: TFunction): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Kapasitet';
  book.created = planned;
  const first = plans[0];
  if (!first) throw new Error('a workbook needs at least one plan');
  const comparison = plans.length > 1 ? book.addWorksheet(sheetName(t('workbook.comparisonSheet'), [])) : undefined;
  const taken: string[] = comparison ? [comparison.name] : [];
  const sets = plans.map((plan, i) => scenarioSheets(book, plan, planned, plans.length > 1 ? `S${i + 1} ` : '', taken, t));
  if (comparison) comparisonSheet(comparison, plans, sets, planned, t);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function moneyFormatOf(plan: MunicipalityPlan): string {
  return `#,##0 "${(plan.investment.currency ?? '').replaceAll('"', '')}"`;
}

function calendarOf(plan: MunicipalityPlan): BudgetCalendar {
  return { startMonth: plan.investment.budgetYearStartMonth, purchaseMonth: plan.investment.budgetYearPurchaseMonth, schoolYearStartMonth: SCHOOL_YEAR_START_MONTH };
}

/** The title block every summary and the comparison sheet open with. */
function titleBlock(sheet: ExcelJS.Worksheet, plan: MunicipalityPlan, scenario: string, planned: Date, t: TFunction): void {
  sheet.getCell('A1').value = t('workbook.title');
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A2').value = t('workbook.municipality');
  sheet.getCell('B2').value = plan.municipality.name;
  sheet.getCell('A3').value = t('workbook.scenario');
  sheet.getCell('B3').value = scenario;
  sheet.getCell('A4').value = t('workbook.planned');
  sheet.getCell('B4').value = planned;
  sheet.getCell('B4').numFmt = 'yyyy-mm-dd';
  // Beside the date planned, where the measured weeks end: the rows below are the formulas' inputs.
  sheet.getCell('C4').value = t('workbook.measuredUntil');
  sheet.getCell('D4').value = new Date(plan.measuredUntil);
  sheet.getCell('D4').numFmt = 'yyyy-mm-dd hh:mm';
  sheet.getColumn('A').width = 22;
}

function header(sheet: ExcelJS.Worksheet, row: number, values: string[]): void {
  sheet.getRow(row).values = values;
  sheet.getRow(row).font = { bold: true };
}

/** A scenario's summary, school sheets and devices sheet; sheet names start with `prefix`. */
function scenarioSheets(book: ExcelJS.Workbook, plan: MunicipalityPlan, planned: Date, prefix: string, taken: string[], t: TFunction): ScenarioSheets {
  const moneyFormat = moneyFormatOf(plan);
  const summary = book.addWorksheet(sheetName(`${prefix}${t('workbook.summarySheet')}`, taken));
  taken.push(summary.name);
  // The word in the Leasable column is the formulas' criterion too: one word, in the workbook's language.
  const no = `"${t('workbook.no')}"`;
  const schools = schoolSheets(book, plan, moneyFormat, prefix, taken, summary.name, t);
  const devices = devicesSheet(book, plan, moneyFormat, prefix, taken, t);

  titleBlock(summary, plan, plan.scenario, planned, t);
  summary.getCell('A5').value = t('workbook.leaseYears');
  summary.getCell('B5').value = plan.investment.leaseYears;

  // The school-year table sits below the budget-year table, whose formulas point into it.
  const budgetYears = plan.investment.budgetYears;
  const schoolHeader = FIRST_BUDGET_ROW + budgetYears.length + 2;
  const schoolRow = new Map(plan.investment.years.map((y, i) => [y.year, schoolHeader + 1 + i]));
  const calendar = calendarOf(plan);

  const moneyHeader = [t('workbook.bought'), t('workbook.yearly'), t('workbook.leased'), t('workbook.instalments')];
  header(summary, FIRST_BUDGET_ROW - 1, [t('workbook.budgetYear'), ...moneyHeader]);
  const network = new Map<number, number>();
  budgetYears.forEach((y, i) => {
    const r = FIRST_BUDGET_ROW + i;
    network.set(y.budgetYear, r);
    // The running costs: each school year's share of twelve months that falls in this budget year.
    const share = (col: string) => sharesOf(plan.investment.years.map((s) => s.year), y.budgetYear, calendar, (year) => `${col}${schoolRow.get(year)}`);
    moneyRow(summary, r, y.budgetYear, y, {
      oneOff: sumOver(schools, COL.oneOff, [[COL.budgetYear, `A${r}`]]),
      yearly: share(MONEY.yearly),
      instalments: share(MONEY.instalments),
      leased: `${sumOver(schools, COL.oneOff, [[COL.budgetYear, `A${r}`], [COL.leasable, no]])}+C${r}+E${r}`,
    });
  });
  const totalRow = FIRST_BUDGET_ROW + budgetYears.length;
  summary.getCell(`A${totalRow}`).value = t('workbook.total');
  for (const k of ['oneOff', 'yearly', 'leased', 'instalments'] as const) {
    const c = MONEY[k];
    summary.getCell(`${c}${totalRow}`).value = { formula: `SUM(${c}${FIRST_BUDGET_ROW}:${c}${totalRow - 1})`, result: budgetYears.reduce((n, y) => n + y[k], 0) };
  }
  summary.getRow(totalRow).font = { bold: true };

  // Per school year, as the plan's own tables read: a subscription runs from the year it starts; an
  // instalment for the lease period from the year bought.
  header(summary, schoolHeader, [t('workbook.schoolYear'), ...moneyHeader]);
  for (const y of plan.investment.years) {
    const r = schoolRow.get(y.year)!;
    moneyRow(summary, r, y.year, y, {
      oneOff: sumOver(schools, COL.oneOff, [[COL.schoolYear, `A${r}`]]),
      yearly: sumOver(schools, COL.yearly, [[COL.schoolYear, `"<="&A${r}`]]),
      instalments: sumOver(schools, COL.instalment, [[COL.schoolYear, `">"&(A${r}-${LEASE_YEARS})`], [COL.schoolYear, `"<="&A${r}`]]),
      leased: `${sumOver(schools, COL.oneOff, [[COL.schoolYear, `A${r}`], [COL.leasable, no]])}+C${r}+E${r}`,
    });
  }
  let row = schoolHeader + plan.investment.years.length;
  if (plan.investment.unpriced) summary.getCell(`A${(row += 2)}`).value = t('workbook.unpriced', { count: plan.investment.unpriced });

  // Pupil and staff devices, apart from the network: bought in the year paid; leased month by month.
  const deviceRows = new Map<number, number>();
  if (devices) {
    row += 2;
    header(summary, row, [t('workbook.devicesBudgetYear'), t('workbook.devicesBought'), t('workbook.devicesLeased')]);
    const schoolYears = plan.fleet.years.map((y) => y.year);
    const sheet = `'${devices}'!`;
    const by = (sumCol: string, criteria: [string, string][]) => `SUMIFS(${sheet}$${sumCol}:$${sumCol},${criteria.map(([c, v]) => `${sheet}$${c}:$${c},${v}`).join(',')})`;
    for (const y of plan.fleet.budgetYears) {
      row++;
      deviceRows.set(y.budgetYear, row);
      const leasedShares = sharesOf(schoolYears, y.budgetYear, calendar, (year) => by(FLEET.leased, [[FLEET.schoolYear, String(year)]]));
      summary.getCell(`A${row}`).value = y.budgetYear;
      summary.getCell(`B${row}`).value = { formula: by(FLEET.bought, [[FLEET.budgetYear, `A${row}`]]), result: y.oneOff };
      summary.getCell(`C${row}`).value = { formula: `${by(FLEET.bought, [[FLEET.budgetYear, `A${row}`], [FLEET.leasable, no]])}+${leasedShares}`, result: y.leased };
    }
  }
  for (const c of ['B', 'C', 'D', 'E']) {
    summary.getColumn(c).numFmt = moneyFormat;
    summary.getColumn(c).width = 18;
  }
  // After the column's money format, so these stay a date and a count.
  summary.getCell('B4').numFmt = 'yyyy-mm-dd';
  summary.getCell('B5').numFmt = '0';
  return { scenario: plan.scenario, summary: summary.name, network, devices: deviceRows };
}

/** Writes a money row: the key, and each column as a formula with the plan's figure as its result. */
function moneyRow(summary: ExcelJS.Worksheet, row: number, key: number, money: Money, formulas: Record<keyof Money, string>): void {
  summary.getCell(`${MONEY.key}${row}`).value = key;
  for (const k of ['oneOff', 'yearly', 'leased', 'instalments'] as const) summary.getCell(`${MONEY[k]}${row}`).value = { formula: formulas[k], result: money[k] };
}

/**
 * The part of school years' running costs that falls in `budgetYear`: `term(year)*k/12` for each
 * school year with k of its months in that budget year, summed; 0 when none has.
 */
function sharesOf(schoolYears: number[], budgetYear: number, calendar: BudgetCalendar, term: (year: number) => string): string {
  const parts = schoolYears.flatMap((year) =>
    runningShares(year, calendar)
      .filter((s) => s.budgetYear === budgetYear)
      .map((s) => {
        const twelfths = Math.round(s.part * 12);
        return twelfths === 12 ? term(year) : `${term(year)}*${twelfths}/12`;
      }),
  );
  return parts.length ? parts.join('+') : '0';
}

/** One sheet per school with a row per priced or unpriced recommendation; returns the sheet names. */
function schoolSheets(book: ExcelJS.Workbook, plan: MunicipalityPlan, moneyFormat: string, prefix: string, taken: string[], summary: string, t: TFunction): string[] {
  const names: string[] = [];
  const startMonth = plan.investment.budgetYearStartMonth;
  const purchaseMonth = plan.investment.budgetYearPurchaseMonth;
  for (const school of plan.schools) {
    const sheet = book.addWorksheet(sheetName(`${prefix}${school.schoolName}`, taken));
    taken.push(sheet.name);
    names.push(sheet.name);
    sheet.addRow(t('workbook.header', { returnObjects: true }) as string[]).font = { bold: true };
    const rows = [
      ...plan.buildings.filter((b) => b.schoolId === school.schoolId).flatMap((b) => b.recommendations.map((r) => ({ building: b.buildingName, r }))),
      ...school.recommendations.map((r) => ({ building: t('workbook.schoolWide'), r })),
    ];
    rows.forEach(({ building, r }, i) => {
      const n = 2 + i;
      // The school year it is paid for: a purchase month gone by moves it to the next (models/budget-years.ts).
      const year = r.purchase?.year ?? (r.year === 'now' ? plan.currentYear : r.year);
      const c = r.cost;
      const installation = c ? c.oneOff / r.quantity - c.unitPrice : undefined;
      const evidence = Object.entries(r.evidence).map(([k, v]) => `${k}=${v}`).join('; ');
      sheet.getRow(n).values = [building, r.kind, year, r.priority, r.purchase?.budgetYear ?? budgetYearOf(year, purchaseMonth, startMonth), r.quantity, c?.item ?? '', c?.unitPrice ?? null, installation ?? null, null, c?.yearly ?? null, c ? t(c.leasable ? 'workbook.yes' : 'workbook.no') : null, null, r.reason, evidence];
      if (!c) return;
      sheet.getCell(`${COL.oneOff}${n}`).value = { formula: `${COL.quantity}${n}*(${COL.unitPrice}${n}+${COL.installation}${n})`, result: c.oneOff };
      sheet.getCell(`${COL.instalment}${n}`).value = c.leasable ? { formula: `${COL.oneOff}${n}/'${summary}'!${LEASE_YEARS}`, result: c.oneOff / plan.investment.leaseYears } : 0;
    });
    for (const col of [COL.unitPrice, COL.installation, COL.oneOff, COL.yearly, COL.instalment]) sheet.getColumn(col).numFmt = moneyFormat;
    for (const [col, width] of [[COL.building, 22], [COL.kind, 24], [COL.item, 28], [COL.reason, 70], [COL.evidence, 70]] as const) sheet.getColumn(col).width = width;
  }
  return names;
}

/**
 * The fleet, a row per school, type and school year: what is bought is (added + replaced) × price +
 * retired × disposal, and what is leased every needed device × the price per month × 12, as
 * formulas. Returns the sheet's name, or undefined without a fleet.
 */
function devicesSheet(book: ExcelJS.Workbook, plan: MunicipalityPlan, moneyFormat: string, prefix: string, taken: string[], t: TFunction): string | undefined {
  const rows = plan.fleet.schools.flatMap((school) => school.years.map((y) => ({ school: school.schoolName, ...y })));
  if (rows.length === 0) return undefined;
  const sheet = book.addWorksheet(sheetName(`${prefix}${t('workbook.devicesSheet')}`, taken));
  taken.push(sheet.name);
  sheet.addRow(t('workbook.fleetHeader', { returnObjects: true }) as string[]).font = { bold: true };
  rows.forEach((y, i) => {
    const n = i + 2;
    const leasable = y.leasePerMonth !== undefined;
    sheet.getRow(n).values = [y.school, y.type, y.year, purchaseOf(y.year, plan.plannedMonth, calendarOf(plan)).budgetYear, y.needed, y.added, y.replaced, y.retired, y.price, y.disposalCost, null, t(leasable ? 'workbook.yes' : 'workbook.no'), y.leasePerMonth ?? null, leasable ? null : 0, y.returnedValue];
    sheet.getCell(`${FLEET.bought}${n}`).value = { formula: `(${FLEET.added}${n}+${FLEET.replaced}${n})*${FLEET.price}${n}+${FLEET.retired}${n}*${FLEET.disposal}${n}`, result: y.boughtCost };
    if (leasable) sheet.getCell(`${FLEET.leased}${n}`).value = { formula: `${FLEET.needed}${n}*${FLEET.leasePerMonth}${n}*12`, result: y.leasedCost };
  });
  for (const col of [FLEET.price, FLEET.disposal, FLEET.bought, FLEET.leasePerMonth, FLEET.leased, FLEET.returned]) sheet.getColumn(col).numFmt = moneyFormat;
  return sheet.name;
}

/**
 * Several scenarios per budget year: each one's network bought outright, devices bought, and all of
 * it leased, read from its summary; with two, the difference (second − first).
 */
function comparisonSheet(sheet: ExcelJS.Worksheet, plans: MunicipalityPlan[], sets: ScenarioSheets[], planned: Date, t: TFunction): void {
  titleBlock(sheet, plans[0]!, sets.map((s) => s.scenario).join(' / '), planned, t);
  sets.forEach((s, i) => {
    sheet.getCell(`A${5 + i}`).value = `S${i + 1}`;
    sheet.getCell(`B${5 + i}`).value = t('workbook.sheetsFrom', { scenario: s.scenario, sheet: s.summary });
  });
  const headerRow = 6 + sets.length;
  const columns = sets.flatMap((s) => [t('workbook.networkBought', { scenario: s.scenario }), t('workbook.devicesBoughtBy', { scenario: s.scenario }), t('workbook.allLeased', { scenario: s.scenario })]);
  header(sheet, headerRow, [t('workbook.budgetYear'), ...columns, ...(sets.length === 2 ? [t('workbook.differenceBought'), t('workbook.differenceLeased')] : [])]);
  const years = [...new Set(plans.flatMap((p) => [...p.investment.budgetYears.map((y) => y.budgetYear), ...p.fleet.budgetYears.map((y) => y.budgetYear)]))].sort((a, b) => a - b);
  years.forEach((year, i) => {
    const r = headerRow + 1 + i;
    sheet.getCell(`A${r}`).value = year;
    const cells: string[] = [];
    const totals: { bought: number; leased: number }[] = [];
    sets.forEach((s, k) => {
      const plan = plans[k]!;
      const ref = (rows: Map<number, number>, col: string) => (rows.has(year) ? `'${s.summary}'!${col}${rows.get(year)}` : '0');
      const network = plan.investment.budgetYears.find((y) => y.budgetYear === year);
      const devices = plan.fleet.budgetYears.find((y) => y.budgetYear === year);
      const col = (j: number) => columnLetter(2 + k * 3 + j);
      sheet.getCell(`${col(0)}${r}`).value = { formula: ref(s.network, MONEY.oneOff), result: network?.oneOff ?? 0 };
      sheet.getCell(`${col(1)}${r}`).value = { formula: ref(s.devices, 'B'), result: devices?.oneOff ?? 0 };
      sheet.getCell(`${col(2)}${r}`).value = { formula: `${ref(s.network, MONEY.leased)}+${ref(s.devices, 'C')}`, result: (network?.leased ?? 0) + (devices?.leased ?? 0) };
      cells.push(col(0), col(1), col(2));
      totals.push({ bought: (network?.oneOff ?? 0) + (devices?.oneOff ?? 0), leased: (network?.leased ?? 0) + (devices?.leased ?? 0) });
    });
    if (sets.length === 2) {
      const [a0, a1, a2, b0, b1, b2] = cells;
      const [a, b] = totals as [(typeof totals)[0], (typeof totals)[0]];
      sheet.getCell(`${columnLetter(8)}${r}`).value = { formula: `(${b0}${r}+${b1}${r})-(${a0}${r}+${a1}${r})`, result: b.bought - a.bought };
      sheet.getCell(`${columnLetter(9)}${r}`).value = { formula: `${b2}${r}-${a2}${r}`, result: b.leased - a.leased };
    }
  });
  const moneyFormat = moneyFormatOf(plans[0]!);
  for (let c = 2; c <= 1 + sets.length * 3 + (sets.length === 2 ? 2 : 0); c++) {
    sheet.getColumn(c).numFmt = moneyFormat;
    sheet.getColumn(c).width = 20;
  }
  sheet.getCell('B4').numFmt = 'yyyy-mm-dd';
}

/** A column's letters from its number (1: A). */
function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/**
 * The sum of one column over every school sheet where each criterion column matches its value (a
 * cell, a quoted text, or a comparison built with &): SUMIFS per sheet, added up.
 */
function sumOver(sheets: string[], sumCol: string, criteria: [string, string][]): string {
  if (sheets.length === 0) return '0';
  return sheets.map((s) => `SUMIFS('${s}'!$${sumCol}:$${sumCol},${criteria.map(([c, v]) => `'${s}'!$${c}:$${c},${v}`).join(',')})`).join('+');
}

/** A sheet name Excel takes: no []:*?/\ or quote, at most 31 characters, unique in the workbook. */
function sheetName(name: string, taken: string[]): string {
  const base = name.replace(/[[\]:*?/\\']/g, ' ').trim().slice(0, 31) || 'School';
  let candidate = base;
  for (let i = 2; taken.includes(candidate); i++) candidate = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  return candidate;
}
