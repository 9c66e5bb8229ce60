// One building: its uplink and internet line against capacity over a day, a week or the school year
// (drag to zoom), clients and channel utilisation per access point, and the weekday × hour grid.
/* global d3 */
import { api, className, dataOf, fmt, param, pct, pickMunicipality, session, showError, t, watchLive } from './common.js';
import { heatmap, stackedChart, timeChart } from './charts.js';

const DAY = 86_400_000;

/** 1 August of the school year we are in: Nordic school years start in August. */
function schoolYearStart(now) {
  const d = new Date(now);
  const year = d.getMonth() >= 7 ? d.getFullYear() : d.getFullYear() - 1;
  return new Date(year, 7, 1).getTime();
}

const RANGES = { day: (now) => now - DAY, week: (now) => now - 7 * DAY, year: schoolYearStart };

/** @type {{ range: string, zoom: [number, number] | undefined }} */
const state = { range: 'day', zoom: undefined };

function findBuilding(inventory, id) {
  for (const m of inventory.municipalities) {
    for (const school of m.schools) {
      const building = school.buildings.find((b) => b.id === id);
      if (building) return { municipality: m, school, building };
    }
  }
  return undefined;
}

const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined)).toString();

async function series(municipality, params) {
  return api(`/api/v1/series?${query({ municipality, ...params })}`);
}

const toMbps = (s) => s.points.map((p) => ({ time: p.time, value: p.value / 1e6 }));

async function drawLink(selector, municipality, filter, capacityMbps, headroom, from, to, aggregation) {
  const [inbound, outbound] = await Promise.all(['in_bps', 'out_bps'].map((field) => series(municipality, { measurement: 'interface', field, ...filter, across: 'sum', aggregation, from, to })));
  const rules = capacityMbps ? [{ value: capacityMbps, label: t('building.capacity', { mbps: fmt.number(capacityMbps) }), cls: 'capacity' }, { value: capacityMbps * headroom, label: t('building.limit', { share: pct(headroom) }), cls: 'limit' }] : [];
  timeChart(selector, {
    from, to,
    lines: [{ name: t('building.in'), points: inbound.series[0] ? toMbps(inbound.series[0]) : [] }, { name: t('building.out'), points: outbound.series[0] ? toMbps(outbound.series[0]) : [] }],
    rules, onZoom: zoom,
    empty: filter.link === 'internet' && !capacityMbps ? t('building.internet.none') : undefined,
  });
}

/** The line's downloads stacked by class against its capacity, for the school whose flows are collected. */
async function drawTraffic(municipality, school, capacityMbps, from, to, aggregation) {
  if (!context.classes) return;
  const result = await series(municipality, { measurement: 'traffic', field: 'in_bps', school: school.id, aggregation, from, to });
  const names = new Map(context.classes.map((c) => [c.id, className(c)]));
  const order = new Map(context.classes.map((c, i) => [c.id, i]));
  const layers = result.series
    .sort((a, b) => (order.get(a.tags.class) ?? 99) - (order.get(b.tags.class) ?? 99))
    .map((s) => ({ name: names.get(s.tags.class) ?? s.tags.class, points: toMbps(s) }));
  const rules = capacityMbps ? [{ value: capacityMbps, label: t('building.capacity', { mbps: fmt.number(capacityMbps) }), cls: 'capacity' }] : [];
  stackedChart('#traffic-chart', { from, to, layers, rules, onZoom: zoom, empty: t('building.traffic.empty') });
}

