// The plan as a workbook for the council case (exceljs): a summary with the totals per budget year
// and per school year, and one sheet per school with a row per thing to buy, its reason and
// evidence. What is bought outright is a formula (quantity × (unit price + installation)) and the
// summary sums those rows with SUMIFS, so a planner who edits a price sees every total change. Numbers
// and dates are typed as such; each formula carries the plan's own figure as its cached result.
import ExcelJS from 'exceljs';
import { budgetYearOf } from '../models/budget-years.ts';
import type { Money } from '../models/investment.ts';
import type { MunicipalityPlan } from './plan-inputs.ts';

/** Columns of a school sheet, by letter, so the formulas below say what they sum. */
const COL = { building: 'A', kind: 'B', schoolYear: 'C', priority: 'D', budgetYear: 'E', quantity: 'F', item: 'G', unitPrice: 'H', installation: 'I', oneOff: 'J', yearly: 'K', reason: 'L', evidence: 'M' } as const;
const HEADER = ['Building', 'Recommendation', 'School year', 'Priority', 'Budget year paid', 'Quantity', 'Item', 'Unit price', 'Installation per unit', 'Bought outright', 'Yearly', 'Why', 'Evidence'];
const FIRST_ROW = 2;

export async function planWorkbook(plan: MunicipalityPlan, planned: Date): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Kapasitet';
  book.created = planned;
  const currency = plan.investment.currency ?? '';
  const moneyFormat = `#,##0 "${currency.replaceAll('"', '')}"`;
  const summary = book.addWorksheet('Summary');
  const sheets = schoolSheets(book, plan, moneyFormat);

  summary.getCell('A1').value = 'Kapasitet upgrade plan';
  summary.getCell('A1').font = { bold: true, size: 14 };
  summary.addRow([]);
  summary.getCell('A2').value = 'Municipality';
  summary.getCell('B2').value = plan.municipality.name;
  summary.getCell('A3').value = 'Scenario';
  summary.getCell('B3').value = plan.scenario;
  summary.getCell('A4').value = 'Planned';
  summary.getCell('B4').value = planned;

  // Per budget year: bought outright summed from the schools' rows; running costs as planned.
  let row = 6;
  summary.getRow(row).values = ['Budget year', 'Bought outright', 'Yearly', 'Leased'];
  summary.getRow(row).font = { bold: true };
  const firstBudgetRow = row + 1;
  row = moneyRows(summary, row, plan.investment.budgetYears.map((y) => ({ key: y.budgetYear, money: y })), sheets, COL.budgetYear);
  row++;
  summary.getCell(`A${row}`).value = 'Total';
  for (const c of ['B', 'C', 'D'] as const) {
    const total = plan.investment.budgetYears.reduce((n, y) => n + (c === 'B' ? y.oneOff : c === 'C' ? y.yearly : y.leased), 0);
    summary.getCell(`${c}${row}`).value = { formula: `SUM(${c}${firstBudgetRow}:${c}${row - 1})`, result: total };
  }
  summary.getRow(row).font = { bold: true };

  // Per school year, as the plan's own tables read.
  row += 2;
  summary.getRow(row).values = ['School year', 'Bought outright', 'Yearly', 'Leased'];
  summary.getRow(row).font = { bold: true };
  row = moneyRows(summary, row, plan.investment.years.map((y) => ({ key: y.year, money: y })), sheets, COL.schoolYear);
  if (plan.investment.unpriced) summary.getCell(`A${++row + 1}`).value = `${plan.investment.unpriced} recommendations have no price in the catalogue and are not in these totals.`;

  // Pupil and staff devices, apart from the network: bought summed from the Devices sheet.
  const devices = devicesSheet(book, plan, moneyFormat);
  if (devices) {
    row += 2;
    summary.getRow(row).values = ['Devices: budget year', 'Bought', 'Leased'];
    summary.getRow(row).font = { bold: true };
    for (const y of plan.fleet.budgetYears) {
      row++;
      summary.getCell(`A${row}`).value = y.budgetYear;
      summary.getCell(`B${row}`).value = { formula: `SUMIFS('${devices}'!$${FLEET.bought}:$${FLEET.bought},'${devices}'!$${FLEET.budgetYear}:$${FLEET.budgetYear},A${row})`, result: y.oneOff };
      summary.getCell(`C${row}`).value = y.leased;
    }
  }
  for (const c of ['B', 'C', 'D']) summary.getColumn(c).numFmt = moneyFormat;
  // After the column's money format, so the date stays a date.
  summary.getCell('B4').numFmt = 'yyyy-mm-dd';
  summary.getColumn('A').width = 16;
  for (const c of ['B', 'C', 'D']) summary.getColumn(c).width = 18;
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * A row per year after `row`: the year, bought outright as a SUMIFS over the school sheets' rows of
 * that year (in `byColumn`), and the running costs as planned. Returns the last row written.
 */
