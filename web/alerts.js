// The overview's alert panel: what fires or is pending, in words, with acknowledge and silence
// buttons for those whose role may use them. All text via textContent.
/* global d3 */
import { api, ApiError, fmt, pct, t } from './common.js';

const when = (ms) => (ms === undefined ? '' : fmt.dateTime(ms));
const day = (ms) => (ms === undefined ? '' : fmt.date(ms));

function howMuch(a) {
  if (a.unit === 'share') return t('alerts.limit', { value: pct(a.value ?? 0), limit: pct(a.limit) });
  if (a.unit === 'up') return t('alerts.down');
  if (a.unit === 'Mbit/s') return t('alerts.trend', { value: fmt.number(a.value ?? 0), limit: fmt.number(a.limit), when: a.date <= a.since ? t('alerts.reached', { date: day(a.date) }) : t('alerts.reaches', { date: day(a.date) }) });
  return t('alerts.arrive', { date: day(a.date) });
}

function stateWord(a) {
  const state = t(`alerts.state.${a.state}`);
  if (a.suppressedBy) return t('alerts.behind', { state });
  if (a.silencedBy) return t('alerts.silenced', { state });
  if (a.acknowledgedBy) return t('alerts.acknowledged', { state, name: a.acknowledgedBy });
  return state;
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
  d3.select('#alert-count').text(t('overview.alerts.firing', { count: open.filter((a) => a.state === 'firing').length }));
  d3.select('#no-alerts').property('hidden', open.length > 0);
  const tr = d3.select('#alerts tbody').selectAll('tr').data(open, (a) => a.key).join('tr')
    .attr('data-alert', (a) => a.key).attr('class', (a) => `alert ${a.state}`);
  tr.selectAll('td').data((a) => [
    stateWord(a),
    t(`notify.rule.${a.rule}`),
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
        d3.select('#status-line').text(t('alerts.failed', { message: /** @type {Error} */ (err).message }));
      }
    });
    if (!value.acknowledgedBy) act(t('alerts.acknowledge'), () => post('/api/v1/alerts/acknowledge', { key: value.key }));
    if (!value.silencedBy) {
      act(t('alerts.silence'), () => post('/api/v1/alerts/silences', {
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
