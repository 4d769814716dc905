// Divergences the drift detector found: expected (the journal's) next to actual (the view row's).

import { h, instant, values } from '../dom.js';
import { pagedRecords } from './records.js';

const COLUMNS = [
  ['Detected', d => instant(d.detectedAt)],
  ['Kind', d => d.kind],
  ['Entity', d => h('a', { href: `#/entity/${encodeURIComponent(d.entityKey)}` }, d.entityKey)],
  ['Slice', d => d.slice, 'num'],
  ['Window', d => instant(d.windowStart)],
  ['Expected (journal)', d => values(d.expected)],
  ['Actual (view)', d => values(d.actual)],
];

export function render(main) {
  return pagedRecords(main, { name: 'discrepancies', title: 'Discrepancies', path: '/v1/discrepancies', columns: COLUMNS });
}
