// Meridian dashboard charts (docs/dashboard.md, "Charts"): draws /api/charts and every "charts" event app.js forwards
// (as a `meridian-charts` window event) as plain SVG line charts. No libraries: the page must work offline.
// DOM contract the browser tests rely on: #charts figure[data-chart] with path[data-series] per line, each with
// data-last (the newest value) and data-points (how many values it has).

import { el, svg, withToken } from './dom.js';

// Colour-blind-safe, each ≥ 4.5:1 against white (Okabe–Ito, darkened).
const PALETTE = ['#0b5cad', '#b45309', '#047857', '#7e22ce', '#be123c', '#0e7490', '#4d7c0f', '#92400e'];
const WIDTH = 520;
const HEIGHT = 170;
const PAD = { left: 64, right: 10, top: 10, bottom: 24 };

const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour12: false, hour: '2-digit', minute: '2-digit' });

function bytes(value) {
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)} MB/s`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} kB/s`;
  return `${value.toFixed(0)} B/s`;
}

const FORMATS = {
  rate: (v) => `${v.toFixed(1)}/s`,
  ms: (v) => `${v.toFixed(0)} ms`,
  percent: (v) => `${v.toFixed(1)} %`,
  bytes,
};

function lastValue(values) {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i];
  return null;
}

// One line per series, its values at the chart set's shared times; a null value breaks the line (nothing was
// scraped then), so a gap never reads as zero.
function pathOf(values, times, x, y) {
  let d = '';
  let pen = false;
  values.forEach((value, i) => {
    if (value === null) { pen = false; return; }
    d += `${pen ? 'L' : 'M'}${x(times[i]).toFixed(1)},${y(value).toFixed(1)}`;
    pen = true;
  });
  return d;
}

// cap: the highest value the axis shows; a line above it is drawn along the top (its legend still says the value).
function drawChart(figure, title, unit, series, times, from, to, cap = Infinity) {
  const values = series.flatMap((s) => s.points).filter((v) => v !== null);
  const max = Math.min(Math.max(unit === 'percent' ? 1 : 0, ...values), cap) * 1.1 || 1;
  const start = Date.parse(from);
  const end = Math.max(Date.parse(to), start + 1);
  const x = (t) => PAD.left + ((t - start) / (end - start)) * (WIDTH - PAD.left - PAD.right);
  const y = (v) => HEIGHT - PAD.bottom - (Math.min(v, max) / max) * (HEIGHT - PAD.top - PAD.bottom);
  const format = FORMATS[unit];
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': title, class: 'chart' });
  for (const fraction of [0, 0.5, 1]) {
    const v = (max / 1.1) * fraction;
    chart.append(svg('line', { class: 'grid', x1: PAD.left, x2: WIDTH - PAD.right, y1: y(v), y2: y(v) }));
    chart.append(svg('text', { class: 'axis', x: PAD.left - 4, y: y(v) + 4, 'text-anchor': 'end' }, format(v)));
  }
  chart.append(svg('text', { class: 'axis', x: PAD.left, y: HEIGHT - 6 }, clock(start)));
  chart.append(svg('text', { class: 'axis', x: WIDTH - PAD.right, y: HEIGHT - 6, 'text-anchor': 'end' }, clock(end)));
  for (const s of series) {
    const last = lastValue(s.points);
    chart.append(svg('path', {
      d: pathOf(s.points, times, x, y),
      stroke: s.color,
      class: s.style ?? 'line',
      'data-series': s.name,
      'data-last': last === null ? '' : last.toFixed(3),
      'data-points': s.points.filter((v) => v !== null).length,
    }));
  }
  const legend = el('figcaption', {}, el('strong', {}, title));
  const summary = series.filter((s) => s.legend !== false).map((s) => {
    const last = lastValue(s.points);
    // CSSOM, not a style attribute: the page's CSP (default-src 'self') refuses inline style attributes.
    const mark = el('span', { class: `mark ${s.style ?? 'line'}` });
    mark.style.borderColor = s.color;
    return el('span', { class: 'key' }, mark, ` ${s.label}: ${last === null ? 'no data' : format(last)}`);
  });
  legend.append(...summary);
  figure.replaceChildren(chart, legend);
}

function figure(name) {
  let node = document.querySelector(`#charts figure[data-chart="${name}"]`);
  if (!node) {
    node = el('figure', { 'data-chart': name });
    document.querySelector('#charts').append(node);
  }
  return node;
}

function render(charts) {
  const section = document.querySelector('#charts');
  if (!section || !charts.to) return;
  section.dataset.to = charts.to;
  const times = charts.times.map((t) => Date.parse(t));
  const color = new Map(charts.regions.map((r, i) => [r.region, PALETTE[i % PALETTE.length]]));
  const regions = charts.regions;
  drawChart(figure('commits'), 'Commits per second, per region', 'rate',
    regions.map((r) => ({ name: r.region, label: r.region, color: color.get(r.region), points: r.commitsPerSecond })), times, charts.from, charts.to);
  // A p99 that waited through a failover (seconds) would flatten the p50 and F lines to the bottom: the axis stops at
  // four times the highest p50 or F, and a p99 above that runs along the top.
  const typical = regions.flatMap((r) => [...r.latencyP50Ms, ...r.floorMs]).filter((v) => v !== null);
  drawChart(figure('latency'), 'Commit latency p50 / p99 (probe), and the floor F (dotted)', 'ms', regions.flatMap((r) => [
    { name: `${r.region}:p50`, label: `${r.region} p50`, color: color.get(r.region), points: r.latencyP50Ms },
    { name: `${r.region}:p99`, label: `${r.region} p99`, color: color.get(r.region), points: r.latencyP99Ms, style: 'dashed' },
    { name: `${r.region}:floor`, label: `${r.region} F`, color: color.get(r.region), points: r.floorMs, style: 'dotted' },
  ]), times, charts.from, charts.to, typical.length ? 4 * Math.max(...typical) : Infinity);
  drawChart(figure('flow-control'), 'Flow control paused, most paused node per region', 'percent',
    regions.map((r) => ({ name: r.region, label: r.region, color: color.get(r.region), points: r.flowControlPausedPercent })), times, charts.from, charts.to);
  drawChart(figure('wan-bytes'), 'Bytes over each WAN link, per direction', 'bytes',
    charts.links.map((l, i) => ({ name: `${l.from}>${l.to}`, label: `${l.from} → ${l.to}`, color: PALETTE[i % PALETTE.length], points: l.bytesPerSecond, style: i % 2 ? 'dashed' : 'line' })),
    times, charts.from, charts.to);
  document.querySelector('#charts-empty').hidden = true;
}

window.addEventListener('meridian-charts', (event) => render(event.detail));
fetch(withToken('/api/charts')).then((response) => (response.ok ? response.json() : null)).then((charts) => charts && render(charts)).catch(() => {});
