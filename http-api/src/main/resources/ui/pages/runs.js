// Audit runs (every run this node remembers, whoever started it, polled while any runs) and
// reconciliation runs (the detector, run now; its report), plus the detector's run counts from
// /metrics. Listing audit runs and starting either needs an admin token.

import { getJson, getText, postJson } from '../api.js';
import { h, table, section, keyValues, instant, number, errorText } from '../dom.js';
import * as prom from '../prometheus.js';

const POLL_MS = 2000;
const DETECTOR_RUNS = 'tally_detector_runs_total';
const DETECTOR_SECONDS = 'tally_detector_run_seconds';

/** Reconciliation reports received in this tab (newest first). */
const reports = [];

export function render(main) {
  const audit = h('div', { id: 'audit-runs' }, 'loading…');
  const auditOutcome = h('p', { id: 'audit-outcome', role: 'status' });
  const fromKey = h('input', { id: 'audit-from', type: 'text', placeholder: 'from key (optional)' });
  const toKey = h('input', { id: 'audit-to', type: 'text', placeholder: 'to key, exclusive (optional)' });
  const auditForm = h('form', { class: 'inline', id: 'audit-form' }, fromKey, toKey,
    h('button', { type: 'submit', id: 'audit-start' }, 'Start audit run'));
  const dryRun = h('input', { id: 'reconcile-dry-run', type: 'checkbox' });
  const reconcileButton = h('button', { type: 'button', id: 'reconcile-start' }, 'Run the drift detector now');
  const reconcileOutcome = h('div', { id: 'reconcile-outcome', role: 'status' });
  const detector = h('div', { id: 'detector-runs' });
  main.append(
    section('Audit runs (this node)', auditForm, auditOutcome, audit),
    section('Reconciliation', h('div', { class: 'inline' }, reconcileButton, h('label', {}, dryRun, ' dry run')),
      reconcileOutcome, detector));
  let stopped = false;

  auditForm.addEventListener('submit', async event => {
    event.preventDefault();
    const scope = {};
    if (fromKey.value.trim()) scope.fromKey = fromKey.value.trim();
    if (toKey.value.trim()) scope.toKey = toKey.value.trim();
    try {
      const { body } = await postJson('/v1/audit/runs', scope);
      auditOutcome.className = 'ok';
      auditOutcome.textContent = `audit run ${body.id} started`;
      refreshAudit();
    } catch (e) {
      auditOutcome.className = 'error';
      auditOutcome.textContent = `not started: ${errorText(e)}${e.status === 403 ? ' (needs an admin token)' : ''}`;
    }
  });

  reconcileButton.addEventListener('click', async () => {
    reconcileButton.disabled = true;
    const started = Date.now();
    const ticker = setInterval(() => {
      reconcileOutcome.textContent = `running… ${((Date.now() - started) / 1000).toFixed(0)} s`;
    }, 1000);
    reconcileOutcome.textContent = 'running…';
    try {
      const { body } = await postJson('/v1/reconciliations', { dryRun: dryRun.checked });
      reports.unshift(body);
      drawReports(reconcileOutcome);
    } catch (e) {
      reconcileOutcome.replaceChildren(h('p', { class: 'error' },
        `${errorText(e)}${e.status === 403 ? ' (needs an admin token)' : ''}`));
    } finally {
      clearInterval(ticker);
      reconcileButton.disabled = false;
      if (!stopped) refreshDetector();
    }
  });

  async function refreshAudit() {
    let runs;
    try {
      runs = (await getJson('/v1/audit/runs')).runs;
    } catch (e) {
      if (stopped) return false;
      audit.replaceChildren(h('p', { class: e.status === 403 ? 'muted' : 'error' },
        e.status === 403 ? 'listing audit runs needs an admin token' : errorText(e)));
      return false;
    }
    if (stopped) return false;
    if (!runs.length) {
      audit.replaceChildren(h('p', { class: 'muted' }, 'no audit run on this node since it started'));
      return false;
    }
    audit.replaceChildren(table([
      ['Run', r => r.id], ['State', r => h('span', { class: `run-${r.state}`, 'data-run-state': r.state }, r.state)],
      ['Started', r => instant(r.startedAt)],
      ['Entities', r => r.progress?.entitiesChecked ?? '–', 'num'], ['Events', r => r.progress?.eventsChecked ?? '–', 'num'],
      ['Findings', r => r.progress?.findings ?? '–', 'num'],
      ['Elapsed (s)', r => (r.progress ? number(r.progress.elapsedMillis / 1000, 1) : '–'), 'num'],
      ['Report', r => (r.report ? `chain breaks ${r.report.chainBreaks}, state mismatches ${r.report.stateMismatches}, `
        + `findings ${JSON.stringify(r.report.findingsByKind || {})}` : (r.error || ''))],
    ], runs, { id: 'audit-rows' }));
    return runs.some(r => r.state === 'running');
  }

  async function refreshDetector() {
    const families = prom.parse(await getText('/metrics'));
    if (stopped) return;
    const byOutcome = prom.sumBy(families, DETECTOR_RUNS, 'outcome');
    const seconds = prom.samples(families, DETECTOR_SECONDS, DETECTOR_SECONDS + '_sum').reduce((a, x) => a + x.value, 0);
    const count = prom.samples(families, DETECTOR_SECONDS, DETECTOR_SECONDS + '_count').reduce((a, x) => a + x.value, 0);
    detector.replaceChildren(h('h3', {}, 'Detector runs on this node (metrics)'),
      table([['Outcome', o => o], ['Runs', o => byOutcome[o], 'num']], Object.keys(byOutcome).sort(), { id: 'detector-outcomes' }),
      h('p', { class: 'muted' }, `mean run time ${count ? number(seconds / count, 2) : '–'} s`));
  }

  drawReports(reconcileOutcome);
  const tick = async () => {
    try {
      await refreshAudit();
      await refreshDetector();
      if (!stopped) main.dataset.state = 'ready';
    } catch (e) {
      audit.replaceChildren(h('p', { class: 'error' }, errorText(e)));
      main.dataset.state = 'error';
    }
  };
  tick();
  const timer = setInterval(tick, POLL_MS);
  return () => { stopped = true; clearInterval(timer); };
}

function drawReports(el) {
  if (!reports.length) {
    el.replaceChildren(h('p', { class: 'muted' }, 'no reconciliation run from this tab yet'));
    return;
  }
  const r = reports[0];
  el.replaceChildren(keyValues([
    ['Run', r.runId], ['Trigger', r.trigger], ['Dry run', r.dryRun ? 'yes' : 'no'],
    ['Started / finished', `${instant(r.startedAt)} / ${instant(r.finishedAt)}`],
    ['Entities checked', r.entitiesChecked], ['Slice-windows checked / diverged', `${r.sliceWindowsChecked} / ${r.sliceWindowsDiverged}`],
    ['Discrepancies', h('span', { id: 'reconcile-discrepancies' }, String(r.discrepancies.length))],
    ['Repairs', h('span', { id: 'reconcile-repairs' }, r.repairs.map(x => `${x.entityKey}: ${x.status}`).join(', ') || 'none')],
  ]), h('p', { class: 'muted' }, `${reports.length} run(s) from this tab`));
}
