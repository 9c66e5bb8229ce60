// The building page's charts: lines over time against capacity, and the weekday × hour grid.
// Series names come from devices and the config, so they are set with .text() only.
/* global d3 */
import { fmt, t } from './common.js';

/**
 * @typedef {{ time: number, value: number }} ChartPoint
 * @typedef {{ name: string, points: ChartPoint[] }} ChartLine
 * @typedef {{ value: number, label: string, cls?: string }} ChartRule
 * @typedef {{ from: number, to: number, rules?: ChartRule[], onZoom?: (from: number, to: number) => void, empty?: string }} TimeAxis
 * @typedef {{ name: string, colour?: string, dash?: string | null, cls?: string }} LegendItem
 */

const MARGIN = { top: 12, right: 190, bottom: 28, left: 56 };
const HEIGHT = 220;

/** An axis's numbers in the reader's language: 1 000 and 0,5 in Norwegian, 1,000 and 0.5 in English. */
const axisNumber = (v) => fmt.number(v, Number.isInteger(v) ? 0 : 1);

/** Words in lines of at most `width` characters (a longer word stands alone on its line). */
function wrapWords(text, width) {
  const lines = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

const widthOf = (svg) => Math.max(520, svg.node().parentNode.clientWidth - 10);

/**
 * Lines over [from, to], each {name, points: [{time, value}]}, with optional horizontal rules
 * ({value, label, cls}) such as capacity and the planning limit. `onZoom(from, to)` is called when
 * the reader drags across the chart.
 * @param {string} selector
 * @param {TimeAxis & { lines: ChartLine[] }} options
 */
export function timeChart(selector, { from, to, lines, rules = [], onZoom, empty }) {
  const svg = d3.select(selector);
  const width = widthOf(svg);
  svg.attr('width', width).attr('height', HEIGHT).selectAll('*').remove();
  const x = d3.scaleTime().domain([new Date(from), new Date(to)]).range([MARGIN.left, width - MARGIN.right]);
  const top = d3.max([...lines.flatMap((l) => l.points.map((p) => p.value)), ...rules.map((r) => r.value)]) ?? 1;
  const y = d3.scaleLinear().domain([0, top * 1.05 || 1]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`).call(d3.axisBottom(x).ticks(Math.round(width / 110)).tickFormat((d) => fmt.tick(d, to - from)));
  svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(5).tickFormat(axisNumber));
  const colour = d3.scaleOrdinal(d3.schemeTableau10);
  const line = /** @type {import('d3').Line<ChartPoint>} */ (d3.line()).defined((p) => Number.isFinite(p.value)).x((p) => x(new Date(p.time))).y((p) => y(p.value));
  svg.append('g').attr('class', 'lines').selectAll('path').data(lines).join('path')
    .attr('class', 'series').attr('fill', 'none').attr('stroke-width', 1.5)
    .attr('stroke', (l, i) => colour(String(i))).attr('stroke-dasharray', (l, i) => (i % 2 ? '5 2' : null))
    .attr('d', (l) => line(l.points))
    .append('title').text((l) => l.name);
  svg.append('g').attr('class', 'rules').selectAll('line').data(rules).join('line')
    .attr('class', (r) => `rule ${r.cls ?? ''}`).attr('x1', MARGIN.left).attr('x2', width - MARGIN.right)
    .attr('y1', (r) => y(r.value)).attr('y2', (r) => y(r.value));
  // The legend names every line and rule in words; line styles differ too, so colour is not the only cue.
  const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(${width - MARGIN.right + 12},${MARGIN.top})`);
  /** @type {LegendItem[]} */
  const items = [...lines.map((l, i) => ({ name: l.name, colour: colour(String(i)), dash: i % 2 ? '5 2' : null })), ...rules.map((r) => ({ name: r.label, cls: r.cls }))];
  const item = legend.selectAll('g').data(items.slice(0, 12)).join('g').attr('transform', (d, i) => `translate(0,${i * 16})`);
  item.append('line').attr('x1', 0).attr('x2', 18).attr('y1', 0).attr('y2', 0)
    .attr('class', (d) => (d.cls ? `rule ${d.cls}` : null)).attr('stroke', (d) => d.colour ?? null).attr('stroke-dasharray', (d) => d.dash ?? null).attr('stroke-width', 2);
  // Long names are cut to fit beside the chart; the full name is the item's tooltip.
  item.append('text').attr('x', 24).attr('y', 4).text((d) => (d.name.length > 26 ? `${d.name.slice(0, 25)}…` : d.name));
  item.append('title').text((d) => d.name);
  if (items.length > 12) legend.append('text').attr('y', 12 * 16 + 4).text(t('chart.more', { count: items.length - 12 }));
  if (lines.every((l) => l.points.length === 0)) {
    svg.append('text').attr('class', 'empty').attr('x', (MARGIN.left + width - MARGIN.right) / 2).attr('y', HEIGHT / 2).attr('text-anchor', 'middle').text(empty ?? t('chart.empty'));
  }
  if (onZoom) zoomBrush(svg, x, width, onZoom);
  svg.attr('data-points', lines.reduce((n, l) => n + l.points.length, 0));
}

/** Dragging across a chart calls `onZoom(from, to)` with the times under the drag. */
function zoomBrush(svg, x, width, onZoom) {
  const brush = d3.brushX().extent([[MARGIN.left, MARGIN.top], [width - MARGIN.right, HEIGHT - MARGIN.bottom]]).on('end', (event) => {
    if (!event.selection) return;
    const [a, b] = event.selection.map((px) => x.invert(px).getTime());
    if (b - a > 60_000) onZoom(Math.round(a), Math.round(b));
  });
  svg.append('g').attr('class', 'brush').call(brush);
}

/** The weekday × hour grid: cells {weekday 1–7, hour, mean}, shaded by `value(cell)` in 0–1. */
export function heatmap(selector, { cells, value, describe }) {
  const svg = d3.select(selector);
  const cell = 22;
  const left = 44;
  const top = 18;
  svg.attr('width', left + 24 * cell + 10).attr('height', top + 7 * cell + 34).selectAll('*').remove();
  const shade = d3.scaleSequential(d3.interpolateYlOrRd).domain([0, 1]);
  svg.append('g').selectAll('text').data(d3.range(0, 24, 2)).join('text')
    .attr('x', (h) => left + h * cell + cell / 2).attr('y', top - 5).attr('text-anchor', 'middle').attr('class', 'tick-label').text((h) => String(h).padStart(2, '0'));
  const weekdays = t('chart.weekdays', { returnObjects: true });
  svg.append('g').selectAll('text').data(weekdays).join('text')
    .attr('x', left - 6).attr('y', (d, i) => top + i * cell + cell / 2 + 4).attr('text-anchor', 'end').attr('class', 'tick-label').text((d) => d);
  svg.append('g').selectAll('rect').data(cells).join('rect')
    .attr('class', 'cell')
    .attr('x', (c) => left + c.hour * cell).attr('y', (c) => top + (c.weekday - 1) * cell)
    .attr('width', cell - 1).attr('height', cell - 1)
    .attr('fill', (c) => shade(Math.min(1, value(c))))
    .append('title').text((c) => `${weekdays[c.weekday - 1]} ${String(c.hour).padStart(2, '0')}:00 ${describe(c)}`);
  const legend = svg.append('g').attr('transform', `translate(${left},${top + 7 * cell + 12})`);
  legend.selectAll('rect').data(d3.range(0, 1.01, 0.1)).join('rect')
    .attr('x', (v, i) => i * 24).attr('width', 24).attr('height', 10).attr('fill', (v) => shade(v));
  legend.append('text').attr('x', 11 * 24 + 8).attr('y', 10).attr('class', 'tick-label').text(t('chart.scale'));
  if (cells.length === 0) svg.append('text').attr('x', left).attr('y', top + 3 * cell).text(t('chart.noHours'));
}

/**
 * Bars per group (a budget year) and series (a scenario), side by side. Patterns as well as colours
 * tell the series apart, and each bar's title gives its figure in words. The axis is in `unit` (a
 * currency) with room for its widest figure; the legend under the chart gives each series' full name.
 * @param {string} selector
 * @param {{ groups: { label: string, values: number[] }[], series: string[], format: (n: number) => string, unit?: string }} options
 */
export function groupedBars(selector, { groups, series, format, unit }) {
  const svg = d3.select(selector);
  const width = widthOf(svg);
  const y = d3.scaleLinear().domain([0, d3.max(groups.flatMap((g) => g.values)) || 1]).nice();
  // The left margin fits the longest tick label (about 7 px a character at the axis's size).
  const left = Math.max(MARGIN.left, (d3.max(y.ticks(5).map((v) => axisNumber(v).length)) ?? 0) * 7 + 16);
  const legendHeight = series.length * 18 + 8;
  const height = HEIGHT + legendHeight;
  const bottom = HEIGHT - MARGIN.bottom;
  svg.attr('width', width).attr('height', height).selectAll('*').remove();
  y.range([bottom, MARGIN.top + 14]);
  const x = d3.scaleBand().domain(groups.map((g) => g.label)).range([left, width - 12]).padding(0.2);
  const inner = d3.scaleBand().domain(series).range([0, x.bandwidth()]).padding(0.05);
  svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${bottom})`).call(d3.axisBottom(x));
  svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${left},0)`).call(d3.axisLeft(y).ticks(5).tickFormat(axisNumber));
  if (unit) svg.append('text').attr('class', 'axis-unit').attr('x', left - 6).attr('y', MARGIN.top).attr('text-anchor', 'end').attr('font-size', 10).text(unit);
  const colour = d3.scaleOrdinal(d3.schemeTableau10).domain(series);
  svg.append('g').attr('class', 'bars').selectAll('g').data(groups).join('g')
    .attr('transform', (g) => `translate(${x(g.label)},0)`)
    .selectAll('rect').data((g) => g.values.map((value, i) => ({ group: g.label, name: series[i], value })))
    .join('rect').attr('class', 'bar')
    .attr('x', (d) => inner(d.name) ?? 0).attr('width', inner.bandwidth())
    .attr('y', (d) => y(d.value)).attr('height', (d) => y(0) - y(d.value))
    .attr('fill', (d) => colour(d.name)).attr('stroke', '#1f2328').attr('stroke-dasharray', (d) => (series.indexOf(d.name) % 2 ? '3 2' : null))
    .append('title').text((d) => `${d.name}, ${d.group}: ${format(d.value)}`);
  const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(${left},${HEIGHT + 4})`);
  const item = legend.selectAll('g').data(series).join('g').attr('transform', (d, i) => `translate(0,${i * 18})`);
  item.append('rect').attr('width', 14).attr('height', 10).attr('y', -8).attr('fill', (d) => colour(d)).attr('stroke', '#1f2328').attr('stroke-dasharray', (d, i) => (i % 2 ? '3 2' : null));
  item.append('text').attr('x', 20).attr('y', 1).text((d) => d);
  svg.attr('data-bars', groups.length * series.length);
}

/**
 * Layers stacked over [from, to] (each {name, points: [{time, value}]}, summed at each time), with
 * rules such as the line's capacity. Each layer's title names it; the legend lists them top down.
 * @param {string} selector
 * @param {TimeAxis & { layers: ChartLine[] }} options
 */
export function stackedChart(selector, { from, to, layers, rules = [], onZoom, empty }) {
  const svg = d3.select(selector);
  const width = widthOf(svg);
  svg.attr('width', width).attr('height', HEIGHT).selectAll('*').remove();
  const times = [...new Set(layers.flatMap((l) => l.points.map((p) => p.time)))].sort((a, b) => a - b);
  const byLayer = layers.map((l) => new Map(l.points.map((p) => [p.time, p.value])));
  const rows = times.map((time) => Object.fromEntries([['time', time], ...layers.map((l, i) => [l.name, byLayer[i].get(time) ?? 0])]));
  const stacked = d3.stack().keys(layers.map((l) => l.name))(rows);
  const x = d3.scaleTime().domain([new Date(from), new Date(to)]).range([MARGIN.left, width - MARGIN.right]);
  const top = d3.max([...(stacked.at(-1) ?? []).map((d) => d[1]), ...rules.map((r) => r.value)]) ?? 1;
  const y = d3.scaleLinear().domain([0, top * 1.05 || 1]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`).call(d3.axisBottom(x).ticks(Math.round(width / 110)).tickFormat((d) => fmt.tick(d, to - from)));
  svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(5).tickFormat(axisNumber));
  const colour = d3.scaleOrdinal(d3.schemeTableau10).domain(layers.map((l) => l.name));
  const area = /** @type {import('d3').Area<import('d3').SeriesPoint<Record<string, number>>>} */ (d3.area()).x((d) => x(new Date(d.data.time))).y0((d) => y(d[0])).y1((d) => y(d[1]));
  svg.append('g').attr('class', 'layers').selectAll('path').data(stacked).join('path')
    .attr('class', 'layer').attr('fill', (s) => colour(s.key)).attr('fill-opacity', 0.85).attr('d', area)
    .append('title').text((s) => s.key);
  svg.append('g').attr('class', 'rules').selectAll('line').data(rules).join('line')
    .attr('class', (r) => `rule ${r.cls ?? ''}`).attr('x1', MARGIN.left).attr('x2', width - MARGIN.right)
    .attr('y1', (r) => y(r.value)).attr('y2', (r) => y(r.value));
  const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(${width - MARGIN.right + 12},${MARGIN.top})`);
  /** @type {LegendItem[]} */
  const items = [...layers.map((l) => ({ name: l.name, colour: colour(l.name) })).reverse(), ...rules.map((r) => ({ name: r.label, cls: r.cls }))];
  // A long name wraps onto a second line (or more) rather than being cut: each item starts below the last.
  const lines = items.map((d) => wrapWords(d.name, 26));
  const tops = lines.reduce((acc, l, i) => [...acc, (acc[i] ?? 0) + l.length * 13 + 3], [0]);
  const item = legend.selectAll('g').data(items).join('g').attr('transform', (d, i) => `translate(0,${tops[i]})`);
  item.filter((d) => !d.cls).append('rect').attr('width', 14).attr('height', 10).attr('y', -8).attr('fill', (d) => d.colour ?? null);
  item.filter((d) => !!d.cls).append('line').attr('x1', 0).attr('x2', 14).attr('class', (d) => `rule ${d.cls}`);
  item.append('text').attr('x', 20).attr('y', 1).selectAll('tspan').data((d, i) => lines[i] ?? [d.name]).join('tspan').attr('x', 20).attr('dy', (_, k) => (k === 0 ? 0 : 13)).text((l) => l);
  item.append('title').text((d) => d.name);
  if (times.length === 0) {
    svg.append('text').attr('class', 'empty').attr('x', (MARGIN.left + width - MARGIN.right) / 2).attr('y', HEIGHT / 2).attr('text-anchor', 'middle').text(empty ?? t('chart.empty'));
  }
  if (onZoom) zoomBrush(svg, x, width, onZoom);
  svg.attr('data-layers', layers.length).attr('data-points', times.length);
}
