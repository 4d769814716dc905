// One entity: its state (and its state as of a chosen ingestion instant), its windows as a chart
// next to the view rows, and its events with their hash-chain status (the audit stream, read only
// as far as the page shown).

import { getJson, readNdjson } from '../api.js';
import { h, table, section, keyValues, instant, errorText } from '../dom.js';
import { barChart } from '../charts.js';

const EVENTS_PAGE = 50;

export function render(main, params) {
  const key = params.rest || '';
  const asOf = params.asOf || '';
  const from = Math.max(1, Number.parseInt(params.from || '1', 10) || 1);
  const keyInput = h('input', { id: 'entity-key', type: 'text', value: key, placeholder: 'entity key', spellcheck: 'false' });
  const asOfInput = h('input', { id: 'entity-asof', type: 'text', value: asOf, placeholder: 'as of, e.g. 2026-11-21T12:00:00Z' });
  const form = h('form', { class: 'inline', id: 'entity-form' }, h('label', { for: 'entity-key' }, 'Entity'), keyInput,
    h('label', { for: 'entity-asof' }, 'State as of'), asOfInput, h('button', { type: 'submit', id: 'entity-show' }, 'Show'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const k = keyInput.value.trim();
    const a = asOfInput.value.trim();
    location.hash = `#/entity/${encodeURIComponent(k)}${a ? `?asOf=${encodeURIComponent(a)}` : ''}`;
  });
  main.append(form);
  if (!key) {
    main.append(h('p', { class: 'muted' }, 'Enter an entity key (links from the discrepancy and repair tables lead here).'));
    main.dataset.state = 'ready';
    return null;
  }
  const parts = {
    state: h('div', { id: 'entity-state' }, 'loading…'),
    asOf: h('div', { id: 'entity-asof-state' }, asOf ? 'loading…' : 'Enter an instant above to see the state as of then.'),
    chart: h('div', { id: 'entity-window-chart' }),
    views: h('div', { id: 'entity-views' }, 'loading…'),
    events: h('div', { id: 'entity-events' }, 'loading…'),
  };
  main.append(
    h('div', { class: 'side' }, section('State', parts.state), section(asOf ? `State as of ${asOf}` : 'State as of', parts.asOf)),
    h('div', { class: 'side' }, section('Windows: entity and view', parts.chart), section('View rows', parts.views)),
    section('Events and hash chain', parts.events));
  let stopped = false;
  const path = `/v1/entities/${encodeURIComponent(key)}`;
  const fail = el => e => { el.replaceChildren(h('p', { class: 'error' }, errorText(e))); throw e; };
  const loads = [
    getJson(path).then(state => {
      if (stopped) return;
      parts.state.replaceChildren(stateList(state));
      return windows(key, state, parts).catch(fail(parts.views));
    }).catch(fail(parts.state)),
    asOf ? getJson(path, { asOf }).then(state => parts.asOf.replaceChildren(stateList(state))).catch(fail(parts.asOf)) : null,
    events(key, from, parts.events).catch(fail(parts.events)),
  ];
  Promise.all(loads).then(() => { if (!stopped) main.dataset.state = 'ready'; }, () => { if (!stopped) main.dataset.state = 'error'; });
  return () => { stopped = true; };
}

function stateList(s) {
  return keyValues([
    ['Balance', s.balance], ['Deleted', s.deleted ? `yes, at ${instant(s.deletedAt)}` : 'no'],
    ['Last seqNr', s.lastSeqNr], ['Last ingested', instant(s.lastIngestedAt)], ['Last hash', s.lastHash],
    ['Events', s.counts ? `${s.counts.events} (recorded ${s.counts.recorded}, retracted ${s.counts.retracted}, late ${s.counts.late})` : '–'],
    ['Attributes', s.attributes ? JSON.stringify(s.attributes) : '–'],
    ['Windows retained', (s.windows || []).length],
  ]);
}

/** The view rows over the span of the entity's retained windows, charted beside the entity's own sums. */
async function windows(key, state, parts) {
  const own = state.windows || [];
  if (!own.length) {
    parts.chart.replaceChildren(h('p', { class: 'muted' }, 'the entity retains no windows'));
    parts.views.replaceChildren(h('p', { class: 'muted' }, 'no windows to look up'));
    return;
  }
  const starts = own.map(w => Date.parse(w.windowStart));
  const from = new Date(Math.min(...starts)).toISOString();
  const to = new Date(Math.max(...starts) + 1).toISOString();
  const { windows: rows } = await getJson('/v1/windows', { entity: key, from, to });
  const byStart = new Map(rows.map(r => [Date.parse(r.windowStart), r]));
  const all = [...new Set([...starts, ...byStart.keys()])].sort((a, b) => a - b);
  const ownByStart = new Map(own.map(w => [Date.parse(w.windowStart), w]));
  parts.chart.replaceChildren(barChart('Window sums: entity and view', all.map(t => ({
    label: new Date(t).toISOString().slice(11, 19),
    values: [Number(ownByStart.get(t)?.sum ?? NaN), Number(byStart.get(t)?.sum ?? NaN)],
  })), ['entity sum', 'view sum']));
  parts.views.replaceChildren(table([
    ['Window', r => instant(r.windowStart)], ['Count', r => r.count, 'num'], ['Sum', r => r.sum, 'num'],
    ['Late', r => r.lateCount, 'num'], ['Retracted', r => r.retractedCount, 'num'], ['Version', r => r.version, 'num'],
    ['Matches entity', r => {
      const o = ownByStart.get(Date.parse(r.windowStart));
      return o ? (Number(o.sum) === Number(r.sum) && o.count === r.count ? 'yes' : 'no') : 'not retained';
    }],
  ], rows, { id: 'view-rows' }));
}

async function events(key, from, el) {
  const page = [];
  let more = false;
  let streamError = null;
  await readNdjson(`/v1/audit/entities/${encodeURIComponent(key)}/events`, line => {
    if (line.seqNr === undefined) { streamError = line; return false; } // the stream's closing error line
    if (line.seqNr >= from + EVENTS_PAGE) { more = true; return false; }
    if (line.seqNr >= from) page.push(line);
    return true;
  });
  const pager = h('div', { class: 'pager' },
    from > 1 ? h('a', { href: `#/entity/${encodeURIComponent(key)}?from=${Math.max(1, from - EVENTS_PAGE)}` }, 'Previous') : '',
    h('span', {}, `events ${from}–${from + page.length - 1}`),
    more ? h('a', { id: 'events-next', href: `#/entity/${encodeURIComponent(key)}?from=${from + EVENTS_PAGE}` }, 'Next') : '');
  el.replaceChildren(pager,
    streamError ? h('p', { class: 'error' }, `journal not read to the end: ${errorText(streamError)}`) : '', table([
    ['SeqNr', l => l.seqNr, 'num'], ['Kind', l => l.event.kind], ['Idempotency key', l => l.event.idempotencyKey],
    ['Event time', l => instant(l.event.eventTime)], ['Ingested', l => instant(l.event.ingestedAt)],
    ['Amount', l => l.event.amount ?? '–', 'num'], ['Late', l => (l.event.late ? 'late' : '')],
    ['Chain', l => h('span', { class: `chain-${l.chain}` }, l.chain === 'ok' ? 'ok'
      : `${l.chain}: ${(l.problems || []).map(p => p.kind).join(', ')}`)],
  ], page, { id: 'event-rows' }));
}
