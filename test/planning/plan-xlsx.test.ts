// The plan as a workbook for the council case: written, read back with exceljs, and every formula
// recalculated by a spreadsheet engine of its own (HyperFormula) from the sheets' cells alone, so a
// total is right only if the formulas are; then compared with the plan's figures.
import ExcelJS from 'exceljs';
import { HyperFormula } from 'hyperformula';
import { beforeAll, describe, expect, it } from 'vitest';
import { planMunicipality, type MunicipalityPlan } from '../../planning/plan-inputs.ts';
import { planWorkbook } from '../../planning/plan-xlsx.ts';
import { translator } from '../../i18n/translate.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';

const NOW = Date.parse('2026-11-24T09:00:00Z');

/** The workbook's cells as HyperFormula reads them: values, and formulas without their cached results. */
function engineOf(book: ExcelJS.Workbook): HyperFormula {
  const sheets: Record<string, (string | number | boolean | null)[][]> = {};
  for (const sheet of book.worksheets) {
    const rows: (string | number | boolean | null)[][] = [];
    sheet.eachRow((row, r) => {
      const cells: (string | number | boolean | null)[] = [];
      row.eachCell((cell, c) => {
        const v = cell.value;
        if (v instanceof Date) cells[c - 1] = null;
        else if (v !== null && typeof v === 'object' && 'formula' in v) cells[c - 1] = `=${v.formula}`;
        else cells[c - 1] = v as string | number | boolean | null;
      });
      rows[r - 1] = Array.from(cells, (x) => x ?? null);
    });
    sheets[sheet.name] = Array.from(rows, (x) => x ?? []);
  }
  return HyperFormula.buildFromSheets(sheets, { licenseKey: 'gpl-v3' });
}

/** A cell's value as the engine computes it. */
function valueOf(engine: HyperFormula, sheet: string, address: string): number {
  const at = engine.simpleCellAddressFromString(address, engine.getSheetId(sheet)!);
  const v = engine.getCellValue(at!);
  if (typeof v !== 'number') throw new Error(`${sheet}!${address}: ${JSON.stringify(v)}`);
  return v;
}

/** The row whose column A reads `label`. */
function rowOf(sheet: ExcelJS.Worksheet, label: string): number {
  let found = 0;
  sheet.eachRow((row, n) => {
    if (row.getCell('A').value === label && !found) found = n;
  });
  if (!found) throw new Error(`${sheet.name}: no row "${label}"`);
  return found;
}

async function read(plans: MunicipalityPlan[]): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await planWorkbook(plans, new Date(NOW), translator('en'))) as unknown as ExcelJS.Buffer);
  return book;
}

