// The dashboard in the readers' languages, in a real browser: a Norwegian or Swedish browser gets the
// overview and a building in its language, with dates and numbers written its way, and no English
// left on them; the picker's choice is kept for the account; axe-core finds no serious or
// critical accessibility violation on any page in any language; and every page works by keyboard.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../cli/server.ts';
import { catalogue, LOCALES, type Catalogue, type Locale } from '../../i18n/locales.ts';
import { ARTIFACTS, demoInBrowser } from '../support/browser.ts';

const AXE = join(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
/** Every page, and what shows once it has drawn. */
const PAGES = [
  ['/', '#overview tbody tr'],
  ['/building?id=nu-gamle', '#aps tbody tr'],
  ['/plan', '#plan tbody tr'],
  ['/login', '#login button'],
] as const;
const BROWSER_LOCALE: Record<Locale, string> = { en: 'en-GB', nb: 'nb-NO', sv: 'sv-SE', da: 'da-DK' };

/** Every English message of more than one word that the other language words differently: none may show. */
function englishOnly(other: Locale): string[] {
  const flat = (c: Catalogue, out: string[] = []): string[] => {
    for (const v of Object.values(c)) typeof v === 'string' ? out.push(v) : Array.isArray(v) ? out.push(...v) : flat(v, out);
    return out;
  };
  // Placeholders are cut out: what is left is the fixed text a reader would see.
  const fragments = (l: Locale) => flat(catalogue(l)).flatMap((m) => m.split(/\{\{\s*\w+\s*\}\}/)).map((m) => m.trim().replace(/^[(;,:]\s*|\s*[);,.:]$/g, ''));
  const theirs = new Set(fragments(other));
  return fragments('en').filter((m) => m.split(' ').length > 1 && /[a-z]{3}/.test(m) && !theirs.has(m));
}

describe('the dashboard in Norwegian, Swedish and Danish', () => {
  let demo: Awaited<ReturnType<typeof demoInBrowser>>;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    demo = await demoInBrowser({ seed: 3, historyDays: 2 });
    ({ server, browser } = demo);
  }, 120_000);

  afterAll(() => demo?.stop());

  /** A browser asking for `locale`; `axe` lets the test put axe-core in past the pages' Content-Security-Policy. */
  async function pageIn(locale: Locale, axe = false): Promise<Page> {
    const context = await browser.newContext({ locale: BROWSER_LOCALE[locale], timezoneId: 'Europe/Oslo', viewport: { width: 1400, height: 900 }, bypassCSP: axe });
    return context.newPage();
  }

  for (const [locale, date] of [['nb', /\d{2}\.\d{2}\.\d{4}/], ['sv', /\d{4}-\d{2}-\d{2}/]] as const) {
    it(`shows the overview, a building and the plan in ${locale}, dates its way, and no English of its own`, async () => {
      const page = await pageIn(locale);
      await page.goto(`${server.url}/`);
      await expect.poll(() => page.locator('#overview tbody tr').count()).toBe(6);
      await expect.poll(() => page.locator('#status-line').textContent()).toMatch(/\d{2}[:.]\d{2}[:.]\d{2}/);
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await page.locator('#overview th[data-key="school"] button').textContent()).toBe(catalogue(locale).overview && (catalogue(locale).overview as Catalogue).columns && ((catalogue(locale).overview as Catalogue).columns as Catalogue).school);
      const english = englishOnly(locale);
      const overviewText = await page.locator('body').innerText();
      expect(english.filter((m) => overviewText.includes(m))).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, `overview-${locale}.png`), fullPage: true });

      await page.goto(`${server.url}/building?id=st-nord`);
      await expect.poll(async () => Number(await page.locator('#uplink-chart').getAttribute('data-points')), { timeout: 20_000 }).toBeGreaterThan(0);
      await expect.poll(() => page.locator('#traffic-mix tbody tr').count()).toBe(8);
      await expect.poll(() => page.locator('#status-line').textContent()).toMatch(date);
      const buildingText = await page.locator('body').innerText();
      expect(english.filter((m) => buildingText.includes(m))).toEqual([]);
      // Decimal commas in the Nordic languages: 12,3 Mbit/s, never 12.3.
      expect(await page.locator('#traffic-mix tbody tr td:nth-child(2)').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^(≥ )?\d+,\d$/)]));
      await page.screenshot({ path: join(ARTIFACTS, `building-${locale}.png`), fullPage: true });

      // The plan page: its words, the reasons, and the evidence's labels and values (folded away, so read as text).
      await page.goto(`${server.url}/plan`);
      await expect.poll(() => page.locator('#plan tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      const planText = (await page.locator('body').textContent()) ?? '';
      expect(await page.locator('#plan tbody details dt').first().textContent()).not.toMatch(/^[a-z]+[A-Z]/);
      expect(english.filter((m) => planText.includes(m))).toEqual([]);
      expect(await page.locator('#plan tbody tr td:last-child span').first().textContent()).toMatch(locale === 'nb' ? /trengs|overstiger|behold/ : /behövs|överstiger|behåll/);
      await page.screenshot({ path: join(ARTIFACTS, `plan-${locale}.png`), fullPage: true });
      await page.context().close();
    });
  }

  it('keeps the language chosen in the picker for the browser, over what it asks for', async () => {
    const page = await pageIn('en');
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.selectOption('#language-picker select', 'da');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('da');
    expect(await page.locator('#overview th[data-key="building"] button').textContent()).toBe('Bygning');
    await page.reload();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('da');
    await page.context().close();
  });

  it('has no serious or critical accessibility violation on any page, in any language (axe-core)', async () => {
    const axe = readFileSync(AXE, 'utf8');
    const found: string[] = [];
    for (const locale of LOCALES) {
      const page = await pageIn(locale, true);
      for (const [path, ready] of PAGES) {
        await page.goto(`${server.url}${path}`);
        await page.locator(ready).first().waitFor({ timeout: 20_000 });
        await page.addScriptTag({ content: axe });
        // A string, evaluated in the page: axe is a global there, not in this file's types.
        const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`)) as string[];
        found.push(...violations.map((v) => `${locale} ${path}: ${v}`));
      }
      await page.context().close();
    }
    expect(found).toEqual([]);
  });

  it('works by keyboard on every page: Tab reaches every control, shows where focus is, and the controls act on Enter and Space', async () => {
    const page = await pageIn('en');
    const missed: string[] = [];
    for (const [path, ready] of PAGES) {
      await page.goto(`${server.url}${path}`);
      await page.locator(ready).first().waitFor({ timeout: 20_000 });
      // Every control a mouse could use, numbered so each Tab stop can be told apart.
      // Strings evaluated in the page: the DOM is not in this file's types.
      const controls = (await page.evaluate(`(() => {
        const all = [...document.querySelectorAll('a[href], button, select, input, textarea, summary, [tabindex]:not([tabindex="-1"])')];
        const usable = all.filter((el) => !el.disabled && (el.offsetParent !== null || el.classList.contains('skip')) && !el.closest('details:not([open]) > :not(summary)'));
        usable.forEach((el, i) => el.setAttribute('data-kb', String(i)));
        return usable.map((el) => el.tagName.toLowerCase() + ' ' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30));
      })()`)) as string[];
      const reached = new Set<string>();
      const unmarked: string[] = [];
      for (let i = 0; i < controls.length + 5; i++) {
        await page.keyboard.press('Tab');
        const stop = (await page.evaluate(`(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return undefined;
          const style = getComputedStyle(el);
          return { id: el.getAttribute('data-kb') ?? '', visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2, first: el.className === 'skip' };
        })()`)) as { id: string; visible: boolean; first: boolean } | undefined;
        if (!stop) continue;
        if (i === 0 && path !== '/login' && !stop.first) missed.push(`${path}: the first Tab stop is not the skip link`);
        reached.add(stop.id);
        if (!stop.visible) unmarked.push(`${path}: ${controls[Number(stop.id)] ?? stop.id}`);
      }
      missed.push(...controls.filter((_, i) => !reached.has(String(i))).map((c) => `${path}: never reached: ${c}`), ...unmarked.map((u) => `${u} shows no focus ring`));
    }
    expect(missed).toEqual([]);

    // Sorting the overview: the column's button on Enter, then the other way on Space.
    await page.goto(`${server.url}/`);
    await page.locator('#overview tbody tr').first().waitFor();
    const header = page.locator('#overview th[data-key="building"]');
    await header.locator('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await page.keyboard.press('Space');
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    // The plan's evidence opens from the keyboard.
    await page.goto(`${server.url}/plan`);
    const evidence = page.locator('#plan tbody details').first();
    await evidence.waitFor({ timeout: 20_000 });
    await evidence.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await evidence.getAttribute('open')).not.toBeNull();
    await page.context().close();
  });
});
