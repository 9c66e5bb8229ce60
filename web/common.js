// What every page shares: reading the API (a missing login goes to the login page), the banner that
// says who is reading and how, and the municipality picker. Names from the config and from devices
// reach the page only through textContent (d3's .text()), never as HTML.
/* global d3 */

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

/** Fills the header: who is reading, the demo or anonymous notice, a log-out button. Returns the session. */
export async function session() {
  const me = await api('/api/v1/session');
  const who = d3.select('#who');
  who.selectAll('*').remove();
  if (me.kind === 'anonymous') who.append('span').text('Not logged in (read-only)');
  else who.append('span').text(`${me.name} · ${me.role}`);
  if (me.kind === 'user') {
    who.append('button').attr('type', 'button').text('Log out').on('click', async () => {
      await fetch('/api/v1/session', { method: 'DELETE', credentials: 'same-origin' });
      location.assign('/login');
    });
  } else if (me.kind === 'anonymous') {
    who.append('a').attr('href', `/login?next=${encodeURIComponent(location.pathname + location.search)}`).text('Log in');
  }
  const notes = [me.demo ? 'Demo mode: a simulated municipality on this machine.' : null, me.notice ?? null].filter(Boolean);
  d3.select('#notice').property('hidden', notes.length === 0).text(notes.join(' '));
  showOutage(me.storeDownSince);
  d3.selectAll('nav a[data-needs]').property('hidden', function () {
    return !me.permissions.includes(this.dataset.needs);
  });
  return me;
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
    url.searchParams.set('municipality', e.target.value);
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
  const text = since === undefined ? '' : `The measurement store has not answered since ${new Date(since).toLocaleString()}. The figures here are from before then; polls are kept on disk and appear once it answers.`;
  d3.select('#outage').property('hidden', since === undefined).text(text);
}

/** Shows an error where the page's status line is, in words. */
export function showError(err) {
  d3.select('#status-line').text(err instanceof ApiError && err.status === 403 ? `Your role may not see this: ${err.message}` : `Could not load: ${err.message}`);
}

export const fmt1 = d3.format('.1f');
export const pct = d3.format('.0%');

/** Status words, never colour alone: the class colours them, the text says them. */
export const STATUS_LABEL = { ok: 'ok', warning: 'warning', short: 'short', unknown: 'no data yet' };
