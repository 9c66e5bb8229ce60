// The upgrade plan: one row per recommendation (school-wide ones under the school), buildings without
// one listed as fine, then what it costs per school year. Text only via .text().
/* global d3 */
const KIND = {
  'add-access-points': 'Add access points',
  'replace-access-points': 'Replace access points',
  'upgrade-uplink': 'Upgrade uplink',
  'raise-internet-tier': 'Raise internet line',
  'replace-router': 'Replace router',
  'enlarge-dhcp-scope': 'Enlarge DHCP scope',
};

const money = (n, currency) => (n === undefined ? '' : `${Math.round(n).toLocaleString('en-GB')} ${currency ?? ''}`.trim());

async function load(scenario) {
  const data = await d3.json(`/api/v1/plan${scenario ? `?scenario=${encodeURIComponent(scenario)}` : ''}`);
  const currency = data.investment.currency;
  d3.select('#scenario').selectAll('option').data(data.scenarios).join('option')
    .attr('value', (d) => d).property('selected', (d) => d === data.scenario).text((d) => d);
  const buildingRows = data.buildings.flatMap((b) =>
    (b.recommendations.length ? b.recommendations : [null]).map((r) => ({ school: b.schoolName, building: b.buildingName, id: b.buildingId, b, r })));
  const schoolRows = data.schools.flatMap((s) => s.recommendations.map((r) => ({ school: s.schoolName, building: '(school-wide)', id: s.schoolId, r })));
  const tr = d3.select('#plan tbody').selectAll('tr').data([...buildingRows, ...schoolRows]).join('tr')
    .attr('data-building', (d) => d.id)
    .attr('class', (d) => (d.r ? `priority-${d.r.priority}` : null));
  tr.selectAll('td').data((d) => [
    d.school,
    d.building,
    d.b ? d.b.years.map((y) => `${y.year}: ${y.devices}`).join(', ') : '',
    d.r ? KIND[d.r.kind] ?? d.r.kind : 'No change needed',
    d.r ? String(d.r.year) : '',
    d.r ? String(d.r.priority) : '',
    d.r ? String(d.r.quantity) : '',
    d.r?.cost ? money(d.r.cost.oneOff, d.r.cost.currency) : '',
    d.r?.cost?.yearly ? money(d.r.cost.yearly, d.r.cost.currency) : '',
    d.r ? d.r.reason : '',
  ]).join('td').text((t) => t);

  d3.select('#totals tbody').selectAll('tr').data(data.investment.years).join('tr')
    .selectAll('td').data((y) => [`${y.year}/${String((y.year + 1) % 100).padStart(2, '0')}`, money(y.oneOff, currency), money(y.yearly, currency), money(y.leased, currency)])
    .join('td').text((t) => t);
  d3.select('#unpriced').text(data.investment.unpriced ? `${data.investment.unpriced} recommendations have no price in the catalogue and are not in these totals.` : '');
  d3.select('#csv').attr('href', `/api/v1/plan.csv?scenario=${encodeURIComponent(data.scenario)}`);
}

d3.select('#scenario').on('change', (e) => load(e.target.value));
load();
