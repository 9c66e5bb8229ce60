// The overview's alert panel: what fires or is pending, in words, with acknowledge and silence
// buttons for those whose role may use them. All text via textContent.
/* global d3 */
import { api, ApiError, pct } from './common.js';

const when = (ms) => (ms === undefined ? '' : new Date(ms).toLocaleString());
const day = (ms) => (ms === undefined ? '' : new Date(ms).toLocaleDateString());

function howMuch(a) {
  if (a.unit === 'share') return `${pct(a.value ?? 0)} (limit ${pct(a.limit)})`;
  if (a.unit === 'up') return 'down';
  if (a.unit === 'Mbit/s') return `${Math.round(a.value ?? 0)} of ${Math.round(a.limit)} Mbit/s; ${a.date <= a.since ? `limit reached in the week of ${day(a.date)}` : `reaches it ${day(a.date)}`}`;
  return `devices arrive ${day(a.date)}`;
}

function stateWord(a) {
  if (a.suppressedBy) return `${a.state} (behind a device that is down)`;
  if (a.silencedBy) return `${a.state} (silenced)`;
  if (a.acknowledgedBy) return `${a.state} (acknowledged by ${a.acknowledgedBy})`;
  return a.state;
}

async function post(path, body) {
  const res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, answer.message ?? res.statusText);
  return answer;
}

/** Draws the open alerts; `canAct` shows the buttons; returns the firing count per building. */
export async function renderAlerts(municipalityId, canAct, onChange) {
  const { alerts } = await api(`/api/v1/alerts?municipality=${encodeURIComponent(municipalityId ?? '')}`);
  const open = alerts.filter((a) => a.state !== 'resolved' && a.municipality === municipalityId);
  d3.select('#alert-count').text(`(${open.filter((a) => a.state === 'firing').length} firing)`);
  d3.select('#no-alerts').property('hidden', open.length > 0);
  const tr = d3.select('#alerts tbody').selectAll('tr').data(open, (a) => a.key).join('tr')
    .attr('data-alert', (a) => a.key).attr('class', (a) => `alert ${a.state}`);
  tr.selectAll('td').data((a) => [
    stateWord(a),
    a.title,
    [a.schoolName, a.buildingName, a.name].filter(Boolean).join(' · '),
    howMuch(a),
    when(a.since),
    a.fix ?? '',
    a,
  ]).join('td').each(function (value, i) {
    const td = d3.select(this);
    td.selectAll('*').remove();
    if (i < 6) return void td.text(value);
    td.text(null);
    if (!canAct || value.state !== 'firing') return;
    const act = (label, fn) => td.append('button').attr('type', 'button').text(label).on('click', async () => {
      try {
        await fn();
        onChange();
      } catch (err) {
        d3.select('#status-line').text(`Could not ${label.toLowerCase()}: ${err.message}`);
      }
    });
    if (!value.acknowledgedBy) act('Acknowledge', () => post('/api/v1/alerts/acknowledge', { key: value.key }));
    if (!value.silencedBy) {
      act('Silence 4 h', () => post('/api/v1/alerts/silences', {
        ...(value.building ? { building: value.building } : { school: value.school }),
        rule: value.rule,
        until: new Date(Date.now() + 4 * 3600_000).toISOString(),
        comment: 'silenced from the dashboard',
      }));
    }
  });
  const perBuilding = new Map();
  for (const a of open.filter((x) => x.state === 'firing' && x.building)) perBuilding.set(a.building, (perBuilding.get(a.building) ?? 0) + 1);
  return perBuilding;
}
