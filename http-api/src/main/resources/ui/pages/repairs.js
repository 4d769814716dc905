// View repairs with before/after; proposed ones get an Approve button (POST /v1/repairs/{id}/approve,
// scope admin) whose outcome, 200, 403, 404 or 409, is shown beside the table.

import { postJson } from '../api.js';
import { h, instant, values, errorText } from '../dom.js';
import { pagedRecords } from './records.js';

const COLUMNS = [
  ['Created', r => instant(r.createdAt)],
  ['Status', r => h('span', { class: `status-${r.status}`, 'data-repair-status': r.id }, r.status)],
  ['Entity', r => h('a', { href: `#/entity/${encodeURIComponent(r.entityKey)}` }, r.entityKey)],
  ['Window', r => instant(r.windowStart)],
  ['Before (view)', r => values(r.before)],
  ['After (journal)', r => values(r.after)],
  ['Trigger / actor', r => `${r.trigger} / ${r.actor}`],
  ['Approved by', r => h('span', { 'data-repair-approver': r.id }, r.approvedBy || '–')],
  ['', r => (r.status === 'proposed'
    ? h('button', { type: 'button', class: 'approve', 'data-repair': r.id }, 'Approve') : '')],
];

export function render(main) {
  const outcome = h('p', { id: 'approve-outcome', role: 'status' });
  main.append(h('section', {}, h('h2', {}, 'Approval'), outcome,
    h('p', { class: 'muted' }, 'Approving re-plans the row from the journal and applies it; it needs an admin token.')));
  return pagedRecords(main, {
    name: 'repairs', title: 'Repairs', path: '/v1/repairs', columns: COLUMNS,
    decorate: t => t.addEventListener('click', event => {
      const button = event.target.closest('button.approve');
      if (button) approve(button, outcome);
    }),
  });
}

async function approve(button, outcome) {
  const id = button.dataset.repair;
  button.disabled = true;
  outcome.className = '';
  outcome.textContent = `approving ${id}…`;
  try {
    const { body } = await postJson(`/v1/repairs/${encodeURIComponent(id)}/approve`);
    const status = document.querySelector(`[data-repair-status="${CSS.escape(id)}"]`);
    if (status) {
      status.textContent = body.status;
      status.className = `status-${body.status}`;
    }
    const approver = document.querySelector(`[data-repair-approver="${CSS.escape(id)}"]`);
    if (approver) approver.textContent = body.approvedBy || '–';
    button.remove();
    outcome.className = 'ok';
    outcome.textContent = `repair ${id}: ${body.status} (approved by ${body.approvedBy || '?'}), after: ${values(body.after)}`;
  } catch (e) {
    button.disabled = e.status === 409 || e.status === 404;
    outcome.className = 'error';
    const why = { 403: 'needs an admin token', 409: 'no longer proposed', 404: 'not found' }[e.status];
    outcome.textContent = `repair ${id} not approved: ${errorText(e)}${why ? ` (${why})` : ''}`;
  }
}
