// The plan as a workbook for the council case (exceljs): the municipality's budget per budget year
// first, then each school's, a summary with the totals per budget year and per school year, one
// sheet per school with a row per thing to buy, its reason and evidence, and the devices. Every
// table has a frozen header and a filter, and prints on landscape A4, one page wide, its header on
// every page. Every figure a planner may edit is a value and every total is a formula over
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
import { schoolName, schoolYearLabel } from './plan-format.ts';
import { costParts, type BudgetLine } from '../models/ledger.ts';

/** Columns of a school sheet, by letter, so the formulas below say what they sum. */
// The school year is shown as "2027/28" and kept as its first calendar year in a hidden column the
// formulas compare (`schoolYear`).
const COL = { building: 'A', kind: 'B', schoolYearLabel: 'C', priority: 'D', budgetYear: 'E', quantity: 'F', item: 'G', unitPrice: 'H', installation: 'I', oneOff: 'J', yearly: 'K', leasable: 'L', instalment: 'M', reason: 'N', evidence: 'O', paid: 'P', schoolYear: 'Q' } as const;

/** Columns of a Devices sheet. */
const FLEET = { school: 'A', type: 'B', schoolYearLabel: 'C', budgetYear: 'D', needed: 'E', added: 'F', replaced: 'G', retired: 'H', price: 'I', disposal: 'J', bought: 'K', leasable: 'L', leasePerMonth: 'M', leased: 'N', returned: 'O', schoolYear: 'P' } as const;

/** Columns of a budget sheet: the school (per school only), the budget year, the parts, then the totals. */
const BUDGET_PARTS = [...costParts, 'priceGrowth', 'contingency'] as const;
/** Every column of a budget line, in the order both budget sheets give them. */
const BUDGET_COLUMNS = [...BUDGET_PARTS, 'investment', 'operating', 'total', 'vat'] as const;
type BudgetColumn = (typeof BUDGET_COLUMNS)[number];
/** A budget column's letter on a sheet whose first budget column is number `offset` (B: 2, C: 3). */
const budgetLetter = (k: BudgetColumn, offset: number) => columnLetter(offset + BUDGET_COLUMNS.indexOf(k));
/** Where the Budget sheet keeps the VAT rate, which the VAT formulas multiply by. */
const VAT_RATE = '$B$6';
/** The Budget sheet's first budget year, under its header: the comparison sheet reads from here. */
const FIRST_BUDGET_LINE = 9;

/** Where the summary keeps the lease period, which the instalment formulas divide by. */
const LEASE_YEARS = '$B$5';
/** The summary's first table (budget years) starts on this row, under its header. */
const FIRST_BUDGET_ROW = 7;

/** The summary columns of a money table. */
const MONEY = { key: 'A', oneOff: 'B', yearly: 'C', leased: 'D', instalments: 'E' } as const;

