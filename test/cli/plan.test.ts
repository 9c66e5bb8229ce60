// `kapasitet plan` on the demo with nothing measured yet: the plan from enrolment, policy and the
// demo's catalogue, as JSON, as CSV a spreadsheet opens, and two scenarios side by side.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'bin', 'kapasitet.js');
const data = mkdtempSync(join(tmpdir(), 'kapasitet-plan-'));
const plan = (...args: string[]) => run(process.execPath, [CLI, 'plan', '--data', data, ...args], { cwd: data });

describe('kapasitet plan', () => {
  it('prints the plan as JSON, with the short building found from its projected devices', async () => {
    const { stdout, stderr } = await plan('--format', 'json');
    const result = JSON.parse(stdout);
    // No server has kept load summaries in this store: the plan says, in the municipality's language, why it may be slow.
    expect(stderr).toMatch(/^Ingen lastsammendrag fra en kjørende server de siste 3 timene: oppsummerer timesverdiene for \d+ skoler nå/);
    expect(result.buildings).toHaveLength(6);
    const short = result.buildings.find((b: any) => b.buildingId === 'nu-gamle');
    expect(short.recommendations.map((r: any) => r.kind).sort()).toEqual(['add-access-points', 'add-poe-switches', 'cable-access-points', 'replace-access-points', 'upgrade-uplink']);
    const uplink = short.recommendations.find((r: any) => r.kind === 'upgrade-uplink');
    // Nothing measured: the documented 1 Mbit/s per device, and no measured figure claimed.
    expect(uplink.evidence).toMatchObject({ mbpsPerDeviceSource: 'default', mbpsPerDevice: 1, scenario: 'one-to-one' });
    expect(uplink.evidence.measuredP95Mbps).toBeUndefined();
    // The demo catalogue's 1 Gbit/s uplink: 12,000 + 4,000 installation.
    expect(uplink.cost).toEqual({ item: '1000 Mbit/s uplink', currency: 'NOK', unitPrice: 12_000, oneOff: 16_000, yearly: 0, leasable: true, lifetimeYears: 5 });
  });

  it('writes the CSV in the language asked for, the municipality\'s when none is, and refuses one it does not speak', async () => {
    // A Swedish spreadsheet opens it in columns: a byte-order mark, semicolons and decimal commas.
    const swedish = (await plan('--format', 'csv', '--lang', 'sv')).stdout.split('\n');
    expect(swedish[0]).toBe('\uFEFFscenario;skola;byggnad;typ;år;inköpsmånad;budgetår;prioritet;antal;artikel;styckpris;engångskostnad;årlig;leasing_per_år;valuta;nätverk;laddning;enheter;löpande;återbetalt;prisökning;reserv;investering;drift;summa;moms;motivering;underlag');
    expect(swedish.find((l) => l.includes(';budget total;'))).toMatch(/kommunens summa för budgetåret 20\d\d/);
    expect(swedish.find((l) => l.includes(';budget;'))).toMatch(/skolans summa för budgetåret 20\d\d/);
    // The reasons too: the demo's short building needs access points, in Swedish.
    expect(swedish.find((l) => l.includes(';add-access-points;'))).toMatch(/åtkomstpunkter.*behövs/);
    // The demo municipality writes Norwegian; a delimiter asked for is kept.
    expect((await plan('--format', 'csv', '--delimiter', ',')).stdout.split('\n')[0]).toBe('\uFEFFscenario,skole,bygning,type,år,innkjøpsmåned,budsjettår,prioritet,antall,artikkel,enhetspris,engangskostnad,årlig,leid_per_år,valuta,nettverk,lading,enheter,løpende,tilbakebetalt,prisvekst,reserve,investering,drift,sum,mva,begrunnelse,grunnlag');
    const err = await plan('--format', 'csv', '--lang', 'de').catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('--lang: expected en, nb, sv, da, got "de"');
  });

  it('writes CSV a spreadsheet opens: a row per thing to buy, whose costs add up to one total per school and budget year', async () => {
    const { stdout } = await plan('--format', 'csv', '--delimiter', ';', '--lang', 'en');
    const rows: Record<string, string>[] = parse(stdout, { columns: true, delimiter: ';' });
    const items = rows.filter((r) => r.kind !== 'budget' && r.kind !== 'budget total' && !r.kind?.startsWith('devices: '));
    const schools = rows.filter((r) => r.kind === 'budget');
    const budget = rows.filter((r) => r.kind === 'budget total');
    expect(items.find((r) => r.building === 'Gamlebygget' && r.kind === 'add-access-points')).toMatchObject({ school: 'Nordli ungdomsskole', priority: '1', currency: 'NOK', unit_price: '9500' });
    // Each AP bought: the demo catalogue's 9,500 plus 3,000 installation.
    for (const r of items.filter((r) => r.kind === 'add-access-points' || r.kind === 'replace-access-points')) expect(Number(r.one_off)).toBe(Number(r.quantity) * 12_500);
    const sum = (list: Record<string, string>[], k: string) => list.reduce((n, r) => n + Number(r[k] || 0), 0);
    expect(budget.length).toBeGreaterThan(1);
    for (const total of budget) {
      const year = Number(total.budget_year);
      // Every thing to buy is paid in a budget year; the network and charging parts are what they cost then.
      const paid = items.filter((r) => r.one_off !== '' && Number(r.budget_year) === year);
      expect(Number(total.network) + Number(total.charging), `network ${year}`).toBeCloseTo(sum(paid, 'one_off'), 2);
      // One total per school and budget year: its parts add up to it, and the schools to the municipality's.
      const mine = schools.filter((r) => Number(r.budget_year) === year);
      for (const row of [total, ...mine]) {
        const parts = ['network', 'charging', 'devices', 'running', 'returned', 'price_growth', 'contingency'].reduce((n, k) => n + Number(row[k]), 0);
        expect(Number(row.total), `${row.school} ${year}`).toBeCloseTo(parts, 2);
        expect(Number(row.investment) + Number(row.operating)).toBeCloseTo(Number(row.total), 2);
      }
      for (const k of ['network', 'devices', 'running', 'investment', 'operating', 'total', 'vat']) expect(sum(mine, k), `${k} ${year}`).toBeCloseTo(Number(total[k]), 1);
    }
    // Nothing is paid in a purchase month that has passed: the day's, or a later one.
    const now = new Date();
    for (const r of items.filter((r) => r.purchase_month)) expect(r.purchase_month! >= `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`).toBe(true);
  });

  it('compares two scenarios side by side, and keeps one school year with --year', async () => {
    const { stdout } = await plan('--compare', 'today,one-to-one', '--format', 'json');
    const { scenarios } = JSON.parse(stdout);
    expect(scenarios.map((s: any) => s.scenario)).toEqual(['today', 'one-to-one']);
    const devices = (s: any) => s.buildings.reduce((n: number, b: any) => n + b.years.at(-1).devices, 0);
    expect(devices(scenarios[1])).toBeGreaterThan(devices(scenarios[0]));
    const hourNow = () => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    const hourBefore = hourNow();
    const markdown = (await plan('--compare', 'today,one-to-one', '--format', 'markdown', '--year', '2027', '--lang', 'en')).stdout;
    const hourAfter = hourNow();
    // Each scenario by its title in the reader's language (the demo's policies have one).
    expect(markdown).toContain('## Scenario Today: 1:2 tablets to grade 4');
    expect(markdown).toContain('## Scenario One device per pupil from 2027');
    // Where the measured weeks end, in each scenario, to the hour: the last hour begun when it ran.
    const measured = [...markdown.matchAll(/Measured load: the four weeks to (.+) UTC/g)].map((m) => m[1]);
    expect(measured).toHaveLength(2);
    for (const until of measured) expect([hourBefore, hourAfter]).toContain(until);
    expect(markdown).toMatch(/\| 2027\/28 \|/);
    expect(markdown).not.toMatch(/\| 2026\/27 \|/);

    // One table of both, per budget year: the same budget totals as each plan's, network and devices together, with the difference.
    const table = (await plan('--compare', 'today,one-to-one', '--lang', 'en')).stdout;
    const side = table.split('Side by side, per budget year (network and devices, excluding VAT):\n')[1]!.trim().split('\n');
    const today = 'Today: 1:2 tablets to grade 4';
    const one = 'One device per pupil from 2027';
    expect(side[0]!.split(/\s{2,}/)).toEqual(['budget year', `${today}: total`, `${today}: investment`, `${today}: operating`, `${one}: total`, `${one}: investment`, `${one}: operating`, `${one} - ${today}: total`]);
    const amounts = (line: string) => [...line.matchAll(/([+-]?)([\d,]+) NOK/g)].map((m) => (m[1] === '-' ? -1 : 1) * Number(m[2]!.replaceAll(',', '')));
    for (const line of side.slice(1)) {
      const [today, todayInvestment, todayOperating, one, oneInvestment, oneOperating, diff] = amounts(line);
      // Each figure is rounded on its own: a sum or difference may be one off.
      expect(Math.abs(diff! - (one! - today!))).toBeLessThanOrEqual(1);
      expect(Math.abs(todayInvestment! + todayOperating! - today!)).toBeLessThanOrEqual(1);
      expect(Math.abs(oneInvestment! + oneOperating! - one!)).toBeLessThanOrEqual(1);
      const budgetYear = line.split(/\s+/)[0]!;
      const own = (scenario: any) => scenario.budget.municipality.find((y: any) => String(y.budgetYear) === budgetYear)?.total ?? 0;
      expect(Math.abs(today! - own(scenarios[0]))).toBeLessThanOrEqual(1);
      expect(Math.abs(one! - own(scenarios[1]))).toBeLessThanOrEqual(1);
    }
    expect(side.length).toBeGreaterThan(1);
  });

  it('refuses a scenario that is no device policy, naming the ones there are', async () => {
    const err = await plan('--scenario', 'one-to-on').catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('--scenario: no device policy named "one-to-on" (have: today, one-to-one)');
  });

  it('writes the workbook to the file named, and says it needs one', async () => {
    const missing = await plan('--format', 'xlsx').catch((e) => e);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--output: a workbook is written to a file: add --output plan.xlsx');
    const file = join(data, 'plan.xlsx');
    const { stdout } = await plan('--format', 'xlsx', '--output', file);
    // Said in the workbook's language: the municipality's, or --lang.
    expect(stdout).toBe(`${file}: planen for Fjordvik kommune, one-to-one\n`);
    // A zip archive, as every .xlsx is.
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    const both = await plan('--format', 'xlsx', '--output', file, '--compare', 'today,one-to-one', '--lang', 'en');
    expect(both.stdout).toBe(`${file}: the plan for Fjordvik kommune, today, one-to-one\n`);
  });
});
