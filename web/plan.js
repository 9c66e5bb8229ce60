// The upgrade plan: totals per school year, one row per recommendation with its evidence (school-wide
// ones under the school), buildings without one listed as fine, and scenarios side by side.
/* global d3 */
import { api, budgetColumns, budgetYearLabel, fmt, pickMunicipality, schoolYear, selected, session, showError, t } from './common.js';
import { groupedBars } from './charts.js';


const money = (n, currency) => (n === undefined ? '' : `${fmt.number(Math.round(n))} ${currency ?? ''}`.trim());
/**
 * One figure of the evidence as the reader writes it: dates in their calendar, yes or no, where the
 * figures came from in words, numbers with their decimal mark. Text came worded from the server.
 * @param {string} key
 * @param {string | number | boolean} value
 */
function evidenceValue(key, value) {
  if (typeof value === 'boolean') return t(value ? 'evidenceValue.yes' : 'evidenceValue.no');
  if (typeof value === 'number') return fmt.number(value, Number.isInteger(value) ? 0 : 2);
  if (/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(value)) return key === 'busyHourAt' ? fmt.weekdayHour(Date.parse(value)) : fmt.dateTime(Date.parse(value));
  if (key === 'source' || key === 'demandGrowthSource') return t(`evidenceValue.source.${value}`, { defaultValue: value });
  return value;
}
const devicesIn = (plan, year) => d3.sum(plan.schools, (s) => s.years.find((y) => y.year === year)?.devices ?? 0);

let municipality;
/** @type {{ scenario: string | undefined, compare: Set<string> }} */
const chosen = { scenario: undefined, compare: new Set() };

