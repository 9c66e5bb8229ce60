// Logs in with a JSON POST (which another site cannot send without CORS), then returns to the page
// that asked, if it is one of ours. The form is hidden until its submit is this script's: should it
// be sent without the script, it posts (never a password in the address) and the server sends it
// back here to log in again.
/* global d3 */
import { browserLocale, param, startI18n, t } from './common.js';
import { pathOnThisSite } from './next.js';

// No session yet: the language chosen before in this browser, else the browser's own.
await startI18n(browserLocale());

/**
 * The identity providers first, each a link that begins its login; the password form where local
 * login is on. A login the server refused comes back here with the reason, said in words.
 */
async function showWays() {
  const { localLogin, providers } = await (await fetch('/api/v1/login/providers', { credentials: 'same-origin' })).json();
  const next = param('next');
  d3.select('#providers').selectAll('li').data(providers).join('li')
    .append('a').attr('class', 'button').attr('href', (p) => `${p.href}${next ? `?next=${encodeURIComponent(pathOnThisSite(next, location.origin))}` : ''}`)
    .text((p) => t('login.with', { provider: p.name }));
  d3.select('#login').property('hidden', !localLogin);
  d3.select('#local-heading').property('hidden', providers.length === 0);
  const reason = param('refused');
  if (reason) {
    const provider = providers.find((p) => p.id === param('provider'));
    const name = provider?.name ?? param('provider') ?? '';
    const key = ['no-role', 'expired', 'failed', 'unavailable', 'unknown', 'unfinished'].includes(reason) ? reason : 'failed';
    d3.select('#refused').property('hidden', false).text(t(`login.refused.${key}`, { provider: name, contact: provider?.contact ?? t('login.refused.no-role-default') }));
  }
}
d3.select('#login').on('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(/** @type {HTMLFormElement} */ (event.target));
  const res = await fetch('/api/v1/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: form.get('name'), password: form.get('password') }),
  });
  if (res.ok) {
    location.assign(pathOnThisSite(param('next'), location.origin));
    return;
  }
  const body = await res.json().catch(() => ({}));
  // The refusals a user meets, in the page's language; anything else as the server words it.
  const wait = Number(res.headers.get('retry-after'));
  const said = res.status === 401 ? t('login.wrong') : res.status === 429 && wait > 0 ? t('login.wait', { count: wait }) : (body.message ?? t('login.failed', { status: res.status }));
  d3.select('#status-line').text(said);
});

try {
  await showWays();
} catch {
  // Without the list, the password form at least.
  d3.select('#login').property('hidden', false);
}

