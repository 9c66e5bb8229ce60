// The live overview: every school and building with its load now, sortable and filterable, updated
// by the server's live stream after each poll (and by a slow refresh should the stream drop).
/* global d3 */
import { renderAlerts } from './alerts.js';
import { api, className, dataOf, fmt, fmt1, pct, pickMunicipality, session, showError, statusLabel, t, watchLive } from './common.js';

const RANK = { short: 3, warning: 2, ok: 1, unknown: 0 };
/** @type {{ rows: any[], sortKey: string, descending: boolean, headroom: number, alerts: Map<string, any>, mix: Map<string, any> }} */
const state = { rows: [], sortKey: 'status', descending: true, headroom: 0.7, alerts: new Map(), mix: new Map() };

function rowsOf(data, municipalityId) {
  const m = data.municipalities.find((x) => x.id === municipalityId) ?? data.municipalities[0];
  if (!m) return [];
  return m.schools.flatMap((school) => school.buildings.map((building) => ({ school, building, municipality: m.id })));
}

// What each column sorts by.
const SORT = {
  school: (r) => r.school.name,
  building: (r) => r.building.name,
  internet: (r) => r.school.internet?.utilisation ?? -1,
  traffic: (r) => state.mix.get(r.school.id)?.share ?? -1,
  inMbps: (r) => r.building.uplink?.inMbps ?? -1,
  capacity: (r) => r.building.uplink?.capacityMbps ?? -1,
  utilisation: (r) => r.building.uplink?.utilisation ?? -1,
  clients: (r) => r.building.clients,
  aps: (r) => r.building.aps.total,
  alerts: (r) => state.alerts.get(r.building.id) ?? 0,
  status: (r) => RANK[r.building.status],
};

function visibleRows() {
  const text = d3.select('#filter').property('value').trim().toLowerCase();
  const status = d3.select('#status-filter').property('value');
  const list = state.rows.filter((r) => (!status || r.building.status === status) && (!text || `${r.school.name} ${r.building.name}`.toLowerCase().includes(text)));
  const key = SORT[state.sortKey];
  const order = state.descending ? d3.descending : d3.ascending;
  return list.sort((a, b) => order(key(a), key(b)) || d3.ascending(a.building.name, b.building.name));
}

/** A link's load in words; past the planning limit, or 80 % of it, says so, not just in colour. */
function link(l) {
  if (l?.utilisation === undefined) return '–';
  const key = l.utilisation > state.headroom ? 'overview.linkShort' : l.utilisation >= state.headroom * 0.8 ? 'overview.linkWarning' : 'overview.link';
  return t(key, { share: pct(l.utilisation), capacity: fmt.number(l.capacityMbps) });
}

/** "7 of 7 report; most clients: B-AP3 (34)": each AP is on the building page. */
function apsText(aps) {
  const reporting = t('overview.apsReporting', { reporting: aps.reporting, count: aps.total });
  return aps.busiest ? `${reporting}; ${t('overview.apsBusiest', { name: aps.busiest.name, clients: aps.busiest.clients })}` : reporting;
}

/** "Updates ≥ 50 % (Tue 09:00)": the class that filled most of the line at its busy hour. */
function biggest(mix) {
  if (!mix) return '–';
  return t(mix.lowerBound ? 'overview.biggestAtLeast' : 'overview.biggest', { name: mix.name, share: pct(mix.share), when: fmt.weekdayHour(mix.busyHour) });
}

/** Each school's busiest hour on its line and the class that filled most of it, from the flows. */
async function loadMix(municipality) {
  const { schools } = await api(`/api/v1/traffic/busy-hours${municipality ? `?municipality=${encodeURIComponent(municipality)}` : ''}`);
  state.mix = new Map(schools.filter((s) => s.mix && s.mix.totalMbps > 0).map((s) => {
    const top = s.mix.classes.reduce((a, b) => (b.mbps > a.mbps ? b : a));
    return [s.school, { name: className(top), share: top.mbps / s.mix.totalMbps, lowerBound: top.lowerBound, busyHour: s.mix.busyHour }];
  }));
  render();
}

function renderTable(list) {
  const tr = d3.select('#overview tbody').selectAll('tr').data(list, (d) => d.building.id).join('tr')
    .attr('data-building', (d) => d.building.id);
  tr.selectAll('td').data((d) => [
    { text: d.school.name },
    { text: d.building.name, href: `/building?id=${encodeURIComponent(d.building.id)}&municipality=${encodeURIComponent(d.municipality)}` },
    { text: link(d.school.internet) },
    { text: biggest(state.mix.get(d.school.id)) },
    { text: d.building.uplink?.inMbps === undefined ? '–' : `${fmt1(d.building.uplink.inMbps)} / ${fmt1(d.building.uplink.outMbps ?? 0)}` },
    { text: d.building.uplink ? `${d.building.uplink.capacityMbps} Mbit/s` : '–' },
    { text: d.building.uplink?.utilisation === undefined ? '–' : pct(d.building.uplink.utilisation) },
    { text: String(d.building.clients) },
    { text: apsText(d.building.aps), cls: 'aps' },
    { text: String(state.alerts.get(d.building.id) ?? 0) },
    { text: statusLabel(d.building.status) + (d.building.devicesDown.length ? ` (${t('overview.down', { devices: d.building.devicesDown.join(', ') })})` : ''), cls: `status ${d.building.status}` },
  ]).join('td')
    .attr('class', (c) => c.cls ?? null)
    .each(function (c) {
      const td = d3.select(this);
      // A link is kept across polls, not made anew: a reader tabbing through the table keeps focus.
      if (c.href) td.selectAll('a').data([c]).join('a').attr('href', c.href).text(c.text);
      else td.text(c.text);
    });
  d3.select('#count').text(t('overview.count', { count: list.length, total: state.rows.length }));
}