function renderPlan(data) {
  const currency = data.investment.currency;
  d3.select('#scenario-name').text(data.scenarioTitle);
  // The years' devices and demand once per building or school, on its first row.
  const buildingRows = data.buildings.flatMap((b) => (b.recommendations.length ? b.recommendations : [null]).map((r, i) => ({ school: b.schoolName, building: b.buildingName, id: b.buildingId, years: i === 0 ? b.years : [], r })));
  const schoolRows = data.schools.flatMap((s) => s.recommendations.map((r, i) => ({ school: s.schoolName, building: t('plan.schoolWide'), id: s.schoolId, years: i === 0 ? s.years : [], r })));
  const tr = d3.select('#plan tbody').selectAll('tr').data([...buildingRows, ...schoolRows]).join('tr')
    .attr('data-building', (d) => d.id)
    .attr('class', (d) => (d.r ? `priority-${d.r.priority}` : null));
  tr.selectAll('td').data((d) => [
    d.school,
    d.building,
    d.years.map((y) => t('plan.yearLine', { year: schoolYear(y.year), devices: fmt.number(y.devices), mbps: fmt.number(Math.round(y.demandMbps)) })).join('; '),
    d.r ? t(`plan.kind.${d.r.kind}`, { defaultValue: d.r.kind }) : t('plan.noChange'),
    d.r ? when(d.r) : '',
    d.r ? t(`plan.priority.${d.r.priority}`) : '',
    d.r ? String(d.r.quantity) : '',
    d.r?.cost ? money(d.r.cost.oneOff, d.r.cost.currency) : d.r ? t('plan.noPrice') : '',
    d.r?.cost?.yearly ? money(d.r.cost.yearly, d.r.cost.currency) : '',
    d.r,
  ]).join('td').each(function (value, i) {
    const td = d3.select(this);
    td.selectAll('*').remove();
    if (i < 9) return void td.text(value);
    td.text(null);
    if (!value) return;
    // The reason in words, and the figures behind it folded away: window, samples, assumptions.
    td.append('span').text(value.reason);
    const details = td.append('details');
    details.append('summary').text(t('plan.evidence'));
    details.append('dl').selectAll('div').data(Object.entries(value.evidence)).join('div')
      .call((div) => div.append('dt').text(([k]) => t(`evidence.${k}`, { defaultValue: k })))
      .call((div) => div.append('dd').text(([k, v]) => evidenceValue(k, v)));
  });

  // One row per school and budget year, then the municipality's: every cost, investment and operating apart.
  const schoolName = (id) => data.schools.find((s) => s.schoolId === id)?.schoolName ?? id;
  const budgetRows = [
    ...data.budget.schools.flatMap((s) => s.years.map((line) => ({ school: schoolName(s.schoolId), line, total: false }))),
    ...data.budget.municipality.map((line) => ({ school: t('report.municipalityTotal'), line, total: true })),
  ];
  d3.select('#budget-hint').text(t('plan.budgetHint', { currency: currency ?? '', financing: t(`report.financing.${data.budget.financing}`), vat: fmt.number(data.budget.vatRate * 100) }));
  const columns = budgetColumns(budgetRows.map((r) => r.line));
  d3.select('#budget thead').selectAll('tr').data([0]).join('tr').selectAll('th')
    .data([t('plan.col.school'), t('plan.col.budgetYear'), ...columns.map((k) => t(`report.budget.${k}`))]).join('th').attr('scope', 'col').text((h) => h);
  d3.select('#budget tbody').selectAll('tr').data(budgetRows).join('tr')
    .attr('data-budget-year', (r) => r.line.budgetYear)
    .attr('class', (r) => (r.total ? 'total' : null))
    .selectAll('td').data((r) => [r.school, budgetYearLabel(data, r.line.budgetYear), ...columns.map((k) => fmt.number(Math.round(r.line[k])))])
    .join('td').attr('data-column', (_, i) => (i < 2 ? null : columns[i - 2])).text((t) => t);
  // Each school's plan on one printable page.
  const links = d3.select('#summary-links');
  links.selectAll('*').remove();
  links.append('span').text(`${t('plan.summaryLink')}: `);
  data.schools.forEach((s, i) => {
    if (i > 0) links.append('span').text(' · ');
    links.append('a').attr('href', `/plan/school?${new URLSearchParams({ municipality: municipality.id, school: s.schoolId, scenario: data.scenario })}`).text(s.schoolName);
  });
  d3.select('#unpriced').text(data.investment.unpriced ? t('plan.unpriced', { count: data.investment.unpriced }) : '');
  const fleetRows = data.fleet.schools.flatMap((school) => school.years.map((y) => ({ school: school.schoolName, ...y })));
  d3.select('#fleet tbody').selectAll('tr').data(fleetRows).join('tr')
    .attr('data-fleet', (y) => `${y.type}-${y.year}`)
    .selectAll('td').data((y) => [y.school, data.fleet.titles[y.type] ?? y.type, schoolYear(y.year), String(y.needed), String(y.added), String(y.replaced), String(y.retired), money(y.boughtCost, currency), y.leasedCost === undefined ? '–' : money(y.leasedCost, currency)])
    .join('td').text((t) => t);
  // The title block of the printed plan; the date as ISO 8601, which no reader misreads.
  // Where the measured weeks end tells a reader how fresh the figures are (after a roll-up run the
  // plan from before is served while the new one is made).
  const until = fmt.dateTime(Date.parse(data.measuredUntil));
  d3.select('#print-line').text(t('plan.print.line', { municipality: municipality.name, scenario: data.scenarioTitle, date: new Date().toISOString().slice(0, 10), until }));
  d3.select('#status-line').text(t('plan.planned', { when: fmt.dateTime(Date.now()), until }));
  const query = new URLSearchParams({ municipality: municipality.id, scenario: data.scenario });
  d3.select('#csv').attr('href', `/api/v1/plan.csv?${query}`);
}


/** When a recommendation is needed and paid: "now, paid June 2027" or "2028/29, paid June 2028". */
function when(r) {
  const needed = r.year === 'now' ? t('plan.now') : schoolYear(r.year);
  if (!r.purchase) return needed;
  return t('plan.paidIn', { needed, month: fmt.month(r.purchase) });
}

