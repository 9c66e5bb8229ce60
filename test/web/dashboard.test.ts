// The dashboard in a real browser (Debian's Chromium) against a running Kapasitet: the demo's
// simulated agents polled over SNMP, the embedded store, the API. One access point is named like
// an attack, as a compromised or careless device could report it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../cli/server.ts';
import { ARTIFACTS, demoInBrowser } from '../support/browser.ts';
import { installed } from '../support/servers.ts';

const EVIL = '<img src=x onerror=alert(1)>';

describe('dashboard in Chromium', () => {
  let demo: Awaited<ReturnType<typeof demoInBrowser>>;
  let server: RunningServer;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    demo = await demoInBrowser({
      seed: 7,
      historyDays: 7,
      configure: (config) => {
        config.schools.flatMap((s) => s.buildings).find((b) => b.id === 'nu-gamle')!.accessPoints[0]!.name = EVIL;
      },
    });
    server = demo.server;
    page = await demo.browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 120_000);

  afterAll(() => demo?.stop());

  it('lists every building on the overview, updates from the live stream, sorts by keyboard and filters', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('#overview tbody tr').count()).toBe(6);
    const names = await page.locator('#overview tbody tr td:nth-child(2)').allTextContents();
    expect(names.sort()).toEqual(['A-bygget (1.–4. trinn)', 'B-bygget (5.–7. trinn)', 'Gamlebygget', 'Hovedbygget', 'Nordfløyen (1.–4. trinn)', 'Sørfløyen (5.–10. trinn)']);
    await expect.poll(() => page.locator('#notice').textContent()).toMatch(/Demo mode.*loopback/);
    // A poll is stored every 2 s; the page changes without a reload.
    const before = await page.locator('#status-line').textContent();
    const waited = Date.now();
    await expect.poll(() => page.locator('#status-line').textContent(), { timeout: 15_000 }).not.toBe(before);
    console.log(`web: the overview updated from the live stream ${Date.now() - waited} ms after being read`);

    await page.locator('#overview th[data-key="building"] button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#overview th[data-key="building"]').getAttribute('aria-sort')).toBe('ascending');
    expect(await page.locator('#overview tbody tr:first-child td:nth-child(2)').textContent()).toBe('A-bygget (1.–4. trinn)');
    await page.fill('#filter', 'storeng');
    await expect.poll(() => page.locator('#overview tbody tr').count()).toBe(2);
    await page.fill('#filter', '');
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });
  });

  it('opens a building and draws its charts with data, an AP named like markup shown as text', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('#overview a', { hasText: 'Gamlebygget' }).click();
    await page.waitForURL(/\/building\?id=nu-gamle/);
    for (const chart of ['#uplink-chart', '#internet-chart', '#clients-chart', '#cu-chart']) {
      await expect.poll(async () => Number(await page.locator(chart).getAttribute('data-points')), { timeout: 20_000, message: chart }).toBeGreaterThan(0);
    }
    await expect.poll(() => page.locator('#heatmap rect.cell').count()).toBeGreaterThan(0);
    expect(await page.locator('#building-name').textContent()).toBe('Nordli ungdomsskole · Gamlebygget');
    // Lines in the SVG, not just an axis: the uplink chart has its in and out paths drawn.
    expect(await page.locator('#uplink-chart path.series').count()).toBe(2);

    expect(await page.locator('#aps tbody tr[data-ap="nu-gamle-ap01"] td').first().textContent()).toBe(EVIL);
    // Wi-Fi per band, from the controller's radio types: 2.4 and 5 GHz, a radio of each per AP.
    await expect.poll(() => page.locator('#bands tbody tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-band'), r.children[1]?.textContent]))).toEqual([
      ['2.4GHz', '2'],
      ['5GHz', '2'],
    ]);
    expect(await page.locator('#clients-chart .legend title', { hasText: EVIL }).count()).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);

    await page.click('button[data-range="week"]');
    await expect.poll(() => page.locator('button[data-range="week"]').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => Number(await page.locator('#uplink-chart').getAttribute('data-points')), { timeout: 20_000 }).toBeGreaterThan(100);
    await page.screenshot({ path: join(ARTIFACTS, 'building.png'), fullPage: true });
  });

  it("shows what fills a school's line: classes stacked against capacity, the busy hour's mix, and what to classify", async () => {
    // The overview names the class that filled most of each line at its busy hour: Storeng's Tuesday update storm.
    // The demo writes its history while the server already answers, and a page reads the busy hours
    // once an hour: one opened before the history was rolled up and summarised is opened again.
    const biggestClass = async () => {
      await page.goto(`${server.url}/`);
      const cell = page.locator('#overview tbody tr[data-building="st-nord"] td:nth-child(4)');
      await cell.filter({ hasText: '(' }).waitFor({ timeout: 5000 }).catch(() => undefined);
      return cell.textContent();
    };
    // Its busy hour is the storm's, Tuesday 08:15–10:00. Until the first maintenance run has rolled up
    // the whole history (a minute or more on a loaded machine), busy hours, here and in the plan
    // below, come from the hours rolled up so far: the history's first night, or the last day's raw points.
    await expect.poll(biggestClass, { timeout: 120_000, interval: 1000 }).toMatch(/^Operating-system and app updates ≥ \d+ ?% \(Tue 0[89]:00\)$/);
    await page.goto(`${server.url}/building?id=st-nord`);
    await expect.poll(() => page.locator('#traffic-section').isVisible()).toBe(true);
    await expect.poll(async () => Number(await page.locator('#traffic-chart').getAttribute('data-points')), { timeout: 20_000 }).toBeGreaterThan(0);
    // One stacked layer per class the line carried, and the line's capacity drawn over them.
    expect(Number(await page.locator('#traffic-chart').getAttribute('data-layers'))).toBe(8);
    expect(await page.locator('#traffic-chart path.layer').count()).toBe(8);
    expect(await page.locator('#traffic-chart g.rules line.rule.capacity').count()).toBe(1);
    // The table beside the chart: the busy hour's classes, biggest first, with their priority.
    await expect.poll(() => page.locator('#traffic-mix tbody tr').count()).toBe(8);
    const first = await page.locator('#traffic-mix tbody tr').first().locator('td').allTextContents();
    expect(first[0]).toBe('Operating-system and app updates');
    expect(first[4]).toBe('yes');
    const unclassified = await page.locator('#unclassified tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(unclassified[0]?.slice(0, 2)).toEqual(['203.0.113.0/24', 'tcp/8443']);
    expect(await page.locator('#unclassified-hint').textContent()).toContain('flows.classes[].match[].prefixes');
    await page.locator('#traffic-section').screenshot({ path: join(ARTIFACTS, 'traffic.png') });

    // The plan says to move the updates instead of buying the next tier, and what that tier costs.
    await page.goto(`${server.url}/plan`);
    const move = page.locator('#plan tbody tr', { hasText: 'Move updates out of school hours' });
    // A failure shows the rows: which schools were told to move their updates, and why.
    let rows: string[] = [];
    await expect
      .poll(async () => (rows = await move.allTextContents()).length, { timeout: 20_000 })
      .toBe(1)
      .catch((err: Error) => {
        throw new Error(`${err.message}\nthe rows:\n${rows.join('\n')}`);
      });
    // The tier is 500 Mbit/s, or 1000 where Storeng's 300 Mbit/s line measured full (≥ 270) and its 351 devices' estimate sizes it.
    expect(await move.textContent()).toMatch(/avoids the (500 Mbit\/s tier \(60,000|1000 Mbit\/s tier \(96,000) NOK a year and 10,000 NOK to install\); keep that upgrade as the fallback/);
    expect(await page.locator('#plan tbody tr', { hasText: 'Prioritise traffic (QoS)' }).filter({ hasText: 'Storeng skole' }).textContent()).toContain('1 Video meetings AF41 (DSCP 34)');
  });

  it('changes the scenario on the plan page and shows other totals, and compares scenarios side by side', async () => {
    await page.goto(`${server.url}/plan`);
    await expect.poll(() => page.locator('#budget tbody tr').count()).toBeGreaterThan(0);
    const first = await page.locator('#scenario').inputValue();
    const totals = await page.locator('#budget tbody').textContent();
    const other = first === 'today' ? 'one-to-one' : 'today';
    await page.selectOption('#scenario', other);
    // Scenarios by their titles in the reader's language.
    const title = (name: string) => (name === 'today' ? 'Today: 1:2 tablets to grade 4' : 'One device per pupil from 2027');
    await expect.poll(() => page.locator('#scenario-name').textContent()).toBe(title(other));
    await expect.poll(() => page.locator('#budget tbody').textContent()).not.toBe(totals);
    // The devices apart from the network: a row per school, type and year, replacements where the demo's base ages out.
    await expect.poll(() => page.locator('#fleet tbody tr').count()).toBeGreaterThan(0);
    const fleet = await page.locator('#fleet tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(fleet.some((cells) => cells[0] === 'Nordli ungdomsskole' && cells[1] === 'laptop' && Number(cells[5]) > 0)).toBe(true);
    // One total per school and budget year (calendar years here), then the municipality's: each the sum
    // of its parts, and investment + operating; every figure rounded on its own, so within a krone per part.
    const amount = (text: string) => (/^\s*[−-]/.test(text) ? -1 : 1) * Number(text.replace(/[^\d]/g, ''));
    const budget = await page.locator('#budget tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({ school: r.children[0]!.textContent, year: r.children[1]!.textContent, ...Object.fromEntries([...r.querySelectorAll('td[data-column]')].map((c) => [c.getAttribute('data-column'), c.textContent ?? ''])) })),
    );
    expect(budget.filter(({ school }) => school === 'Municipality total').length).toBeGreaterThan(1);
    for (const row of budget) {
      expect(row.year).toMatch(/^20\d\d$/);
      // A part the plan spends nothing on is left out of the table: it counts as 0.
      const part = (k: string) => amount((row as Record<string, string>)[k] ?? '0');
      const parts = ['network', 'charging', 'devices', 'running', 'returned', 'priceGrowth', 'contingency'].reduce((n, k) => n + part(k), 0);
      expect(Math.abs(part('total') - parts)).toBeLessThanOrEqual(7);
      expect(Math.abs(part('total') - (part('investment') + part('operating')))).toBeLessThanOrEqual(2);
    }
    // Nothing is paid in a purchase month gone by: December's plan pays its urgent work next June.
    const when = await page.locator('#plan tbody tr td:nth-child(5)').allTextContents();
    expect(when.some((w) => /paid (June|juni) 20\d\d/.test(w))).toBe(true);

    await page.check(`#compare input[value="${first}"]`);
    await expect.poll(() => page.locator('#comparison-section').isVisible()).toBe(true);
    expect(await page.locator('#comparison thead th').allTextContents()).toEqual(['', title(other), title(first), `${title(first)} − ${title(other)}`]);
    // The same budget totals as each scenario's own table, network and devices together, and the difference a planner asks for.
    const totalRows = await page.locator('#comparison tbody tr', { has: page.locator('th', { hasText: /^Total, budget year / }) }).evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
    expect(totalRows.length).toBeGreaterThan(0);
    // Each figure is rounded on its own: the difference may be one off the difference of the rounded.
    for (const [, a, b, d] of totalRows) expect(Math.abs(amount(d!) - (amount(b!) - amount(a!)))).toBeLessThanOrEqual(1);
    expect(totalRows.some(([, a, b]) => a !== b)).toBe(true);
    // Per building and school year: devices and access points in each scenario, and the difference.
    const perBuilding = await page.locator('#comparison-buildings tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
    expect(perBuilding.length).toBeGreaterThan(0);
    for (const [, , devA, apA, devB, apB, devDiff, apDiff] of perBuilding) {
      expect(amount(devDiff!)).toBe(amount(devB!) - amount(devA!));
      expect(amount(apDiff!)).toBe(amount(apB!) - amount(apA!));
    }
    expect(perBuilding.some(([, , devA, , devB]) => devA !== devB)).toBe(true);
    // The chart beside the table: a bar per scenario and budget year, and the rows behind it.
    const budgetRows = await page.locator('#comparison tbody th', { hasText: /^Total, budget year / }).count();
    expect(budgetRows).toBeGreaterThan(0);
    expect(Number(await page.locator('#comparison-chart').getAttribute('data-bars'))).toBe(2 * budgetRows);
    expect(await page.locator('#comparison-chart rect.bar title').first().textContent()).toMatch(new RegExp(`^(${title(other)}|${title(first)}), \\d{4}: `));
    expect(await page.locator('#plan tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#csv').getAttribute('href')).toContain(`scenario=${other}`);
    // The workbook link carries both scenarios on the page, the chosen one in front.
    const xlsx = new URL((await page.locator('#xlsx').getAttribute('href'))!, 'http://page');
    expect([xlsx.searchParams.get('scenario'), xlsx.searchParams.get('compare')]).toEqual([other, first]);
    await page.screenshot({ path: join(ARTIFACTS, 'plan.png'), fullPage: true });
    expect(dialogs).toEqual([]);
  });

  it.runIf(installed('pdftotext'))("prints each school's one-page summary to one A4 page: its buildings, what to buy per budget year, its budget", async () => {
    await page.goto(`${server.url}/plan`);
    await expect.poll(() => page.locator('#summary-links a').count()).toBe(3);
    const links = await page.locator('#summary-links a').evaluateAll((as) => as.map((a) => [a.textContent!, a.getAttribute('href')!]));
    for (const [school, href] of links) {
      await page.goto(`${server.url}${href}`);
      await page.waitForSelector('body[data-ready]');
      const pdf = join(ARTIFACTS, `summary-${school.replaceAll(' ', '-')}.pdf`);
      await page.pdf({ path: pdf, format: 'A4', printBackground: true });
      const info = execFileSync('pdfinfo', [pdf]).toString();
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1]), school).toBe(1);
      expect(info).toMatch(/Page size:\s+59\d(\.\d+)? x 84\d(\.\d+)? pts \(A4\)/);
      const text = execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s+/g, ' ');
      expect(text).toContain(school);
      expect(text).toMatch(/Buildings: what is short and why .* What to buy, per budget year .* The school's budget, excluding VAT/);
      // The school's budget lines are the plan's: the first year's total as the plan page gives it.
      const total = await page.locator('#school-budget tbody tr').first().locator('td').last().textContent();
      expect(text).toContain(total!);
      expect(text).not.toContain('Live load');
    }
    // The building page links to its school's summary.
    await page.goto(`${server.url}/building?id=nu-gamle`);
    await expect.poll(() => page.locator('#summary-link').getAttribute('href')).toContain('school=nordli-ungdomsskole');
  });

  it.runIf(installed('pdftotext'))('prints the plan to A4 with a title block and every school\'s rows, without the page\'s controls', async () => {
    await page.goto(`${server.url}/plan`);
    await expect.poll(() => page.locator('#plan tbody tr').count()).toBeGreaterThan(0);
    const pdf = join(ARTIFACTS, 'plan.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    // In reading order, with line breaks inside table cells joined up.
    const text = execFileSync('pdftotext', [pdf, '-']).toString().replace(/\s+/g, ' ');
    const scenario = (await page.locator('#scenario option:checked').textContent())!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Where the measured weeks end too: a printout is read long after it was made.
    expect(text).toMatch(new RegExp(`Upgrade plan\\s+Fjordvik kommune · scenario ${scenario} · planned \\d{4}-\\d{2}-\\d{2} · measured to \\S*\\d`));
    for (const school of ['Fjordvik barneskole', 'Nordli ungdomsskole', 'Storeng skole']) expect(text, school).toContain(school);
    // The controls are the screen's: no picker, no download link, no navigation in the printout.
    expect(text).not.toContain('Download as CSV');
    expect(text).not.toContain('Device policy scenario');
    expect(text).not.toContain('Live load');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())![1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(execFileSync('pdfinfo', [pdf]).toString()).toMatch(/Page size:\s+59\d(\.\d+)? x 84\d(\.\d+)? pts \(A4\)/);
  });
});