function renderChart(list) {
  const data = list.filter((d) => d.building.uplink);
  const margin = { top: 10, right: 120, bottom: 30, left: 240 };
  const width = Math.max(480, (document.querySelector('main')?.clientWidth ?? 500) - 20);
  const height = margin.top + margin.bottom + Math.max(1, data.length) * 28;
  const svg = d3.select('#load-chart').attr('width', width).attr('height', height);
  const x = d3.scaleLinear().domain([0, 1]).range([margin.left, width - margin.right]);
  const y = d3.scaleBand().domain(data.map((d) => d.building.id)).range([margin.top, height - margin.bottom]).padding(0.2);
  const label = new Map(data.map((d) => [d.building.id, `${d.school.name} · ${d.building.name}`]));
  // One axis group each, kept across renders (a group the join made is an SVG <g>).
  const axisGroup = (cls) => /** @type {import('d3').Selection<SVGGElement, number, any, any>} */ (svg.selectAll(`g.${cls}`).data([0]).join('g')).attr('class', cls);
  axisGroup('x-axis').attr('transform', `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(5, '%'));
  axisGroup('y-axis').attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).tickFormat((id) => label.get(id) ?? id));
  svg.selectAll('line.limit').data([state.headroom]).join('line').attr('class', 'limit')
    .attr('x1', (d) => x(d)).attr('x2', (d) => x(d)).attr('y1', margin.top).attr('y2', height - margin.bottom);
  svg.selectAll('rect.bar').data(data, (d) => d.building.id).join('rect')
    .attr('class', (d) => `bar ${d.building.status}`)
    .attr('x', x(0)).attr('y', (d) => y(d.building.id) ?? 0).attr('height', y.bandwidth())
    .attr('width', (d) => x(Math.min(1, d.building.uplink.utilisation ?? 0)) - x(0));
  svg.selectAll('text.value').data(data, (d) => d.building.id).join('text')
    .attr('class', 'value')
    .attr('x', (d) => x(Math.min(1, d.building.uplink.utilisation ?? 0)) + 4)
    .attr('y', (d) => (y(d.building.id) ?? 0) + y.bandwidth() / 2 + 4)
    .text((d) => (d.building.uplink.utilisation === undefined ? '' : `${pct(d.building.uplink.utilisation)} (${statusLabel(d.building.status)})`));
}

function render() {
  const list = visibleRows();
  renderTable(list);
  renderChart(list);
  d3.selectAll('#overview th').attr('aria-sort', function () {
    return dataOf(this, 'key') === state.sortKey ? (state.descending ? 'descending' : 'ascending') : null;
  });
}

function show(data, municipalityId) {
  state.headroom = data.headroom;
  state.rows = rowsOf(data, municipalityId);
  render();
  d3.select('#status-line').text(t('overview.updated', { time: fmt.time(Date.now()) }));
}

// Column headers are buttons, so sorting works from the keyboard too.
d3.selectAll('#overview th').each(function () {
  d3.select(this).select('button').on('click', () => {
    const key = dataOf(this, 'key');
    state.descending = state.sortKey === key ? !state.descending : key === 'status' || key === 'utilisation';
    state.sortKey = key;
    render();
  });
});
d3.select('#filter').on('input', render);
d3.select('#status-filter').on('change', render);

async function refreshAlerts(municipality, canAct) {
  try {
    state.alerts = await renderAlerts(municipality?.id, canAct, () => refreshAlerts(municipality, canAct));
    render();
  } catch (err) {
    d3.select('#status-line').text(t('overview.alertsFailed', { message: /** @type {Error} */ (err).message }));
  }
}

try {
  const me = await session();
  const municipality = pickMunicipality(me);
  const canAct = me.permissions.includes('write:alerts');
  show(await api('/api/v1/overview'), municipality?.id);
  await refreshAlerts(municipality, canAct);
  // The busy hour over four weeks moves at most hourly: read once, and again each hour.
  const mixes = () => loadMix(municipality?.id).catch((err) => d3.select('#status-line').text(t('overview.trafficFailed', { message: err.message })));
  await mixes();
  setInterval(mixes, 3_600_000);
  const live = watchLive((overview) => {
    show(overview, municipality?.id);
    void refreshAlerts(municipality, canAct);
  });
  // Should the stream drop (a proxy, a restart), the page still refreshes every half minute.
  setInterval(async () => {
    if (live.readyState !== EventSource.OPEN) show(await api('/api/v1/overview'), municipality?.id);
  }, 30_000);
} catch (err) {
  showError(err);
}