/** The municipality's budget line for a budget year, or undefined where the plan spends nothing in it. */
const budgetIn = (plan, year) => plan.budget.municipality.find((y) => y.budgetYear === year);

/** One column per scenario (and, for two, their difference): devices, demand, what is needed and what it costs, year by year. */
function renderComparison(plans) {
  d3.select('#comparison-section').property('hidden', plans.length < 2);
  if (plans.length < 2) return;
  const currency = plans[0].investment.currency;
  const count = (n) => fmt.number(Math.round(n));
  const cost = (n) => money(n, currency);
  const difference = plans.length === 2 ? [`${plans[1].scenarioTitle} − ${plans[0].scenarioTitle}`] : [];
  d3.select('#comparison thead').selectAll('tr').data([0]).join('tr').selectAll('th')
    .data(['', ...plans.map((p) => p.scenarioTitle), ...difference]).join('th').attr('scope', 'col').text((t) => t);
  const years = plans[0].investment.years.map((y) => y.year);
  // Every budget year any scenario spends in, network or devices, in order.
  const budgetYears = [...new Set(plans.flatMap((p) => p.budget.budgetYears))].sort((a, b) => a - b);
  const label = (year) => budgetYearLabel(plans[0], year);
  /** @type {{ label: string, values: number[], format: (n: number) => string }[]} */
  const rows = [
    ...years.map((year) => ({ label: t('plan.row.devices', { year: schoolYear(year) }), values: plans.map((p) => devicesIn(p, year)), format: count })),
    ...years.map((year) => ({ label: t('plan.row.peak', { year: schoolYear(year) }), values: plans.map((p) => d3.sum(p.schools, (s) => s.years.find((y) => y.year === year)?.demandMbps ?? 0)), format: count })),
    { label: t('plan.row.short'), values: plans.map((p) => p.buildings.filter((b) => b.status === 'short').length), format: count },
    { label: t('plan.row.recommendations'), values: plans.map((p) => d3.sum([...p.buildings, ...p.schools], (x) => x.recommendations.length)), format: count },
    // The same totals as each scenario's budget table, the chart's bars among them.
    ...budgetYears.flatMap((year) => (/** @type {const} */ (['total', 'investment', 'operating'])).map((k) => ({ label: t(`plan.row.budget.${k}`, { year: label(year) }), values: plans.map((p) => budgetIn(p, year)?.[k] ?? 0), format: cost }))),
    { label: t('plan.row.budget.all', { count: budgetYears.length }), values: plans.map((p) => d3.sum(p.budget.municipality, (y) => y.total)), format: cost },
  ];
  groupedBars('#comparison-chart', {
    series: plans.map((p) => p.scenarioTitle),
    groups: budgetYears.map((year) => ({ label: label(year), values: plans.map((p) => budgetIn(p, year)?.total ?? 0) })),
    format: cost,
    unit: currency,
  });
  const signed = (r) => {
    const d = r.values[1] - r.values[0];
    return d > 0 ? `+${r.format(d)}` : d < 0 ? `−${r.format(-d)}` : r.format(0);
  };
  fillRows('#comparison tbody', rows, (r) => [{ text: r.label, header: true }, ...r.values.map((v) => ({ text: r.format(v) })), ...(difference.length ? [{ text: signed(r) }] : [])]);
  renderBuildingComparison(plans, signed);
}