interface ScenarioSheets {
  scenario: string;
  summary: string;
  /** The Budget sheet: its rows from FIRST_BUDGET_LINE on are the municipality's budget years, in order. */
  budget: string;
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
  for (const sheet of book.worksheets) fitColumns(sheet);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * A table a reader can work with: its header frozen, a filter on it, and printed landscape on A4,
 * one page wide, the header repeated on every page.
 */
function asTable(sheet: ExcelJS.Worksheet, headerRow: number, lastRow: number, columns: number): void {
  sheet.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }];
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: Math.max(headerRow, lastRow), column: columns } };
  sheet.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRow}:${headerRow}` };
}

/**
 * Each column wide enough for its longest cell as shown: text as it reads, a number with its
 * grouping and currency, a formula by its cached result; long prose is capped and wraps. The title
 * block above a table's frozen header does not count. (10 at least: exceljs leaves out a width of 9
 * as its default.)
 */
const grouped = new Intl.NumberFormat('en');

function fitColumns(sheet: ExcelJS.Worksheet): void {
  const header = sheet.views[0]?.state === 'frozen' ? (sheet.views[0].ySplit ?? 1) : 1;
  sheet.columns.forEach((column) => {
    if (column.hidden) return;
    let widest = 10;
    column.eachCell?.({ includeEmpty: false }, (cell) => {
      if (Number(cell.row) < header) return;
      const v = cell.value;
      const shown = typeof v === 'object' && v !== null && 'result' in v ? v.result : v;
      const format = cell.numFmt ?? '';
      const length =
        typeof shown === 'number' ? grouped.format(Math.round(shown)).length + (format.match(/"([^"]*)"/)?.[1]?.length ?? 0) + 2 : shown instanceof Date ? 12 : String(shown ?? '').length;
      widest = Math.max(widest, length + 2);
    });
    column.width = Math.min(widest, 70);
  });
}


/** The first day of a purchase's month, for a date cell shown as its month. */
const monthCell = (year: number, month: number) => new Date(Date.UTC(year, month - 1, 1));

/**
 * The budget first: the municipality's per budget year, each figure a formula over the schools'
 * lines on the next sheet, and that sheet itself, each school's parts with its total as their sum.
 */
function budgetSheets(book: ExcelJS.Workbook, plan: MunicipalityPlan, planned: Date, prefix: string, taken: string[], t: TFunction): string {
  const moneyFormat = moneyFormatOf(plan);
  const sheet = book.addWorksheet(sheetName(`${prefix}${t('workbook.budgetSheet')}`, taken));
  taken.push(sheet.name);
  const schools = book.addWorksheet(sheetName(`${prefix}${t('workbook.budgetSchoolsSheet')}`, taken));
  taken.push(schools.name);
  const words = BUDGET_COLUMNS.map((k) => capitalised(t(`report.budget.${k}`)));
  const label = (y: number) => (plan.investment.budgetYearStartMonth === 1 ? y : schoolYearLabel(y));

  // Per school: the parts as values, the total their sum, the VAT the rate on its costs.
  header(schools, 1, [t('workbook.school'), t('workbook.budgetYear'), ...words]);
  const lines = plan.budget.schools.flatMap((s) => s.years.map((l) => ({ school: schoolName(plan, s.schoolId), l })));
  const vatRef = `'${sheet.name}'!${VAT_RATE}`;
  const totalFormula = (r: number, offset: number) => `SUM(${budgetLetter('network', offset)}${r}:${budgetLetter('contingency', offset)}${r})`;
  const vatFormula = (r: number, offset: number, rate: string) => `(${budgetLetter('total', offset)}${r}-${budgetLetter('returned', offset)}${r})*${rate}`;
  lines.forEach(({ school, l }, i) => {
    const r = 2 + i;
    schools.getRow(r).values = [school, label(l.budgetYear), ...BUDGET_PARTS.map((k) => l[k]), l.investment, l.operating];
    schools.getCell(`${budgetLetter('total', 3)}${r}`).value = { formula: totalFormula(r, 3), result: l.total };
    schools.getCell(`${budgetLetter('vat', 3)}${r}`).value = { formula: vatFormula(r, 3, vatRef), result: l.vat };
  });
  for (let c = 3; c < 3 + BUDGET_COLUMNS.length; c++) schools.getColumn(c).numFmt = moneyFormat;
  asTable(schools, 1, 1 + lines.length, 2 + BUDGET_COLUMNS.length);

  // The municipality: each part summed over its schools' lines of the year; the total and VAT as above.
  titleBlock(sheet, plan, plan.scenarioTitle, planned, t);
  sheet.getCell('A5').value = t('workbook.financing');
  sheet.getCell('B5').value = t(`report.financing.${plan.budget.financing}`);
  sheet.getCell('A6').value = t('workbook.vatRate');
  sheet.getCell('B6').value = plan.budget.vatRate;
  sheet.getCell('B6').numFmt = '0%';
  sheet.getCell('A7').value = t('workbook.budgetNote', { sheet: schools.name });
  const first = FIRST_BUDGET_LINE;
  header(sheet, first - 1, [t('workbook.budgetYear'), ...words]);
  const over = (col: string, r: number) => `SUMIFS('${schools.name}'!$${col}:$${col},'${schools.name}'!$B:$B,A${r})`;
  plan.budget.municipality.forEach((l: BudgetLine, i) => {
    const r = first + i;
    sheet.getCell(`A${r}`).value = label(l.budgetYear);
    for (const k of [...BUDGET_PARTS, 'investment', 'operating'] as const) sheet.getCell(`${budgetLetter(k, 2)}${r}`).value = { formula: over(budgetLetter(k, 3), r), result: l[k] };
    sheet.getCell(`${budgetLetter('total', 2)}${r}`).value = { formula: totalFormula(r, 2), result: l.total };
    sheet.getCell(`${budgetLetter('vat', 2)}${r}`).value = { formula: vatFormula(r, 2, VAT_RATE), result: l.vat };
  });
  const last = first + plan.budget.municipality.length;
  sheet.getCell(`A${last}`).value = t('workbook.total');
  for (const k of BUDGET_COLUMNS) {
    const c = budgetLetter(k, 2);
    sheet.getCell(`${c}${last}`).value = { formula: `SUM(${c}${first}:${c}${last - 1})`, result: plan.budget.municipality.reduce((n, l) => n + l[k], 0) };
  }
  sheet.getRow(last).font = { bold: true };
  for (let c = 2; c < 2 + BUDGET_COLUMNS.length; c++) sheet.getColumn(c).numFmt = moneyFormat;
  sheet.getCell('B4').numFmt = 'yyyy-mm-dd';
  sheet.getCell('B6').numFmt = '0%';
  asTable(sheet, first - 1, last - 1, 1 + BUDGET_COLUMNS.length);
  return sheet.name;
}

const capitalised = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

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
  const budget = budgetSheets(book, plan, planned, prefix, taken, t);
  const summary = book.addWorksheet(sheetName(`${prefix}${t('workbook.summarySheet')}`, taken));
  taken.push(summary.name);
  // The word in the Leasable column is the formulas' criterion too: one word, in the workbook's language.
  const no = `"${t('workbook.no')}"`;
  const schools = schoolSheets(book, plan, moneyFormat, prefix, taken, summary.name, t);
  const devices = devicesSheet(book, plan, moneyFormat, prefix, taken, t);

  titleBlock(summary, plan, plan.scenarioTitle, planned, t);
  summary.getCell('A5').value = t('workbook.leaseYears');
  summary.getCell('B5').value = plan.investment.leaseYears;

  // The school-year table sits below the budget-year table, whose formulas point into it.
  const budgetYears = plan.investment.budgetYears;
  const schoolHeader = FIRST_BUDGET_ROW + budgetYears.length + 2;
  const schoolRow = new Map(plan.investment.years.map((y, i) => [y.year, schoolHeader + 1 + i]));
  const calendar = calendarOf(plan);

  const moneyHeader = [t('workbook.bought'), t('workbook.yearly'), t('workbook.leased'), t('workbook.instalments')];
  header(summary, FIRST_BUDGET_ROW - 1, [t('workbook.budgetYear'), ...moneyHeader]);
  budgetYears.forEach((y, i) => {
    const r = FIRST_BUDGET_ROW + i;
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
    // Shown as "2026/27"; the formulas compare the school sheets' hidden first calendar year.
    moneyRow(summary, r, schoolYearLabel(y.year), y, {
      oneOff: sumOver(schools, COL.oneOff, [[COL.schoolYear, String(y.year)]]),
      yearly: sumOver(schools, COL.yearly, [[COL.schoolYear, `"<=${y.year}"`]]),
      instalments: sumOver(schools, COL.instalment, [[COL.schoolYear, `">"&(${y.year}-${LEASE_YEARS})`], [COL.schoolYear, `"<=${y.year}"`]]),
      leased: `${sumOver(schools, COL.oneOff, [[COL.schoolYear, String(y.year)], [COL.leasable, no]])}+C${r}+E${r}`,
    });
  }
  let row = schoolHeader + plan.investment.years.length;
  if (plan.investment.unpriced) summary.getCell(`A${(row += 2)}`).value = t('workbook.unpriced', { count: plan.investment.unpriced });

  // Pupil and staff devices, apart from the network: bought in the year paid; leased month by month.
  if (devices) {
    row += 2;
    header(summary, row, [t('workbook.devicesBudgetYear'), t('workbook.devicesBought'), t('workbook.devicesLeased')]);
    const schoolYears = plan.fleet.years.map((y) => y.year);
    const sheet = `'${devices}'!`;
    const by = (sumCol: string, criteria: [string, string][]) => `SUMIFS(${sheet}$${sumCol}:$${sumCol},${criteria.map(([c, v]) => `${sheet}$${c}:$${c},${v}`).join(',')})`;
    for (const y of plan.fleet.budgetYears) {
      row++;
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
  // Excel keeps one filter per sheet outside its Table objects: it goes on the budget years, the first table.
  asTable(summary, FIRST_BUDGET_ROW - 1, totalRow - 1, 5);
  return { scenario: plan.scenarioTitle, summary: summary.name, budget };
}

/** Writes a money row: the key, and each column as a formula with the plan's figure as its result. */
function moneyRow(summary: ExcelJS.Worksheet, row: number, key: number | string, money: Money, formulas: Record<keyof Money, string>): void {
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
      // The evidence in the reader's words: "målt p95 i travleste time, Mbit/s: 97; …".
      const evidence = Object.entries(r.evidence).map(([k, v]) => `${t(`evidence.${k}`, { defaultValue: k })}: ${typeof v === 'boolean' ? t(v ? 'workbook.yes' : 'workbook.no') : v}`).join('; ');
      const paid = r.purchase ? monthCell(r.purchase.year, r.purchase.month) : null;
      sheet.getRow(n).values = [building, t(`plan.kind.${r.kind}`, { defaultValue: r.kind }), schoolYearLabel(year), r.priority, r.purchase?.budgetYear ?? budgetYearOf(year, purchaseMonth, startMonth), r.quantity, c?.item ?? '', c?.unitPrice ?? null, installation ?? null, null, c?.yearly ?? null, c ? t(c.leasable ? 'workbook.yes' : 'workbook.no') : null, null, r.reason, evidence, paid, year];
      if (!c) return;
      sheet.getCell(`${COL.oneOff}${n}`).value = { formula: `${COL.quantity}${n}*(${COL.unitPrice}${n}+${COL.installation}${n})`, result: c.oneOff };
      sheet.getCell(`${COL.instalment}${n}`).value = c.leasable ? { formula: `${COL.oneOff}${n}/'${summary}'!${LEASE_YEARS}`, result: c.oneOff / plan.investment.leaseYears } : 0;
    });
    for (const col of [COL.unitPrice, COL.installation, COL.oneOff, COL.yearly, COL.instalment]) sheet.getColumn(col).numFmt = moneyFormat;
    sheet.getColumn(COL.paid).numFmt = 'mmmm yyyy';
    sheet.getColumn(COL.schoolYear).hidden = true;
    for (const col of [COL.reason, COL.evidence]) sheet.getColumn(col).alignment = { wrapText: true, vertical: 'top' };
    asTable(sheet, 1, 1 + rows.length, 16);
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
    sheet.getRow(n).values = [y.school, plan.fleet.titles[y.type] ?? y.type, schoolYearLabel(y.year), purchaseOf(y.year, plan.plannedMonth, calendarOf(plan)).budgetYear, y.needed, y.added, y.replaced, y.retired, y.price, y.disposalCost, null, t(leasable ? 'workbook.yes' : 'workbook.no'), y.leasePerMonth ?? null, leasable ? null : 0, y.returnedValue, y.year];
    sheet.getCell(`${FLEET.bought}${n}`).value = { formula: `(${FLEET.added}${n}+${FLEET.replaced}${n})*${FLEET.price}${n}+${FLEET.retired}${n}*${FLEET.disposal}${n}`, result: y.boughtCost };
    if (leasable) sheet.getCell(`${FLEET.leased}${n}`).value = { formula: `${FLEET.needed}${n}*${FLEET.leasePerMonth}${n}*12`, result: y.leasedCost };
  });
  for (const col of [FLEET.price, FLEET.disposal, FLEET.bought, FLEET.leasePerMonth, FLEET.leased, FLEET.returned]) sheet.getColumn(col).numFmt = moneyFormat;
  sheet.getColumn(FLEET.schoolYear).hidden = true;
  asTable(sheet, 1, 1 + rows.length, 15);
  return sheet.name;
}

/**
 * Several scenarios per budget year: each one's budget total, investment and operating, read from
 * its Budget sheet, so the comparison and each scenario's own table give the same figures; with
 * two, the difference in total (second − first).
 */
function comparisonSheet(sheet: ExcelJS.Worksheet, plans: MunicipalityPlan[], sets: ScenarioSheets[], planned: Date, t: TFunction): void {
  titleBlock(sheet, plans[0]!, sets.map((s) => s.scenario).join(' / '), planned, t);
  sets.forEach((s, i) => {
    sheet.getCell(`A${5 + i}`).value = `S${i + 1}`;
    sheet.getCell(`B${5 + i}`).value = t('workbook.sheetsFrom', { scenario: s.scenario, sheet: s.budget });
  });
  const headerRow = 6 + sets.length;
  const columns = sets.flatMap((s) => [t('workbook.comparisonTotal', { scenario: s.scenario }), t('workbook.comparisonInvestment', { scenario: s.scenario }), t('workbook.comparisonOperating', { scenario: s.scenario })]);
  header(sheet, headerRow, [t('workbook.budgetYear'), ...columns, ...(sets.length === 2 ? [t('workbook.differenceTotal')] : [])]);
  const years = [...new Set(plans.flatMap((p) => p.budget.budgetYears))].sort((a, b) => a - b);
  years.forEach((year, i) => {
    const r = headerRow + 1 + i;
    sheet.getCell(`A${r}`).value = year;
    const totals: number[] = [];
    sets.forEach((s, k) => {
      const index = plans[k]!.budget.municipality.findIndex((l) => l.budgetYear === year);
      const line = plans[k]!.budget.municipality[index];
      const ref = (col: string) => (index >= 0 ? `'${s.budget}'!${col}${FIRST_BUDGET_LINE + index}` : '0');
      (['total', 'investment', 'operating'] as const).forEach((key, j) => {
        sheet.getCell(`${columnLetter(2 + k * 3 + j)}${r}`).value = { formula: ref(budgetLetter(key, 2)), result: line?.[key] ?? 0 };
      });
      totals.push(line?.total ?? 0);
    });
    if (sets.length === 2) sheet.getCell(`${columnLetter(8)}${r}`).value = { formula: `E${r}-B${r}`, result: totals[1]! - totals[0]! };
  });
  const moneyFormat = moneyFormatOf(plans[0]!);
  for (let c = 2; c <= 1 + sets.length * 3 + (sets.length === 2 ? 1 : 0); c++) sheet.getColumn(c).numFmt = moneyFormat;
  sheet.getCell('B4').numFmt = 'yyyy-mm-dd';
  asTable(sheet, headerRow, headerRow + years.length, 1 + sets.length * 3 + (sets.length === 2 ? 1 : 0));
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
