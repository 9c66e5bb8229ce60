// One school's plan on one page, for the council and the school's leader: its buildings, what is
// short and why, what to buy in which budget year, and the school's budget, investment and operating
// apart. Printed, it fits one A4 page.
/* global d3 */
import { api, budgetColumns, budgetYearLabel, fmt, param, session, showError, t } from './common.js';

function render(plan, schoolId, municipality) {
  const school = plan.schools.find((s) => s.schoolId === schoolId);
  if (!school) throw new Error(t('summary.noSchool', { school: schoolId }));
  const currency = plan.investment.currency ?? '';
  const amount = (n) => `${fmt.number(Math.round(n))} ${currency}`.trim();
  document.title = `${school.schoolName} · ${t('summary.title')}`;
  d3.select('#school-name').text(school.schoolName);
  d3.select('#summary-line').text(t('summary.line', { municipality: municipality.name, scenario: plan.scenarioTitle, date: new Date().toISOString().slice(0, 10), until: fmt.dateTime(Date.parse(plan.measuredUntil)) }));

  // Each building with its status, and one sentence per thing that is short.
  const buildings = plan.buildings.filter((b) => b.schoolId === schoolId);
  const items = [
    ...buildings.map((b) => ({ name: b.buildingName, status: b.status, reasons: b.recommendations.map((r) => r.reason) })),
    ...(school.recommendations.length ? [{ name: t('plan.schoolWide'), status: school.recommendations.some((r) => r.priority === 1) ? 'short' : 'ok', reasons: school.recommendations.map((r) => r.reason) }] : []),
  ];
  const li = d3.select('#buildings').selectAll('li').data(items).join('li');
  li.selectAll('*').remove();
  li.append('strong').text((d) => `${d.name}: ${t(`common.status.${d.status}`)}`);
  li.append('ul').selectAll('li').data((d) => (d.reasons.length ? d.reasons : [t('summary.nothingShort')])).join('li').text((r) => r);

  // What to buy: every priced or unpriced purchase of the school, in the budget year it is paid.
  const rows = [
    ...buildings.flatMap((b) => b.recommendations.map((r) => ({ building: b.buildingName, r }))),
    ...school.recommendations.map((r) => ({ building: t('plan.schoolWide'), r })),
  ]
    .filter(({ r }) => r.purchase)
    .sort((a, b) => a.r.purchase.budgetYear - b.r.purchase.budgetYear);
  d3.select('#buy tbody').selectAll('tr').data(rows).join('tr')
    .selectAll('td').data(({ building, r }) => [
      budgetYearLabel(plan, r.purchase.budgetYear),
      `${t(`plan.kind.${r.kind}`, { defaultValue: r.kind })}${r.cost ? `: ${r.cost.item}` : ''}`,
      building,
      fmt.number(r.quantity),
      fmt.month(r.purchase),
      r.cost ? amount(r.cost.oneOff + r.cost.yearly) : t('plan.noPrice'),
    ]).join('td').text((v) => v);

  // The school's budget: the same lines as the plan's budget table, parts spent on only.
  const lines = plan.budget.schools.find((s) => s.schoolId === schoolId)?.years.filter((l) => l.total !== 0) ?? [];
  const columns = budgetColumns(lines);
  d3.select('#school-budget thead').selectAll('tr').data([0]).join('tr').selectAll('th')
    .data([t('plan.col.budgetYear'), ...columns.map((k) => t(`report.budget.${k}`))]).join('th').attr('scope', 'col').text((h) => h);
  d3.select('#school-budget tbody').selectAll('tr').data(lines).join('tr')
    .selectAll('td').data((l) => [budgetYearLabel(plan, l.budgetYear), ...columns.map((k) => fmt.number(Math.round(l[k])))]).join('td').text((v) => v);
  d3.select('#summary-notes').text(t('summary.notes', { currency, financing: t(`report.financing.${plan.budget.financing}`), vat: fmt.number(plan.budget.vatRate * 100) }));
}


async function main() {
  try {
    const me = await session();
    const municipality = me.municipalities.find((m) => m.id === param('municipality')) ?? me.municipalities[0];
    const query = new URLSearchParams({ municipality: municipality.id, ...(param('scenario') ? { scenario: param('scenario') } : {}) });
    d3.select('#back-to-plan').attr('href', `/plan?${query}`);
    const plan = await api(`/api/v1/plan?${query}`);
    render(plan, param('school') ?? plan.schools[0]?.schoolId, municipality);
    document.body.dataset.ready = 'true';
  } catch (err) {
    showError(err);
  }
}

main();