/** Each building's devices and access points needed per school year, a pair of columns per scenario. */
function renderBuildingComparison(plans, signed) {
  const two = plans.length === 2;
  d3.select('#comparison-buildings thead').selectAll('tr').data([0]).join('tr').selectAll('th')
    .data([t('plan.buildingCols.building'), t('plan.buildingCols.schoolYear'), ...plans.flatMap((p) => [t('plan.buildingCols.devices', { scenario: p.scenarioTitle }), t('plan.buildingCols.aps', { scenario: p.scenarioTitle })]), ...(two ? [t('plan.buildingCols.diffDevices'), t('plan.buildingCols.diffAps')] : [])])
    .join('th').attr('scope', 'col').text((t) => t);
  const count = (n) => String(n);
  const rows = plans[0].buildings.flatMap((b) => b.years.map((y) => {
    const same = plans.map((p) => p.buildings.find((o) => o.buildingId === b.buildingId)?.years.find((o) => o.year === y.year));
    const devices = { values: same.map((o) => o?.devices ?? 0), format: count };
    const aps = { values: same.map((o) => o?.accessPointsNeeded ?? 0), format: count };
    return { building: `${b.schoolName} / ${b.buildingName}`, year: y.year, devices, aps };
  }));
  fillRows('#comparison-buildings tbody', rows, (r) => [
    { text: r.building, header: true },
    { text: schoolYear(r.year) },
    ...r.devices.values.flatMap((d, i) => [{ text: count(d) }, { text: count(r.aps.values[i]) }]),
    ...(two ? [{ text: signed(r.devices) }, { text: signed(r.aps) }] : []),
  ]);
}

/** A table body with a row per item; the cell marked `header` is the row's header (th scope=row). */
function fillRows(tbody, rows, cells) {
  d3.select(tbody).selectAll('tr').data(rows).join('tr')
    .selectAll('*').data(cells)
    .join((enter) => enter.append((c) => document.createElement(c.header ? 'th' : 'td')))
    .attr('scope', (c) => (c.header ? 'row' : null)).text((c) => c.text);
}

async function load() {
  const base = { municipality: municipality.id };
  const names = [chosen.scenario, ...[...chosen.compare].filter((s) => s !== chosen.scenario)].filter(Boolean);
  // The workbook holds every scenario on the page, the first in front.
  const [scenario, ...compared] = names;
  d3.select('#xlsx').attr('href', `/api/v1/plan.xlsx?${new URLSearchParams({ ...base, ...(scenario ? { scenario } : {}), ...(compared.length ? { compare: compared.join(',') } : {}) })}`);
  if (names.length > 1) {
    const { plans } = await api(`/api/v1/plan/compare?${new URLSearchParams({ ...base, scenarios: names.join(',') })}`);
    renderPlan(plans[0]);
    renderComparison(plans);
    return plans[0];
  }
  const plan = await api(`/api/v1/plan?${new URLSearchParams(chosen.scenario ? { ...base, scenario: chosen.scenario } : base)}`);
  renderPlan(plan);
  renderComparison([plan]);
  return plan;
}

function renderPickers(plan) {
  chosen.scenario = plan.scenario;
  const title = (name) => plan.scenarioTitles[name] ?? name;
  d3.select('#scenario').selectAll('option').data(plan.scenarios).join('option')
    .attr('value', (d) => d).property('selected', (d) => d === plan.scenario).text(title);
  const label = d3.select('#compare').selectAll('label').data(plan.scenarios).join('label');
  label.selectAll('input').data((d) => [d]).join('input').attr('type', 'checkbox').attr('value', (d) => d)
    .on('change', (e, d) => {
      if (/** @type {HTMLInputElement} */ (e.target).checked) chosen.compare.add(d);
      else chosen.compare.delete(d);
      load().catch(showError);
    });
  label.selectAll('span').data((d) => [d]).join('span').text((d) => ` ${title(d)}`);
}

d3.select('#scenario').on('change', (e) => {
  chosen.scenario = selected(e);
  load().catch(showError);
});

try {
  const me = await session();
  municipality = pickMunicipality(me);
  if (!me.permissions.includes('read:plans')) throw Object.assign(new Error(t('plan.forbidden')), { status: 403 });
  renderPickers(await load());
} catch (err) {
  showError(err);
}
