// Logs in with a JSON POST (which another site cannot send without CORS), then returns to the page
// that asked, if it is one of ours.
/* global d3 */
import { param } from './common.js';
import { pathOnThisSite } from './next.js';

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
  d3.select('#status-line').text(body.message ?? `login failed (${res.status})`);
});