/** The busy hour's classes and the unclassified prefixes: the chart's figures in words, and what to classify. */
async function drawTrafficTables(municipality, school) {
  const [{ schools }, unclassified] = await Promise.all([
    api(`/api/v1/traffic/busy-hours?${query({ municipality })}`),
    api(`/api/v1/traffic/unclassified?${query({ municipality, school: school.id })}`),
  ]);
  const mix = schools.find((s) => s.school === school.id)?.mix;
  d3.select('#traffic-caption').text(mix ? t('building.traffic.caption', { when: fmt.long(mix.busyHour), total: fmt.number(mix.totalMbps, 1) }) : t('building.traffic.captionNone'));
  const rows = mix ? [...mix.classes].sort((a, b) => b.mbps - a.mbps) : [];
  // The priority as the plan's QoS table numbers it: the place in the order classes are served in.
  const place = new Map(mix ? [...mix.classes].sort((a, b) => a.qos.rank - b.qos.rank).map((c, i) => [c.id, i + 1]) : []);
  d3.select('#traffic-mix tbody').selectAll('tr').data(rows, (c) => c.id).join('tr')
    .attr('data-class', (c) => c.id)
    .selectAll('td').data((c) => [className(c), `${c.lowerBound ? '≥ ' : ''}${fmt.number(c.mbps, 1)}`, pct(mix.totalMbps ? c.mbps / mix.totalMbps : 0), `${place.get(c.id)} (${c.qos.phb}, ${c.qos.dscp})`, t(c.movable ? 'building.traffic.yes' : 'building.traffic.no')])
    .join('td').text((t) => t);
  d3.select('#unclassified-hint').text(unclassified.prefixes.length ? t('building.traffic.unclassifiedHint', { key: unclassified.configKey }) : t('building.traffic.allClassified'));
  d3.select('#unclassified tbody').selectAll('tr').data(unclassified.prefixes, (p) => `${p.prefix} ${p.port}`).join('tr')
    .selectAll('td').data((p) => [p.prefix, p.port, fmt.bytes(p.inBytes), fmt.bytes(p.outBytes), pct(p.share)])
    .join('td').text((t) => t);
}

async function drawAps(selector, municipality, building, field, from, to, aggregation, scale) {
  const result = await series(municipality, { measurement: 'access_point', field, building: building.id, aggregation, from, to });
  const names = new Map(building.accessPoints.map((ap) => [ap.id, ap.name]));
  const lines = result.series.map((s) => ({ name: names.get(s.tags.ap) ?? s.tags.ap, points: s.points.map((p) => ({ time: p.time, value: p.value * scale })) }))
    .sort((a, b) => d3.ascending(a.name, b.name));
  const rules = field === 'channel_utilisation' ? [{ value: 50, label: t('building.limit', { share: pct(0.5) }), cls: 'limit' }] : [];
  timeChart(selector, { from, to, lines, rules, onZoom: zoom });
}

let context;

async function draw() {
  const { municipality, school, building, headroom } = context;
  const now = Date.now();
  const [from, to] = state.zoom ?? [RANGES[state.range](now), now];
  // Long ranges show the busier side of each step, so a lesson's peak is not averaged into the night.
  const aggregation = to - from > 2 * DAY ? 'max' : 'mean';
  d3.select('#reset-zoom').property('hidden', !state.zoom);
  await Promise.all([
    drawLink('#uplink-chart', municipality.id, { building: building.id, link: 'uplink' }, building.uplink?.capacityMbps, headroom, from, to, aggregation),
    drawLink('#internet-chart', municipality.id, { school: school.id, link: 'internet' }, school.internet?.capacityMbps, headroom, from, to, aggregation),
    drawTraffic(municipality.id, school, school.internet?.capacityMbps, from, to, aggregation),
    drawAps('#clients-chart', municipality.id, building, 'clients', from, to, aggregation, 1),
    drawAps('#cu-chart', municipality.id, building, 'channel_utilisation', from, to, aggregation, 100),
  ]);
  d3.select('#status-line').text(t('building.showing', { from: fmt.dateTime(from), to: fmt.dateTime(to), now: fmt.time(Date.now()) }));
}

function zoom(from, to) {
  state.zoom = [from, to];
  draw().catch(showError);
}

