// What every page shares: reading the API (a missing login goes to the login page), the banner that
// says who is reading and how, and the municipality picker. Names from the config and from devices
// reach the page only through textContent (d3's .text()), never as HTML.
/* global d3 */
import i18next from '/vendor/i18next.js';

/** The Intl tag each language formats dates, numbers and money with (i18n/locales.ts says the same). */
const INTL_TAG = { en: 'en-GB', nb: 'nb-NO', sv: 'sv-SE', da: 'da-DK' };
const LOCALE_COOKIE = 'kapasitet_locale';
const intl = { tag: 'en-GB', timeZone: undefined };

/**
 * A message from the reader's catalogue (i18n/<locale>.json).
 * @param {string} key
 * @param {Record<string, unknown>} [options]
 * @returns {string}
 */
export const t = (key, options) => /** @type {string} */ (i18next.t(key, options));

/**
 * A traffic class's name in the reader's language; a class of the municipality's own keeps its configured name.
 * @param {{ id: string, name: string }} c
 * @returns {string}
 */
export const className = (c) => (i18next.exists(`traffic.class.${c.id}`) ? t(`traffic.class.${c.id}`) : c.name);

/**
 * The page's elements that match `selector`, as HTML elements (with their data- attributes).
 * @param {string} selector
 * @returns {NodeListOf<HTMLElement>}
 */
const elements = (selector) => document.querySelectorAll(selector);

/**
 * A data- attribute of the element a d3 callback runs on (its `this`); '' where it has none.
 * @param {unknown} element
 * @param {string} name
 */
export const dataOf = (element, name) => /** @type {HTMLElement} */ (element).dataset[name] ?? '';

/**
 * The value chosen in the <select> (or typed in the <input>) an event came from.
 * @param {Event} e
 */
export const selected = (e) => /** @type {HTMLSelectElement | HTMLInputElement} */ (e.target).value;

/**
 * Loads the catalogue of `locale` and puts it on the page: every element with data-i18n gets its
 * text, data-i18n-label its aria-label, data-i18n-placeholder its placeholder. Dates and times are
 * then formatted in the language and in `timeZone` (the municipality's).
 */
