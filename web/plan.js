// The upgrade plan: one row per recommendation, buildings without one listed as fine. Text only via .text().
/* global d3 */
const KIND = { 'add-access-points': 'Add access points', 'upgrade-uplink': 'Upgrade uplink' };

async function load(scenario) {
  const data = await d3.json(`/api/v1/plan${scenario ? `?scenario=${encodeURIComponent(scenario)}` : ''}`);
  d3.select('#scenario').selectAll('option').data(data.scenarios).join('option')
    .attr('value', (d) => d).property('selected', (d) => d === data.scenario).text((d) => d);
  const rows = data.buildings.flatMap((b) =>
    (b.recommendations.length ? b.recommendations : [null]).map((r) => ({ b, r })));
  const tr = d3.select('#plan tbody').selectAll('tr').data(rows).join('tr')
    .attr('data-building', (d) => d.b.buildingId);
  tr.selectAll('td').data((d) => [
    d.b.schoolName,
    d.b.buildingName,
    d.b.years.map((y) => `${y.year}: ${y.devices}`).join(', '),
    d.b.status,
    d.r ? KIND[d.r.kind] ?? d.r.kind : 'No change needed',
    d.r ? String(d.r.year) : '',
    d.r ? String(d.r.quantity) : '',
    d.r ? d.r.reason : '',
  ]).join('td').text((t) => t);
}

d3.select('#scenario').on('change', (e) => load(e.target.value));
load();