describe('the plan as a workbook', () => {
  let oneToOne: MunicipalityPlan;
  let today: MunicipalityPlan;
  beforeAll(async () => {
    const store = new EmbeddedStore(':memory:');
    oneToOne = await planMunicipality(demoConfig(), store, NOW, 'one-to-one');
    today = await planMunicipality(demoConfig(), store, NOW, 'today');
    await store.close();
  });

  it('recalculates to the plan\'s totals per budget year and school year: bought, yearly, leased and instalments', async () => {
    const plan = oneToOne;
    // The demo has something of every kind, so no formula below is checked against zeros alone.
    expect(plan.investment.years.some((y) => y.yearly > 0) && plan.investment.years.some((y) => y.instalments > 0)).toBe(true);
    const book = await read([plan]);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Budget', 'Budget per school', 'Summary', ...plan.schools.map((s) => s.schoolName), 'Devices']);
    const summary = book.getWorksheet('Summary')!;
    expect(summary.getCell('B2').value).toBe('Fjordvik kommune');
    // The scenario by its title, in the municipality's language the plan was made in.
    expect(summary.getCell('B3').value).toBe('Én enhet per elev fra 2027');
    expect(summary.getCell('B4').value).toBeInstanceOf(Date);
    // Where the measured weeks end, as the spreadsheet's date serial (days since 1899-12-30, UTC).
    expect(summary.getCell('C4').value).toBe('Measured to (UTC)');
    expect(new Date(Math.round(((summary.getCell('D4').value as number) - 25_569) * 86_400_000)).toISOString()).toBe(plan.measuredUntil);
    expect(summary.getCell('B5').value).toBe(plan.investment.leaseYears);

    const engine = engineOf(book);
    const first = rowOf(summary, 'Budget year') + 1;
    plan.investment.budgetYears.forEach((y, i) => {
      const r = first + i;
      expect(summary.getCell(`A${r}`).value).toBe(y.budgetYear);
      for (const [col, figure] of [['B', y.oneOff], ['C', y.yearly], ['D', y.leased], ['E', y.instalments]] as const) {
        expect(summary.getCell(`${col}${r}`).formula, `${col}${r}`).toBeTruthy();
        expect(valueOf(engine, 'Summary', `${col}${r}`), `budget year ${y.budgetYear}, column ${col}`).toBeCloseTo(figure, 0);
      }
    });
    const schoolFirst = rowOf(summary, 'School year') + 1;
    plan.investment.years.forEach((y, i) => {
      for (const [col, figure] of [['B', y.oneOff], ['C', y.yearly], ['D', y.leased], ['E', y.instalments]] as const) {
        expect(valueOf(engine, 'Summary', `${col}${schoolFirst + i}`), `school year ${y.year}, column ${col}`).toBeCloseTo(figure, 0);
      }
    });
    // A running cost's 5/12 and 7/12 are in the formula a planner reads.
    expect(summary.getCell(`C${first + 1}`).formula).toMatch(/\*5\/12|\*7\/12/);

    const devices = rowOf(summary, 'Devices: budget year') + 1;
    plan.fleet.budgetYears.forEach((y, i) => {
      expect(summary.getCell(`A${devices + i}`).value).toBe(y.budgetYear);
      expect(valueOf(engine, 'Summary', `B${devices + i}`), `devices bought ${y.budgetYear}`).toBeCloseTo(y.oneOff, 0);
      expect(valueOf(engine, 'Summary', `C${devices + i}`), `devices leased ${y.budgetYear}`).toBeCloseTo(y.leased, 0);
    });
  });

  it('follows a planner\'s edits: a unit price, a subscription, the lease period and a device lease price', async () => {
    const plan = oneToOne;
    const book = await read([plan]);
    const engine = engineOf(book);
    const summary = engine.getSheetId('Summary')!;
    const first = rowOf(book.getWorksheet('Summary')!, 'Budget year') + 1;
    const total = first + plan.investment.budgetYears.length;
    const at = (sheet: number, address: string) => engine.simpleCellAddressFromString(address, sheet)!;
    const number = (sheet: number, address: string) => engine.getCellValue(at(sheet, address)) as number;

    // The first priced row with a subscription, on whichever school sheet has one.
    const school = plan.schools.map((s) => s.schoolName).find((name) => {
      const id = engine.getSheetId(name)!;
      return engine.getSheetValues(id).some((row, r) => r > 0 && typeof row[10] === 'number' && (row[10] as number) > 0);
    })!;
    const id = engine.getSheetId(school)!;
    const r = engine.getSheetValues(id).findIndex((row, i) => i > 0 && typeof row[10] === 'number' && (row[10] as number) > 0) + 1;
    const quantity = number(id, `F${r}`);
    const year = number(id, `Q${r}`);
    const lastYear = plan.investment.years.at(-1)!.year;

    const bought = number(summary, `B${total}`);
    engine.setCellContents(at(id, `H${r}`), number(id, `H${r}`) + 1000);
    expect(number(summary, `B${total}`)).toBeCloseTo(bought + quantity * 1000, 2);

    // A subscription 1,200 dearer per year runs every school year from its own to the plan's last.
    const yearly = number(summary, `C${total}`);
    engine.setCellContents(at(id, `K${r}`), number(id, `K${r}`) + 1200);
    const running = lastYear - year + 1;
    expect(number(summary, `C${total}`)).toBeCloseTo(yearly + 1200 * running, 2);

    // A longer lease period lowers the instalments inside the plan's years.
    const instalments = number(summary, `E${total}`);
    engine.setCellContents(at(summary, 'B5'), plan.investment.leaseYears + 2);
    expect(number(summary, `E${total}`)).toBeLessThan(instalments);

    // A device lease 10 dearer per month: that row's needed devices × 10 × 12 more over its school year's budget years.
    const devices = engine.getSheetId('Devices')!;
    const leasable = engine.getSheetValues(devices).findIndex((row, i) => i > 0 && row[11] === 'yes') + 1;
    expect(leasable).toBeGreaterThan(1);
    const leasedRows = plan.fleet.budgetYears.map((_, i) => rowOf(book.getWorksheet('Summary')!, 'Devices: budget year') + 1 + i);
    const leasedTotal = () => leasedRows.reduce((n, row) => n + number(summary, `C${row}`), 0);
    const before = leasedTotal();
    engine.setCellContents(at(devices, `M${leasable}`), number(devices, `M${leasable}`) + 10);
    expect(leasedTotal()).toBeCloseTo(before + number(devices, `E${leasable}`) * 10 * 12, 2);
  });

  it('writes a Norwegian council\'s workbook in Norwegian, its formulas still adding up (the criterion is the word in the sheet)', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await planWorkbook([oneToOne], new Date(NOW), translator('nb'))) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Budsjett', 'Budsjett per skole', 'Sammendrag', ...oneToOne.schools.map((s) => s.schoolName), 'Enheter']);
    const summary = book.getWorksheet('Sammendrag')!;
    expect(summary.getCell('A2').value).toBe('Kommune');
    const engine = engineOf(book);
    const first = rowOf(summary, 'Budsjettår') + 1;
    oneToOne.investment.budgetYears.forEach((y, i) => expect(valueOf(engine, 'Sammendrag', `D${first + i}`), `leased ${y.budgetYear}`).toBeCloseTo(y.leased, 0));
    const devices = rowOf(summary, 'Enheter: budsjettår') + 1;
    oneToOne.fleet.budgetYears.forEach((y, i) => expect(valueOf(engine, 'Sammendrag', `C${devices + i}`)).toBeCloseTo(y.leased, 0));
  });

  it('puts two scenarios side by side with the difference, each read from its own sheets', async () => {
    const book = await read([oneToOne, today]);
    const names = book.worksheets.map((s) => s.name);
    expect(names[0]).toBe('Comparison');
    expect(names).toContain('S1 Summary');
    expect(names).toContain('S2 Summary');
    expect(names).toContain(`S2 ${today.schools[0]!.schoolName}`.slice(0, 31));
    const sheet = book.getWorksheet('Comparison')!;
    const engine = engineOf(book);
    const headerRow = rowOf(sheet, 'Budget year');
    expect(sheet.getRow(headerRow).values).toContain('Difference in total');
    // The same totals as each scenario's Budget sheet: total, investment and operating.
    const years = [...new Set([oneToOne, today].flatMap((p) => p.budget.budgetYears))].sort();
    const line = (p: MunicipalityPlan, year: number) => p.budget.municipality.find((y) => y.budgetYear === year);
    let differs = false;
    years.forEach((year, i) => {
      const r = headerRow + 1 + i;
      expect(sheet.getCell(`A${r}`).value).toBe(year);
      for (const [p, [total, investment, operating]] of [[oneToOne, ['B', 'C', 'D']], [today, ['E', 'F', 'G']]] as const) {
        expect(valueOf(engine, 'Comparison', `${total}${r}`)).toBeCloseTo(line(p, year)?.total ?? 0, 0);
        expect(valueOf(engine, 'Comparison', `${investment}${r}`) + valueOf(engine, 'Comparison', `${operating}${r}`)).toBeCloseTo(line(p, year)?.total ?? 0, 0);
      }
      const difference = valueOf(engine, 'Comparison', `H${r}`);
      expect(difference).toBeCloseTo((line(today, year)?.total ?? 0) - (line(oneToOne, year)?.total ?? 0), 0);
      if (Math.abs(difference) > 1) differs = true;
    });
    // The two policies differ in what they cost, so the difference column is not zero throughout.
    expect(differs).toBe(true);
  });

  for (const locale of ['nb', 'sv'] as const) {
    it(`hands a council a workbook in ${locale}: the budget first, words not ids, dates and school years as such, filters, frozen headers, A4 landscape`, async () => {
      const t = translator(locale);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await planWorkbook([oneToOne], new Date(NOW), t)) as unknown as ExcelJS.Buffer);
      const [budget, perSchool, summary, ...rest] = book.worksheets;
      expect(budget!.name).toBe(t('workbook.budgetSheet'));
      expect(perSchool!.name).toBe(t('workbook.budgetSchoolsSheet'));
      expect(rest.at(-1)!.name).toBe(t('workbook.devicesSheet'));
      const engine = engineOf(book);

      // The first sheet: the municipality per budget year, every figure a formula that recalculates to the plan's.
      const first = rowOf(budget!, t('workbook.budgetYear')) + 1;
      const head = budget!.getRow(first - 1).values as string[];
      for (const k of ['investment', 'operating', 'vat', 'contingency', 'total'] as const) expect(head).toContain(t(`report.budget.${k}`).replace(/^./, (c) => c.toUpperCase()));
      const col = (word: string) => String.fromCharCode(64 + head.indexOf(word.replace(/^./, (c) => c.toUpperCase())));
      oneToOne.budget.municipality.forEach((y, i) => {
        const r = first + i;
        expect(budget!.getCell(`A${r}`).value).toBe(y.budgetYear);
        for (const k of ['network', 'devices', 'running', 'contingency', 'investment', 'operating', 'total', 'vat'] as const) {
          expect(budget!.getCell(`${col(t(`report.budget.${k}`))}${r}`).formula, `${k} ${y.budgetYear}`).toBeTruthy();
          expect(valueOf(engine, budget!.name, `${col(t(`report.budget.${k}`))}${r}`), `${k} ${y.budgetYear}`).toBeCloseTo(y[k], 0);
        }
      });
      // The schools' lines: each total the sum of its parts.
      perSchool!.eachRow((row, r) => {
        if (r === 1) return;
        expect(perSchool!.getCell(`L${r}`).formula).toBe(`SUM(C${r}:I${r})`);
      });

      for (const sheet of book.worksheets) {
        // A frozen header, a filter over the table, and landscape A4 one page wide with the header on every page.
        expect(sheet.views[0], sheet.name).toMatchObject({ state: 'frozen' });
        expect(sheet.autoFilter, sheet.name).toBeTruthy();
        expect(sheet.pageSetup, sheet.name).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
        expect(sheet.pageSetup.printTitlesRow, sheet.name).toMatch(/^\d+:\d+$/);
      }

      // The school sheets and the devices in the reader's words: no recommendation or device-type ids, no key=value evidence.
      const ids = new Set<string>(['add-access-points', 'replace-access-points', 'upgrade-uplink', 'raise-internet-tier', 'replace-router', 'laptop', 'tablet']);
      const schoolSheets = rest.slice(0, -1);
      let rows = 0;
      for (const sheet of schoolSheets) {
        sheet.eachRow((row, r) => {
          if (r === 1) return;
          rows++;
          expect(ids.has(String(row.getCell('B').value)), `${sheet.name}!B${r}`).toBe(false);
          expect(String(row.getCell('O').value), `${sheet.name}!O${r}`).not.toMatch(/\b[a-z]+[A-Z]\w*=/);
          expect(String(row.getCell('C').value)).toMatch(/^20\d\d\/\d\d$/);
          // When it is paid: a date cell shown as its month.
          expect(row.getCell('P').value, `${sheet.name}!P${r}`).toBeInstanceOf(Date);
          expect(row.getCell('P').numFmt).toBe('mmmm yyyy');
        });
        expect(sheet.getColumn('Q').hidden).toBe(true);
      }
      expect(rows).toBeGreaterThan(0);
      const devices = rest.at(-1)!;
      devices.eachRow((row, r) => {
        if (r === 1) return;
        expect(ids.has(String(row.getCell('B').value))).toBe(false);
        expect(String(row.getCell('C').value)).toMatch(/^20\d\d\/\d\d$/);
      });
      expect(summary!.getCell('B4').value).toBeInstanceOf(Date);
      expect(summary!.getCell('B4').numFmt).toBe('yyyy-mm-dd');

      // Money in the currency's format, and every money column wide enough for its largest amount.
      for (const sheet of [budget!, perSchool!, ...schoolSheets]) {
        sheet.columns.forEach((column) => {
          if (!column.numFmt?.includes('NOK') || column.hidden) return;
          let widest = 0;
          column.eachCell!({ includeEmpty: false }, (cell) => {
            const v = cell.value as unknown;
            const n = typeof v === 'number' ? v : typeof v === 'object' && v !== null && 'result' in v ? (v as { result: unknown }).result : undefined;
            if (typeof n === 'number') widest = Math.max(widest, `${Math.round(n).toLocaleString('en')} NOK`.length);
          });
          expect(column.width ?? 0, `${sheet.name} column ${column.letter}`).toBeGreaterThanOrEqual(widest);
        });
      }
    });
  }
});
