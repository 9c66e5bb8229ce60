// The plan as a workbook for the council case: read back with exceljs, every formula evaluated from
// the sheets' own cells (by the few formula shapes the workbook uses) and compared with the plan.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { planMunicipality } from '../../planning/plan-inputs.ts';
import { planWorkbook } from '../../planning/plan-xlsx.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';

const NOW = Date.parse('2026-11-24T09:00:00Z');

/** A cell's number: its value, or its formula evaluated. */
function evaluate(book: ExcelJS.Workbook, sheet: ExcelJS.Worksheet, address: string): number {
  const value = sheet.getCell(address).value as ExcelJS.CellValue;
  if (typeof value === 'number') return value;
  if (value === null || value === undefined || value === '') return 0;
  if (typeof value === 'object' && 'formula' in value) return formula(book, sheet, value.formula ?? '');
  throw new Error(`${sheet.name}!${address}: not a number (${JSON.stringify(value)})`);
}

/** SUM(range), a+b of SUMIFS('sheet'!$X:$X,'sheet'!$Y:$Y,key), Fn*(Hn+In) and (Fn+Gn)*In+Hn*Jn: what plan-xlsx writes. */
function formula(book: ExcelJS.Workbook, sheet: ExcelJS.Worksheet, text: string): number {
  const sum = /^SUM\(([A-Z])(\d+):([A-Z])(\d+)\)$/.exec(text);
  if (sum) {
    let total = 0;
    for (let r = Number(sum[2]); r <= Number(sum[4]); r++) total += evaluate(book, sheet, `${sum[1]}${r}`);
    return total;
  }
  const product = /^([A-Z])(\d+)\*\(([A-Z])\2\+([A-Z])\2\)$/.exec(text);
  if (product) {
    const row = product[2];
    return evaluate(book, sheet, `${product[1]}${row}`) * (evaluate(book, sheet, `${product[3]}${row}`) + evaluate(book, sheet, `${product[4]}${row}`));
  }
  const fleet = /^\(([A-Z])(\d+)\+([A-Z])\2\)\*([A-Z])\2\+([A-Z])\2\*([A-Z])\2$/.exec(text);
  if (fleet) {
    const [, added, row, replaced, price, retired, disposal] = fleet;
    const at = (col: string) => evaluate(book, sheet, `${col}${row}`);
    return (at(added!) + at(replaced!)) * at(price!) + at(retired!) * at(disposal!);
  }
  if (text === '0') return 0;
  return text.split('+').reduce((total, term) => {
    const m = /^SUMIFS\('([^']+)'!\$([A-Z]):\$\2,'\1'!\$([A-Z]):\$\3,([A-Z]\d+)\)$/.exec(term);
    if (!m) throw new Error(`a formula this test does not know: ${term}`);
    const [, name, sumCol, keyCol, keyCell] = m;
    const other = book.getWorksheet(name!)!;
    const key = evaluate(book, sheet, keyCell!);
    let subtotal = 0;
    other.eachRow((row, n) => {
      if (n > 1 && row.getCell(keyCol!).value === key) subtotal += evaluate(book, other, `${sumCol}${n}`);
    });
    return total + subtotal;
  }, 0);
}

describe('the plan as a workbook', () => {
  it('sums every school\'s rows into the budget-year and school-year totals with formulas that give the plan\'s figures', async () => {
    const config = demoConfig();
    const store = new EmbeddedStore(':memory:');
    const plan = await planMunicipality(config, store, NOW, 'one-to-one');
    await store.close();
    const priced = [...plan.buildings, ...plan.schools].flatMap((x) => x.recommendations).filter((r) => r.cost);
    expect(priced.length).toBeGreaterThan(0);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await planWorkbook(plan, new Date(NOW))) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', ...plan.schools.map((s) => s.schoolName), 'Devices']);
    const summary = book.getWorksheet('Summary')!;
    expect(summary.getCell('B2').value).toBe('Fjordvik kommune');
    expect(summary.getCell('B3').value).toBe('one-to-one');
    // The date is a date, not text.
    expect(summary.getCell('B4').value).toBeInstanceOf(Date);

    // Budget years from row 7: each year's bought-outright formula evaluates to the plan's figure.
    plan.investment.budgetYears.forEach((y, i) => {
      const row = 7 + i;
      expect(summary.getCell(`A${row}`).value).toBe(y.budgetYear);
      expect(summary.getCell(`B${row}`).formula).toMatch(/^SUMIFS\(/);
      expect(evaluate(book, summary, `B${row}`), `budget year ${y.budgetYear}`).toBeCloseTo(y.oneOff, 2);
      expect(summary.getCell(`D${row}`).value).toBe(y.leased);
    });
    const totalRow = 7 + plan.investment.budgetYears.length;
    expect(evaluate(book, summary, `B${totalRow}`)).toBeCloseTo(plan.investment.years.reduce((n, y) => n + y.oneOff, 0), 2);

    // The devices, apart: each budget year's bought devices summed from the Devices sheet's formulas.
    expect(book.getWorksheet('Devices')).toBeDefined();
    let devicesRow = 0;
    summary.eachRow((row, n) => {
      if (row.getCell('A').value === 'Devices: budget year') devicesRow = n;
    });
    expect(devicesRow).toBeGreaterThan(0);
    plan.fleet.budgetYears.forEach((y, i) => {
      expect(summary.getCell(`A${devicesRow + 1 + i}`).value).toBe(y.budgetYear);
      expect(evaluate(book, summary, `B${devicesRow + 1 + i}`), `devices ${y.budgetYear}`).toBeCloseTo(y.oneOff, 2);
    });

    // A planner raises a unit price by 1,000: the total follows, because the rows are formulas.
    let edited = 0;
    for (const school of book.worksheets.filter((w) => plan.schools.some((s) => s.schoolName === w.name))) {
      school.eachRow((row, n) => {
        if (n > 1 && typeof row.getCell('H').value === 'number' && edited === 0) {
          edited = Number(row.getCell('F').value) * 1000;
          row.getCell('H').value = Number(row.getCell('H').value) + 1000;
        }
      });
    }
    expect(edited).toBeGreaterThan(0);
    expect(evaluate(book, summary, `B${totalRow}`)).toBeCloseTo(plan.investment.years.reduce((n, y) => n + y.oneOff, 0) + edited, 2);
  });
});
