// The plan as CSV: names from the config are the municipality's own words, and a spreadsheet must
// show them as text, never run them. OWASP's CSV injection advice: a cell beginning with =, +, -, @,
// tab or CR (or their full-width forms) starts with a quote, so the spreadsheet reads it as text.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { planCsv } from '../../planning/plan-format.ts';
import { planMunicipality } from '../../planning/plan-inputs.ts';
import { demoConfig } from '../../simulator/demo.ts';
import { EmbeddedStore } from '../../store/embedded.ts';

const NOW = Date.parse('2026-11-24T09:00:00Z');
const FORMULAS = ['=HYPERLINK("http://127.0.0.1:9/x","klikk")', '+1+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1,1)', '\t=1+1', '\r=1+1', '＝1+1'];

describe('the plan as CSV', () => {
  it('writes school, building and device names that look like formulas as text', async () => {
    const config = demoConfig();
    // Every school and building named as a formula, the short building among them.
    config.schools.forEach((s, i) => {
      s.name = FORMULAS[i % FORMULAS.length]!;
      s.buildings.forEach((b, j) => (b.name = FORMULAS[(i + j + 1) % FORMULAS.length]!));
    });
    const store = new EmbeddedStore(':memory:');
    const plan = await planMunicipality(config, store, NOW, 'today');
    await store.close();
    const rows = parse(planCsv([plan], undefined, ';', 'nb'), { delimiter: ';' }) as string[][];
    const cells = rows.flatMap((r, i) => r.map((cell, j) => ({ cell, at: `row ${i + 1}, column ${j + 1}` })));
    const named = cells.filter(({ cell }) => FORMULAS.some((f) => cell === `'${f}`));
    // The names of the schools and buildings with something to buy are there, each kept whole behind its quote.
    expect(new Set(named.map((n) => n.cell.slice(1))).size).toBeGreaterThanOrEqual(5);
    expect(cells.filter(({ cell }) => FORMULAS.includes(cell))).toEqual([]);
    for (const { cell, at } of cells) expect(/^[=+@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell) || (/^-/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell)), `${at}: ${JSON.stringify(cell)}`).toBe(false);
  });
});