function moneyRows(summary: ExcelJS.Worksheet, row: number, years: { key: number; money: Money }[], sheets: string[], byColumn: string): number {
  for (const { key, money } of years) {
    row++;
    summary.getCell(`A${row}`).value = key;
    summary.getCell(`B${row}`).value = { formula: sumOver(sheets, byColumn, `A${row}`), result: money.oneOff };
    summary.getCell(`C${row}`).value = money.yearly;
    summary.getCell(`D${row}`).value = money.leased;
  }
  return row;
}

/** One sheet per school with a row per priced or unpriced recommendation; returns the sheet names. */
function schoolSheets(book: ExcelJS.Workbook, plan: MunicipalityPlan, moneyFormat: string): string[] {
  const names: string[] = [];
  const startMonth = plan.investment.budgetYearStartMonth;
  const purchaseMonth = plan.investment.budgetYearPurchaseMonth;
  for (const school of plan.schools) {
    const name = sheetName(school.schoolName, names);
    names.push(name);
    const sheet = book.addWorksheet(name);
    sheet.addRow(HEADER).font = { bold: true };
    const rows = [
      ...plan.buildings.filter((b) => b.schoolId === school.schoolId).flatMap((b) => b.recommendations.map((r) => ({ building: b.buildingName, r }))),
      ...school.recommendations.map((r) => ({ building: '(school-wide)', r })),
    ];
    rows.forEach(({ building, r }, i) => {
      const n = FIRST_ROW + i;
      const year = r.year === 'now' ? plan.currentYear : r.year;
      const c = r.cost;
      const installation = c ? c.oneOff / r.quantity - c.unitPrice : undefined;
      sheet.getRow(n).values = [building, r.kind, year, r.priority, budgetYearOf(year, purchaseMonth, startMonth), r.quantity, c?.item ?? '', c?.unitPrice ?? null, installation ?? null, null, c?.yearly ?? null, r.reason, Object.entries(r.evidence).map(([k, v]) => `${k}=${v}`).join('; ')];
      if (c) sheet.getCell(`${COL.oneOff}${n}`).value = { formula: `${COL.quantity}${n}*(${COL.unitPrice}${n}+${COL.installation}${n})`, result: c.oneOff };
    });
    for (const col of [COL.unitPrice, COL.installation, COL.oneOff, COL.yearly]) sheet.getColumn(col).numFmt = moneyFormat;
    for (const [col, width] of [[COL.building, 22], [COL.kind, 24], [COL.item, 28], [COL.reason, 70], [COL.evidence, 70]] as const) sheet.getColumn(col).width = width;
  }
  return names;
}

/** Columns of the Devices sheet. */
const FLEET = { school: 'A', type: 'B', schoolYear: 'C', budgetYear: 'D', needed: 'E', added: 'F', replaced: 'G', retired: 'H', price: 'I', disposal: 'J', bought: 'K', leased: 'L', returned: 'M' } as const;

/**
 * The fleet, a row per school, type and school year; what is bought is (added + replaced) × price +
 * retired × disposal, as a formula. Returns the sheet's name, or undefined without a fleet.
 */
function devicesSheet(book: ExcelJS.Workbook, plan: MunicipalityPlan, moneyFormat: string): string | undefined {
  const rows = plan.fleet.schools.flatMap((school) => school.years.map((y) => ({ school: school.schoolName, ...y })));
  if (rows.length === 0) return undefined;
  const name = 'Devices';
  const sheet = book.addWorksheet(name);
  sheet.addRow(['School', 'Devices', 'School year', 'Budget year paid', 'Needed', 'Added', 'Replaced', 'Retired', 'Unit price', 'Disposal per device', 'Bought', 'Leased', 'Returned value']).font = { bold: true };
  rows.forEach((y, i) => {
    const n = i + 2;
    sheet.getRow(n).values = [y.school, y.type, y.year, budgetYearOf(y.year, plan.investment.budgetYearPurchaseMonth, plan.investment.budgetYearStartMonth), y.needed, y.added, y.replaced, y.retired, y.price, y.disposalCost, null, y.leasedCost ?? null, y.returnedValue];
    sheet.getCell(`${FLEET.bought}${n}`).value = { formula: `(${FLEET.added}${n}+${FLEET.replaced}${n})*${FLEET.price}${n}+${FLEET.retired}${n}*${FLEET.disposal}${n}`, result: y.boughtCost };
  });
  for (const col of [FLEET.price, FLEET.disposal, FLEET.bought, FLEET.leased, FLEET.returned]) sheet.getColumn(col).numFmt = moneyFormat;
  return name;
}

/** SUMIFS of the schools' bought-outright column where `byColumn` equals the cell `key`. */
function sumOver(sheets: string[], byColumn: string, key: string): string {
  if (sheets.length === 0) return '0';
  return sheets.map((s) => `SUMIFS('${s}'!$${COL.oneOff}:$${COL.oneOff},'${s}'!$${byColumn}:$${byColumn},${key})`).join('+');
}

/** A sheet name Excel takes: no []:*?/\ or quote, at most 31 characters, unique in the workbook. */
function sheetName(name: string, taken: string[]): string {
  const base = name.replace(/[[\]:*?/\\']/g, ' ').trim().slice(0, 31) || 'School';
  let candidate = base;
  for (let i = 2; taken.includes(candidate); i++) candidate = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  return candidate;
}
