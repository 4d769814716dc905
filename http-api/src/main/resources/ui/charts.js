// Hand-written SVG charts (no library): a time line chart and a grouped bar chart. Colours come
// from CSS classes s0..s5, so no inline style is needed (the CSP allows none).

import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 600;
const HEIGHT = 200;
const PAD = { left: 48, right: 8, top: 8, bottom: 22 };
const SERIES_CLASSES = 6;

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function frame(label) {
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label });
  svg.append(s('line', { class: 'axis', x1: PAD.left, y1: HEIGHT - PAD.bottom, x2: WIDTH - PAD.right, y2: HEIGHT - PAD.bottom }));
  svg.append(s('line', { class: 'axis', x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: HEIGHT - PAD.bottom }));
  return svg;
}

function yAxis(svg, max) {
  svg.append(s('text', { x: 2, y: PAD.top + 8 }, short(max)));
  svg.append(s('text', { x: 2, y: HEIGHT - PAD.bottom }, '0'));
}

function short(n) {
  if (!Number.isFinite(n)) return '–';
  if (Math.abs(n) >= 1e6) return (n / 1e6).toFixed(1) + 'M';
  if (Math.abs(n) >= 1e3) return (n / 1e3).toFixed(1) + 'k';
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function legend(names) {
  return h('div', { class: 'legend' }, names.map((name, i) =>
    h('span', {}, h('span', { class: `swatch s${i % SERIES_CLASSES}` }), name)));
}

/** series: [{name, points: [[timeMillis, value], ...]}] -> a figure with the chart and its legend. */
export function lineChart(label, series) {
  const svg = frame(label);
  const all = series.flatMap(x => x.points).filter(([, v]) => Number.isFinite(v));
  if (!all.length) {
    svg.append(s('text', { x: WIDTH / 2 - 30, y: HEIGHT / 2 }, 'no data yet'));
    return h('figure', {}, svg, legend(series.map(x => x.name)));
  }
  const t0 = Math.min(...all.map(([t]) => t));
  const t1 = Math.max(...all.map(([t]) => t));
  const max = Math.max(...all.map(([, v]) => v), 1e-9);
  const x = t => PAD.left + (t1 === t0 ? 0 : (t - t0) / (t1 - t0)) * (WIDTH - PAD.left - PAD.right);
  const y = v => HEIGHT - PAD.bottom - (v / max) * (HEIGHT - PAD.top - PAD.bottom);
  yAxis(svg, max);
  svg.append(s('text', { x: PAD.left, y: HEIGHT - 6 }, new Date(t0).toISOString().slice(11, 19)));
  svg.append(s('text', { x: WIDTH - PAD.right - 44, y: HEIGHT - 6 }, new Date(t1).toISOString().slice(11, 19)));
  series.forEach((one, i) => {
    const pts = one.points.filter(([, v]) => Number.isFinite(v)).map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`);
    if (pts.length) svg.append(s('polyline', { class: `line s${i % SERIES_CLASSES}`, points: pts.join(' ') }));
  });
  return h('figure', {}, svg, legend(series.map(x => x.name)));
}

/** groups: [{label, values: [n per series]}], names: the series -> grouped bars with a legend. */
export function barChart(label, groups, names) {
  const svg = frame(label);
  const max = Math.max(1e-9, ...groups.flatMap(g => g.values.filter(Number.isFinite)));
  const inner = WIDTH - PAD.left - PAD.right;
  const groupWidth = groups.length ? inner / groups.length : inner;
  const barWidth = Math.max(1, (groupWidth * 0.8) / Math.max(1, names.length));
  const labelEvery = Math.max(1, Math.ceil(groups.length / 8));
  yAxis(svg, max);
  groups.forEach((g, gi) => {
    g.values.forEach((v, si) => {
      if (!Number.isFinite(v)) return;
      const height = (v / max) * (HEIGHT - PAD.top - PAD.bottom);
      svg.append(s('rect', { class: `s${si % SERIES_CLASSES}`, x: (PAD.left + gi * groupWidth + si * barWidth).toFixed(1),
        y: (HEIGHT - PAD.bottom - height).toFixed(1), width: barWidth.toFixed(1), height: height.toFixed(1) },
      ));
    });
    if (gi % labelEvery === 0) svg.append(s('text', { x: (PAD.left + gi * groupWidth).toFixed(1), y: HEIGHT - 6 }, g.label));
  });
  if (!groups.length) svg.append(s('text', { x: WIDTH / 2 - 30, y: HEIGHT / 2 }, 'no data'));
  return h('figure', {}, svg, legend(names));
}
