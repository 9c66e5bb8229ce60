// `kapasitet serve` on the demo, as a user starts it: a real process, real SNMP on loopback, the
// embedded store, and the API answering what the dashboard shows.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
// The API's answers are checked field by field below; their types are the API's own concern.
const getJson = async (url: string): Promise<any> => (await fetch(url)).json();

describe('kapasitet serve (demo)', () => {
  let child: ChildProcess;
  let base: string;
  let output = '';
  const data = mkdtempSync(join(tmpdir(), 'kapasitet-e2e-'));
  const startedAt = Date.now();

  beforeAll(async () => {
    child = spawn(process.execPath, [join(ROOT, 'bin', 'kapasitet.js'), 'serve', '--port', '0', '--interval', '2', '--data', data], { cwd: data });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 60_000);
      child.stdout!.on('data', () => {
        const url = /dashboard: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      });
    });
    // The promise to a user: within a minute every building shows rates from its own polls (which need
    // two), not only the simulated history written at a first start.
    for (let i = 0; i < 240; i++) {
      const overview = await getJson(`${base}/api/v1/overview`);
      if (overview.municipalities[0].schools.every((s: any) => s.buildings.every((b: any) => b.uplink?.time > startedAt && b.uplink.inMbps !== undefined))) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`e2e: first rates on the page ${Date.now() - startedAt} ms after start`);
    // The plan reads the simulated past's hourly roll-ups: on a loaded machine they are written after
    // the first rates, and a plan asked for before then sees only an hour or two.
    for (let i = 0; i < 400 && !/^demo: \d+ points of simulated history/m.test(output); i++) await new Promise((r) => setTimeout(r, 250));
    // Start-up, the demo's history written beside the first polls, and two polls: on a busy CI
    // machine more than the default minute for a hook.
  }, 150_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    rmSync(data, { recursive: true, force: true });
  });

  it('shows every school and building with uplink load and Wi-Fi clients', async () => {
    // A poll that timed out on a loaded machine starts that device's rates afresh: the poll after it
    // has none yet. Every building has rates again within a few polls.
    const withoutRates = (o: any) => o.municipalities[0].schools.flatMap((s: any) => s.buildings).filter((b: any) => b.uplink?.inMbps === undefined).map((b: any) => b.id);
    await expect.poll(async () => withoutRates(await getJson(`${base}/api/v1/overview`)), { timeout: 20_000, interval: 500 }).toEqual([]);
    const overview = await getJson(`${base}/api/v1/overview`);
    const schools = overview.municipalities[0].schools;
    const buildings = schools.flatMap((s: any) => s.buildings);
    expect(schools).toHaveLength(3);
    expect(overview.headroom).toBe(0.7);
    expect(buildings).toHaveLength(6);
    for (const b of buildings) {
      expect(b.uplink.inMbps, b.id).toBeGreaterThan(0);
      expect(b.clients, b.id).toBeGreaterThan(0);
      expect(b.devicesDown).toEqual([]);
    }
    expect(buildings.reduce((n: number, b: any) => n + b.aps.total, 0)).toBeGreaterThanOrEqual(40);
    const short = buildings.find((b: any) => b.id === 'nu-gamle');
    expect(short.uplink.utilisation).toBeGreaterThan(0.7);
  });

  it('recommends upgrades for the short building, with the figures behind them', async () => {
    const plan = await getJson(`${base}/api/v1/plan`);
    const short = plan.buildings.find((b: any) => b.buildingId === 'nu-gamle');
    expect(short.status).toBe('short');
    expect(short.recommendations.map((r: any) => r.kind).sort()).toEqual(['add-access-points', 'add-poe-switches', 'cable-access-points', 'replace-access-points', 'upgrade-uplink']);
    const uplink = short.recommendations.find((r: any) => r.kind === 'upgrade-uplink');
    expect(uplink.evidence.measuredP95Mbps).toBeGreaterThan(70);
    // Its 100 Mbit/s uplink is flat out: the measurement is a lower bound, and the plan takes the devices' estimate.
    expect(uplink.evidence).toMatchObject({ linkFull: true });
    expect(uplink.reason).toMatch(/^opplinken er full: minst \d+(,\d+)? Mbit\/s målt/);
    for (const y of short.years) expect(y.demandMbps).toBeGreaterThanOrEqual(y.estimateMbps);
    expect(short.years[0].demandMbps).toBeGreaterThan(uplink.evidence.measuredP95Mbps);
    const fine = plan.buildings.find((b: any) => b.buildingId === 'fb-b');
    expect(fine.recommendations).toEqual([]);
    // Costs from the demo catalogue, and the same plan as CSV for the page's download link.
    expect(uplink.cost).toMatchObject({ currency: 'NOK', oneOff: 16_000 });
    // One budget per school and budget year; the first year it spends in carries the urgent work.
    expect(plan.budget.municipality[0].total).toBeGreaterThan(0);
    const csv = await fetch(`${base}/api/v1/plan.csv`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\n')[0]).toBe('scenario,school,building,kind,year,purchase_month,budget_year,priority,quantity,item,unit_price,one_off,yearly,leased_per_year,currency,network,charging,devices,running,returned,price_growth,contingency,investment,operating,total,vat,reason,evidence');
    // The council's workbook, as the page's second download link gives it: the same plan, a sheet per school.
    const xlsx = await fetch(`${base}/api/v1/plan.xlsx?scenario=${plan.scenario}`, { headers: { 'accept-language': 'en' } });
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toMatch(/^attachment; filename="kapasitet-plan-.+\.xlsx"$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(book.worksheets[0]!.name).toBe('Budget');
    // The scenario by its title, in the language asked for.
    expect(book.getWorksheet('Budget')!.getCell('B3').value).toBe('One device per pupil from 2027');
    expect(book.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(plan.schools.map((s: any) => s.schoolName.slice(0, 31))));
    // Two scenarios, as the page links them when one is compared: a comparison sheet in front.
    const other = plan.scenarios.find((s: string) => s !== plan.scenario);
    const compared = await fetch(`${base}/api/v1/plan.xlsx?scenario=${plan.scenario}&compare=${other}`, { headers: { 'accept-language': 'en' } });
    expect(compared.headers.get('content-disposition')).toContain(`${plan.scenario}-vs-${other}.xlsx`);
    const both = new ExcelJS.Workbook();
    await both.xlsx.load(Buffer.from(await compared.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(both.worksheets.slice(0, 2).map((w) => w.name)).toEqual(['Comparison', 'S1 Budget']);
    const unknown = await fetch(`${base}/api/v1/plan.xlsx?compare=one-to-on`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as any).message).toContain('query parameter compare: no device policy named "one-to-on"');
  });

  it('serves the dashboard pages and answers unknown routes and bad queries with JSON errors', async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('/vendor/d3.js');
    expect((await fetch(`${base}/vendor/d3.js`)).status).toBe(200);
    const missing = await fetch(`${base}/api/v1/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 404 });
    const noScenario = await fetch(`${base}/api/v1/plan?scenario=nope`);
    expect(noScenario.status).toBe(400);
    expect(((await noScenario.json()) as any).message).toBe('query parameter scenario: no device policy named "nope" (have: today, one-to-one)');
    const bad = await fetch(`${base}/api/v1/series?measurement=nope&field=in_bps`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).message).toMatch(/^query parameter measurement/);
  });

  it("serves the collector's health as Prometheus metrics", async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    /** The value of the sample with this name and these labels, in whatever order they are written. */
    const sample = (name: string, labels: Record<string, string>) =>
      text
        .split('\n')
        .map((line) => /^(\w+)\{([^}]*)\} (\S+)$/.exec(line))
        .find((m) => m && m[1] === name && Object.entries(labels).every(([k, v]) => m[2]!.split(',').includes(`${k}="${v}"`)))?.[3];
    expect(Number(sample('kapasitet_cycle_duration_seconds_count', { process: 'serve', interval: '2' }))).toBeGreaterThan(0);
    expect(Number(sample('kapasitet_store_write_duration_seconds_count', { process: 'serve', outcome: 'ok' }))).toBeGreaterThan(0);
    expect(sample('kapasitet_devices_down', { process: 'serve', interval: '2' })).toBe('0');
    expect(sample('kapasitet_spool_pending_points', { process: 'serve' })).toBe('0');
    // The demo's router exports IPFIX every 10 s: the receiver reads it, every record on a school line.
    await expect.poll(async () => ((await (await fetch(`${base}/api/v1/health`)).json()) as any).collector.flows?.records ?? 0, { timeout: 25_000 }).toBeGreaterThan(0);
    const health = ((await (await fetch(`${base}/api/v1/health`)).json()) as any).collector.flows;
    expect(health).toMatchObject({ unattributedRecords: 0, dropped: 0, unknownExporters: 0, lostRecords: 0 });
    const again = await (await fetch(`${base}/metrics`)).text();
    expect(again).toMatch(/^kapasitet_flow_records_total\{[^}]*outcome="attributed"[^}]*\} [1-9]/m);
  });

  it('never shows the SNMP community in answers or logs', async () => {
    const inventory = await (await fetch(`${base}/api/v1/inventory`)).text();
    expect(inventory).not.toMatch(/community/i);
    expect(await (await fetch(`${base}/metrics`)).text()).not.toMatch(/community/i);
    expect(output).not.toMatch(/community/i);
  });
});
