// Overview from /metrics (polled; rates from counter deltas between polls) and the newest records:
// ingest rate and outcomes, projection lag and freshness per slice, divergences found / open /
// repaired over time.

import { getJson, getText } from '../api.js';
import { h, table, section, number, instant, errorText } from '../dom.js';
import { lineChart, barChart } from '../charts.js';
import * as prom from '../prometheus.js';

const POLL_MS = 5000;
/** Polls kept for the charts (10 minutes at POLL_MS). */
const HISTORY = 120;
/** Records read for the per-hour chart: one bounded page of each list. */
const RECENT_RECORDS = 100;
const HOURS_CHARTED = 24;
const HOUR_MS = 3600 * 1000;

const INGEST = 'tally_ingest_outcomes_total';
const LAST_ADVANCED = 'tally_projection_last_advanced_timestamp_seconds';
const LAST_LAG = 'tally_projection_last_lag_seconds';
const LAG = 'tally_projection_lag_seconds';
const FOUND = 'tally_divergences_found_total';
const OPEN = 'tally_divergences_open';
const REPAIRS = 'tally_repairs_total';

/** Kept across visits of the page within the tab, so that rates and charts survive navigation. */
const history = [];

export function render(main) {
  const parts = {
    status: h('p', { class: 'muted', id: 'overview-status' }, 'reading /metrics…'),
    ingest: h('div', { id: 'ingest' }),
    slices: h('div', { id: 'slices' }),
    divergences: h('div', { id: 'divergences' }),
    records: h('div', { id: 'records-per-hour' }),
  };
  main.append(parts.status, h('div', { class: 'grid' },
    section('Ingest', parts.ingest),
    section('Projections per slice', parts.slices),
    section('Divergences', parts.divergences),
    section(`Discrepancies and repairs per hour (newest ${RECENT_RECORDS} of each)`, parts.records)));
  let stopped = false;
  const poll = async () => {
    try {
      const families = prom.parse(await getText('/metrics'));
      if (stopped) return;
      history.push({ at: Date.now(), families });
      if (history.length > HISTORY) history.shift();
      drawIngest(parts.ingest);
      drawSlices(parts.slices, families);
      drawDivergences(parts.divergences);
      parts.status.textContent = `metrics read at ${new Date().toISOString().slice(0, 19)}Z, every ${POLL_MS / 1000} s`;
      parts.status.className = 'muted';
      main.dataset.state = 'ready';
    } catch (e) {
      parts.status.textContent = errorText(e);
      parts.status.className = 'error';
      main.dataset.state = 'error';
    }
  };
  poll();
  drawRecords(parts.records).catch(e => parts.records.replaceChildren(h('p', { class: 'error' }, errorText(e))));
  const timer = setInterval(poll, POLL_MS);
  return () => { stopped = true; clearInterval(timer); };
}

/** Per-second rate of each label value of a counter between two polls. */
function rates(a, b, name, label) {
  const before = prom.sumBy(a.families, name, label);
  const after = prom.sumBy(b.families, name, label);
  const seconds = (b.at - a.at) / 1000;
  const out = {};
  for (const [k, v] of Object.entries(after)) out[k] = seconds > 0 ? Math.max(0, v - (before[k] || 0)) / seconds : NaN;
  return out;
}

function drawIngest(el) {
  const last = history[history.length - 1];
  const totals = prom.sumBy(last.families, INGEST, 'outcome');
  const latest = history.length > 1 ? rates(history[history.length - 2], last, INGEST, 'outcome') : {};
  const outcomes = Object.keys(totals).sort();
  const series = outcomes.map(outcome => ({ name: `${outcome} /s`, points: history.slice(1).map((b, i) =>
    [b.at, rates(history[i], b, INGEST, 'outcome')[outcome]]) }));
  el.replaceChildren(
    table([['Outcome', o => o], ['Events', o => totals[o], 'num'], ['Rate /s (last poll)', o => number(latest[o]), 'num']],
      outcomes, { id: 'ingest-outcomes' }),
    outcomes.length ? lineChart('Ingest rate by outcome', series) : h('p', { class: 'muted' }, 'no events ingested yet'));
}

function drawSlices(el, families) {
  const advanced = prom.sumBy(families, LAST_ADVANCED, 'slice');
  const lastLag = prom.sumBy(families, LAST_LAG, 'slice');
  const p99 = prom.quantileBy(families, LAG, 'slice', 0.99);
  const slices = [...new Set([...Object.keys(advanced), ...Object.keys(lastLag)])].sort((a, b) => a - b);
  const now = Date.now() / 1000;
  el.replaceChildren(
    table([
      ['Slice', s => s, 'num'],
      ['Last advanced', s => (advanced[s] ? instant(new Date(advanced[s] * 1000).toISOString()) : '–')],
      ['Freshness (s ago)', s => (advanced[s] ? number(now - advanced[s], 1) : '–'), 'num'],
      ['Last group lag (s)', s => number(lastLag[s], 3), 'num'],
      ['Lag p99 (s)', s => number(p99[s], 3), 'num'],
    ], slices, { id: 'slice-rows' }),
    slices.length ? '' : h('p', { class: 'muted' }, 'no projection has applied a group yet'));
}

function drawDivergences(el) {
  const last = history[history.length - 1].families;
  const repairs = prom.sumBy(last, REPAIRS, 'outcome');
  const point = f => ({ found: prom.total(f, FOUND), open: prom.total(f, OPEN), repaired: prom.sumBy(f, REPAIRS, 'outcome').applied || 0 });
  const now = point(last);
  el.replaceChildren(
    h('p', { id: 'divergence-totals' }, `found ${now.found}, open ${now.open}, repaired ${now.repaired}`),
    table([['Repair outcome', o => o], ['Repairs', o => repairs[o], 'num']], Object.keys(repairs).sort(), { id: 'repair-outcomes' }),
    lineChart('Divergences over time', ['found', 'open', 'repaired'].map(name =>
      ({ name, points: history.map(x => [x.at, point(x.families)[name]]) }))));
}

async function drawRecords(el) {
  const [ds, rs] = await Promise.all([
    getJson('/v1/discrepancies', { limit: RECENT_RECORDS }), getJson('/v1/repairs', { limit: RECENT_RECORDS })]);
  const end = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS;
  const hours = Array.from({ length: HOURS_CHARTED }, (_, i) => end - (HOURS_CHARTED - i) * HOUR_MS);
  const bin = (items, field) => hours.map(start => items.filter(x => {
    const t = Date.parse(x[field]);
    return t >= start && t < start + HOUR_MS;
  }).length);
  const found = bin(ds.items, 'detectedAt');
  const repaired = bin(rs.items, 'createdAt');
  el.replaceChildren(
    h('p', { id: 'records-summary' }, `${ds.items.length} discrepancies, ${rs.items.length} repairs listed`),
    barChart('Discrepancies and repairs per hour', hours.map((start, i) =>
      ({ label: new Date(start).toISOString().slice(11, 16), values: [found[i], repaired[i]] })), ['discrepancies', 'repairs']));
}
