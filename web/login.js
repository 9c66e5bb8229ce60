// Logs in with a JSON POST (which another site cannot send without CORS), then returns to the page
// that asked, if it is one of ours.
/* global d3 */
import { browserLocale, param, startI18n, t } from './common.js';
import { pathOnThisSite } from './next.js';

// No session yet: the language chosen before in this browser, else the browser's own.
await startI18n(browserLocale());

d3.select('#login').on('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
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
  d3.select('#status-line').text(body.message ?? t('login.failed', { status: res.status }));
});