async function drawHeatmap() {
  const { municipality, building } = context;
  const grid = await api(`/api/v1/busy-hours?${query({ municipality: municipality.id, measurement: 'interface', field: 'in_bps', building: building.id, link: 'uplink', aggregation: 'p95' })}`);
  const capacity = (building.uplink?.capacityMbps ?? 1) * 1e6;
  heatmap('#heatmap', { cells: grid.cells, value: (c) => c.mean / capacity, describe: (c) => t('building.heat.cell', { mbps: fmt.number(c.mean / 1e6, 1), share: pct(c.mean / capacity), hours: c.hours }) });
}

/** Each access point and band now, from the building's own answer. */
function drawApTable(now) {
  const { building } = context;
  const live = new Map(now.accessPoints.map((ap) => [ap.id, ap]));
  d3.select('#aps tbody').selectAll('tr').data(building.accessPoints, (ap) => ap.id).join('tr')
    .attr('data-ap', (ap) => ap.id)
    .selectAll('td').data((ap) => [ap.name, ap.generation, ap.model ?? '–', String(live.get(ap.id)?.clients ?? '–'), live.get(ap.id)?.channelUtilisation === undefined ? '–' : pct(live.get(ap.id).channelUtilisation)])
    .join('td').text((t) => t);
  // 2.4, 5 and 6 GHz carry different loads: a busy 2.4 GHz band beside a quiet 5 GHz one is a band-steering matter, not one of more APs.
  d3.select('#bands tbody').selectAll('tr').data(now.bands, (b) => b.band).join('tr')
    .attr('data-band', (b) => b.band)
    .selectAll('td').data((b) => [b.band, String(b.radios), b.clients === undefined ? '–' : String(b.clients), b.channelUtilisation === undefined ? '–' : pct(b.channelUtilisation)])
    .join('td').text((t) => t);
}

d3.selectAll('.range button[data-range]').on('click', function () {
  state.range = dataOf(this, 'range');
  state.zoom = undefined;
  d3.selectAll('.range button[data-range]').attr('aria-pressed', function () {
    return String(dataOf(this, 'range') === state.range);
  });
  draw().catch(showError);
});
d3.select('#reset-zoom').on('click', () => {
  state.zoom = undefined;
  draw().catch(showError);
});

try {
  const me = await session();
  pickMunicipality(me);
  const inventory = await api('/api/v1/inventory');
  const found = findBuilding(inventory, param('id'));
  if (!found) throw new Error(t('building.notFound', { id: param('id') ?? '' }));
  const buildingNow = () => api(`/api/v1/overview/buildings/${encodeURIComponent(found.building.id)}`);
  const now = await buildingNow();
  context = { ...found, headroom: now.headroom };
  d3.select('#building-name').text(`${found.school.name} · ${found.building.name}`);
  d3.select('#summary-link').attr('href', `/plan/school?${query({ municipality: found.municipality.id, school: found.school.id })}`).property('hidden', !me.permissions.includes('read:plans'));
  document.title = t('building.title', { name: found.building.name });
  const capacity = (link) => (link ? t('common.unit.mbps', { value: fmt.number(link.capacityMbps) }) : t('building.notInInventory'));
  d3.select('#facts').text(t('building.facts', { classrooms: found.building.classrooms, aps: found.building.accessPoints.length, uplink: capacity(found.building.uplink), internet: capacity(found.school.internet) }));
  drawApTable(now);
  // The traffic panel shows where the school's line is exported as flows: the classes say so.
  if (found.school.flows) {
    context.classes = (await api(`/api/v1/traffic/classes?${query({ municipality: found.municipality.id })}`)).classes;
    d3.select('#traffic-section').property('hidden', false);
  }
  await Promise.all([draw(), drawHeatmap(), context.classes ? drawTrafficTables(found.municipality.id, found.school) : undefined]);
  // After each poll: the AP table, and the charts when they end at now (not while zoomed into the past).
  watchLive(() => {
    buildingNow().then(drawApTable, showError);
    if (!state.zoom) draw().catch(showError);
  });
} catch (err) {
  showError(err);
}