export async function startI18n(locale, timeZone) {
  const res = await fetch(`/i18n/${locale}.json`);
  // Messages go into the page by textContent only, so i18next need not escape them.
  await i18next.init({ lng: locale, resources: { [locale]: { translation: await res.json() } }, interpolation: { escapeValue: false }, returnNull: false, returnEmptyString: true });
  intl.tag = INTL_TAG[locale] ?? 'en-GB';
  intl.timeZone = timeZone;
  document.documentElement.lang = locale;
  for (const el of elements('[data-i18n]')) el.textContent = t(el.dataset.i18n ?? '');
  for (const el of elements('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel ?? ''));
  for (const el of elements('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder ?? ''));
}

/** The language for a page without a session (the login page): the one chosen before in this browser, else the browser's own. */
export function browserLocale() {
  const chosen = document.cookie.split('; ').find((c) => c.startsWith(`${LOCALE_COOKIE}=`))?.slice(LOCALE_COOKIE.length + 1);
  if (chosen && INTL_TAG[chosen]) return chosen;
  const alias = { no: 'nb', nn: 'nb', nb: 'nb', sv: 'sv', da: 'da', en: 'en' };
  return navigator.languages.map((l) => alias[l.split('-')[0].toLowerCase()]).find(Boolean) ?? 'en';
}

/** Numbers, shares, dates and times in the reader's language and the municipality's time zone. */
export const fmt = {
  number: (n, digits = 0) => new Intl.NumberFormat(intl.tag, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n),
  percent: (x) => new Intl.NumberFormat(intl.tag, { style: 'percent', maximumFractionDigits: 0 }).format(x),
  money: (n, currency) => (currency ? new Intl.NumberFormat(intl.tag, { style: 'currency', currency, maximumFractionDigits: 0 }).format(n) : new Intl.NumberFormat(intl.tag, { maximumFractionDigits: 0 }).format(n)),
  dateTime: (ms) => new Intl.DateTimeFormat(intl.tag, { dateStyle: 'short', timeStyle: 'short', timeZone: intl.timeZone }).format(ms),
  date: (ms) => new Intl.DateTimeFormat(intl.tag, { dateStyle: 'short', timeZone: intl.timeZone }).format(ms),
  time: (ms) => new Intl.DateTimeFormat(intl.tag, { timeStyle: 'medium', timeZone: intl.timeZone }).format(ms),
  weekdayHour: (ms) => new Intl.DateTimeFormat(intl.tag, { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone: intl.timeZone }).format(ms),
  /** Bytes in the SI units a network engineer reads: 7,1 GB. */
  bytes: (n) => {
    const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
    let i = 0;
    for (; n >= 1000 && i < units.length - 1; i++) n /= 1000;
    return `${new Intl.NumberFormat(intl.tag, { maximumFractionDigits: n < 10 ? 1 : 0 }).format(n)} ${units[i]}`;
  },
  /** A time axis's label: the hour within two days, the date beyond. */
  tick: (ms, spanMs) => new Intl.DateTimeFormat(intl.tag, spanMs <= 2 * 86_400_000 ? { hour: '2-digit', minute: '2-digit', timeZone: intl.timeZone } : { day: 'numeric', month: 'short', timeZone: intl.timeZone }).format(ms),
  long: (ms) => new Intl.DateTimeFormat(intl.tag, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: intl.timeZone }).format(ms),
  /** "juni 2027": a purchase's month, a calendar month wherever the reader is (read in UTC). */
  month: ({ year, month }) => new Intl.DateTimeFormat(intl.tag, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 15)),
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GETs JSON from the API; a 401 sends the reader to log in and come back. */
export async function api(path) {
  const res = await fetch(path, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (res.status === 401) {
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    throw new ApiError(401, 'not logged in');
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body.message ?? res.statusText);
  return body;
}

/** The query parameter `name` of this page's URL, or undefined. */
export const param = (name) => new URLSearchParams(location.search).get(name) ?? undefined;

/** Fills the header: who is reading, the demo or anonymous notice, a log-out button, the language. Returns the session. */
export async function session() {
  const me = await api('/api/v1/session');
  const shown = me.municipalities.find((m) => m.id === param('municipality')) ?? me.municipalities[0];
  await startI18n(me.locale, shown?.timezone);
  const who = d3.select('#who');
  who.selectAll('*').remove();
  if (me.kind === 'anonymous') who.append('span').text(t('common.who.anonymous'));
  else if (me.via) {
    const names = me.municipalities.map((m) => m.name).join(', ');
    who.append('span').text(t('common.who.signedIn', { name: me.name, provider: me.via, role: t(`common.role.${me.role}`), municipalities: names }));
  } else who.append('span').text(`${me.name} · ${t(`common.role.${me.role}`)}`);
  if (me.kind === 'user') {
    who.append('button').attr('type', 'button').text(t('common.who.logOut')).on('click', async () => {
      const res = await fetch('/api/v1/session', { method: 'DELETE', credentials: 'same-origin' });
      // Logged in through a provider: its session ends too, and it sends the browser back to /login.
      const { logoutUrl } = res.status === 200 ? await res.json() : {};
      location.assign(logoutUrl ?? '/login');
    });
  } else if (me.kind === 'anonymous') {
    who.append('a').attr('href', `/login?next=${encodeURIComponent(location.pathname + location.search)}`).text(t('common.who.logIn'));
  }
  pickLanguage(me);
  // The anonymous notice in the reader's language; a notice of another kind as the server words it.
  const notice = me.kind === 'anonymous' && me.notice ? t('common.anonymousNotice', { host: location.hostname }) : me.notice;
  const notes = [me.demo ? t('common.demo') : null, notice ?? null].filter(Boolean);
  d3.select('#notice').property('hidden', notes.length === 0).text(notes.join(' '));
  showOutage(me.storeDownSince);
  d3.selectAll('nav a[data-needs]').property('hidden', function () {
    return !me.permissions.includes(dataOf(this, 'needs'));
  });
  return me;
}

/** The language picker: the choice is kept for the account (and the browser), and the page reloads in it. */
function pickLanguage(me) {
  const select = d3.select('#language-picker select');
  select.selectAll('option').data(me.locales).join('option')
    .attr('value', (l) => l.id).attr('lang', (l) => l.id).property('selected', (l) => l.id === me.locale).text((l) => l.name);
  select.on('change', async (e) => {
    await fetch('/api/v1/session/locale', { method: 'PUT', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: selected(e) }) });
    location.reload();
  });
}

/**
 * The municipality this page shows: from ?municipality=, else the reader's first. A picker appears
 * when the reader may see several; choosing one reloads the page for it.
 */
export function pickMunicipality(me) {
  const wanted = param('municipality');
  const current = me.municipalities.find((m) => m.id === wanted) ?? me.municipalities[0];
  const label = d3.select('#municipality-picker').property('hidden', me.municipalities.length < 2);
  label.select('select').selectAll('option').data(me.municipalities).join('option')
    .attr('value', (m) => m.id).property('selected', (m) => m.id === current?.id).text((m) => m.name);
  label.select('select').on('change', (e) => {
    const url = new URL(location.href);
    url.searchParams.set('municipality', selected(e));
    location.assign(url);
  });
  return current;
}

/**
 * The live feed: `onOverview(overview)` after each stored poll. While the store does not answer, the
 * server sends "outage" instead, and the page says so until the next overview arrives.
 */
export function watchLive(onOverview) {
  const live = new EventSource('/api/v1/live');
  live.addEventListener('overview', (e) => {
    showOutage(undefined);
    onOverview(JSON.parse(e.data));
  });
  live.addEventListener('outage', (e) => showOutage(JSON.parse(e.data).since));
  return live;
}

/** Says above the page since when the measurement store has not answered; hidden when `since` is undefined. */
function showOutage(since) {
  const text = since === undefined ? '' : t('common.outage', { since: fmt.dateTime(since) });
  d3.select('#outage').property('hidden', since === undefined).text(text);
}

/** Shows an error where the page's status line is, in words. */
export function showError(err) {
  d3.select('#status-line').text(t(err instanceof ApiError && err.status === 403 ? 'common.error.forbidden' : 'common.error.load', { message: err.message }));
}

export const fmt1 = (n) => fmt.number(n, 1);

/** "2026/27": a school year by the calendar years it spans. */
export const schoolYear = (y) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`;

/** The budget's amounts, in the order its tables give them. */
const BUDGET_COLUMNS = ['network', 'charging', 'devices', 'running', 'returned', 'priceGrowth', 'contingency', 'investment', 'operating', 'total', 'vat'];
/** The totals a budget table always shows; a part is shown where some line spends on it (no growth configured, no column). */
const BUDGET_TOTALS = new Set(['investment', 'operating', 'total', 'vat']);
/** @param {Record<string, number>[]} lines @returns {string[]} */
export const budgetColumns = (lines) => BUDGET_COLUMNS.filter((k) => BUDGET_TOTALS.has(k) || lines.some((l) => l[k] !== 0));

/** "2026" for calendar budget years, "2026/27" for budget years starting in another month. */
export const budgetYearLabel = (plan, year) => (plan.investment.budgetYearStartMonth === 1 ? String(year) : schoolYear(year));
export const pct = (x) => fmt.percent(x);

/** Status words, never colour alone: the class colours them, the text says them. */
export const statusLabel = (status) => t(`common.status.${status}`);
