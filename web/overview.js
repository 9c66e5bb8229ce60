// The live overview. Device-supplied and configured names reach the page only through d3's .text(),
// which sets textContent: they are shown as text, never parsed as HTML.
/* global d3 */
const fmt = d3.format('.1f');
const pct = d3.format('.0%');

// Short past the planning headroom (70 % by default), a warning from 80 % of it.
function statusOf(b, headroom) {
  if (b.devicesDown.length > 0) return { label: 'device down', cls: 'short' };
  const u = b.uplink?.utilisation;
  if (u === undefined) return { label: 'waiting for data', cls: 'unknown' };
  if (u >= headroom) return { label: 'short', cls: 'short' };
  if (u >= headroom * 0.8) return { label: 'warning', cls: 'warning' };
  return { label: 'ok', cls: 'ok' };
}

function rows(data) {
  return data.schools.flatMap((s) => s.buildings.map((b) => ({ school: s, building: b, status: statusOf(b, data.headroom) })));
}

function renderTable(list) {
  const tr = d3.select('#overview tbody').selectAll('tr').data(list, (d) => d.building.id).join('tr');
  tr.attr('data-building', (d) => d.building.id);
  const cells = (d) => [
    d.school.name,
    d.building.name,
    d.building.uplink?.inMbps === undefined ? '–' : `${fmt(d.building.uplink.inMbps)} / ${fmt(d.building.uplink.outMbps)}`,
    d.building.uplink ? `${d.building.uplink.capacityMbps} Mbit/s` : '–',
    d.building.uplink?.utilisation === undefined ? '–' : pct(d.building.uplink.utilisation),
    String(d.building.clients),
    d.building.accessPoints.map((ap) => `${ap.name}: ${ap.clients ?? '–'}`).join(', '),
    d.status.label,
  ];
  tr.selectAll('td').data((d) => cells(d).map((text, i) => ({ text, i, status: d.status }))).join('td')
    .text((c) => c.text)
    .attr('class', (c) => (c.i === 7 ? `status ${c.status.cls}` : c.i === 6 ? 'aps' : null));
}

function renderChart(list, headroom) {
  const data = list.filter((d) => d.building.uplink);
  const margin = { top: 10, right: 50, bottom: 30, left: 220 };
  const width = Math.max(480, document.querySelector('main').clientWidth - 20);
  const height = margin.top + margin.bottom + data.length * 28;
  const svg = d3.select('#load-chart').attr('width', width).attr('height', height);
  const x = d3.scaleLinear().domain([0, 1]).range([margin.left, width - margin.right]);
  const y = d3.scaleBand().domain(data.map((d) => d.building.id)).range([margin.top, height - margin.bottom]).padding(0.2);
  const label = new Map(data.map((d) => [d.building.id, `${d.school.name} · ${d.building.name}`]));
  svg.selectAll('g.x-axis').data([0]).join('g').attr('class', 'x-axis')
    .attr('transform', `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(5, '%'));
  svg.selectAll('g.y-axis').data([0]).join('g').attr('class', 'y-axis')
    .attr('transform', `translate(${margin.left},0)`).call(d3.axisLeft(y).tickFormat((id) => label.get(id)));
  svg.selectAll('line.limit').data([headroom]).join('line').attr('class', 'limit')
    .attr('x1', (d) => x(d)).attr('x2', (d) => x(d)).attr('y1', margin.top).attr('y2', height - margin.bottom);
  svg.selectAll('rect.bar').data(data, (d) => d.building.id).join('rect')
    .attr('class', (d) => `bar ${d.status.cls}`)
    .attr('x', x(0)).attr('y', (d) => y(d.building.id)).attr('height', y.bandwidth())
    .attr('width', (d) => x(Math.min(1, d.building.uplink.utilisation ?? 0)) - x(0));
  svg.selectAll('text.value').data(data, (d) => d.building.id).join('text')
    .attr('class', 'value')
    .attr('x', (d) => x(Math.min(1, d.building.uplink.utilisation ?? 0)) + 4)
    .attr('y', (d) => y(d.building.id) + y.bandwidth() / 2 + 4)
    .text((d) => (d.building.uplink.utilisation === undefined ? '' : `${pct(d.building.uplink.utilisation)} (${d.status.label})`));
}

async function refresh() {
  try {
    const [data, health] = await Promise.all([d3.json('/api/v1/overview'), d3.json('/api/v1/health')]);
    d3.select('#municipality').text(`· ${data.municipality.name}`);
    d3.select('#demo-note').property('hidden', !health.demo);
    const list = rows(data);
    renderTable(list);
    renderChart(list, data.headroom);
    d3.select('#updated').text(`Updated ${new Date().toLocaleTimeString()}`);
  } catch (err) {
    d3.select('#updated').text(`Could not load: ${err.message}`);
  }
}

refresh();
setInterval(refresh, 5000);
