#!/usr/bin/env python3
# Writes tally-dashboard.json (run from this folder: ./generate-dashboard.py > tally-dashboard.json).
# The JSON is the artifact Grafana imports; edit the panels here and regenerate, so that the
# layout stays computed. MonitoringIT checks every metric the result uses against a real node.
import json

J = 'job=~"$job"'
RI = '$__rate_interval'
DS = {"type": "prometheus", "uid": "${datasource}"}

panels = []
pid = [0]
y = [0]
x = [0]
row_h = [0]

def nid():
    pid[0] += 1
    return pid[0]

def row(title):
    if x[0] != 0:
        y[0] += row_h[0]
        x[0] = 0
    panels.append({"type": "row", "title": title, "id": nid(), "collapsed": False,
                   "gridPos": {"h": 1, "w": 24, "x": 0, "y": y[0]}, "panels": []})
    y[0] += 1
    row_h[0] = 0

def place(w, h):
    if x[0] + w > 24:
        y[0] += row_h[0]
        x[0] = 0
        row_h[0] = 0
    pos = {"h": h, "w": w, "x": x[0], "y": y[0]}
    x[0] += w
    row_h[0] = max(row_h[0], h)
    return pos

def targets(exprs):
    out = []
    for i, (expr, legend) in enumerate(exprs):
        out.append({"datasource": DS, "expr": expr, "legendFormat": legend, "refId": chr(65 + i)})
    return out

def ts(title, desc, exprs, unit="short", w=8, h=8, stack=False, min0=True):
    p = {"type": "timeseries", "title": title, "description": desc, "id": nid(), "datasource": DS,
         "gridPos": place(w, h), "targets": targets(exprs),
         "fieldConfig": {"defaults": {"unit": unit, "custom": {"drawStyle": "line", "lineWidth": 1,
                                                                "fillOpacity": 10 if stack else 0,
                                                                "stacking": {"mode": "normal" if stack else "none"}}},
                         "overrides": []},
         "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                     "tooltip": {"mode": "multi", "sort": "desc"}}}
    if min0:
        p["fieldConfig"]["defaults"]["min"] = 0
    panels.append(p)

def stat(title, desc, expr, unit="short", w=4, h=4, thresholds=None):
    steps = [{"color": "green", "value": None}]
    for v, c in (thresholds or []):
        steps.append({"color": c, "value": v})
    panels.append({"type": "stat", "title": title, "description": desc, "id": nid(), "datasource": DS,
                   "gridPos": place(w, h), "targets": targets([(expr, "")]),
                   "fieldConfig": {"defaults": {"unit": unit, "thresholds": {"mode": "absolute", "steps": steps}},
                                   "overrides": []},
                   "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                               "colorMode": "value", "graphMode": "area", "textMode": "auto"}})

def q(hist, quantile, by="le"):
    return f'histogram_quantile({quantile}, sum by ({by}) (rate({hist}_bucket{{{J}}}[{RI}])))'

INGEST_ROUTES = '/v1/events|/v1/cdc/debezium|/v1/batches'
LATEST_RUN = (f'tally_divergences_open{{{J}}} and on(job, instance) (tally_detector_last_run_timestamp_seconds{{{J}}}'
              f' == on(job) group_left() max by (job) (tally_detector_last_run_timestamp_seconds{{{J}}}))')

# Overview
row("Overview")
stat("Ingest (events/s)", "Events answered by the ingest paths (HTTP, batches, CDC), all outcomes.",
     f'sum(rate(tally_ingest_outcomes_total{{{J}}}[{RI}]))', "short")
stat("Ingest 5xx", "Share of ingest requests (/v1/events, /v1/cdc/debezium, /v1/batches) answered 5xx.",
     f'(sum(rate(tally_http_server_requests_seconds_count{{{J}, route=~"{INGEST_ROUTES}", status_class="5xx"}}[{RI}])) or vector(0))'
     f' / sum(rate(tally_http_server_requests_seconds_count{{{J}, route=~"{INGEST_ROUTES}"}}[{RI}]))',
     "percentunit", thresholds=[(0.01, "orange"), (0.05, "red")])
stat("Projection lag p99", "Persist-to-view lag, all slices and nodes (from the histogram buckets).",
     q("tally_projection_lag_seconds", 0.99), "s", thresholds=[(5, "orange"), (30, "red")])
stat("Open divergences", "Discrepancies found by the latest detector run in the cluster and not repaired.",
     f'max({LATEST_RUN})', "short", thresholds=[(1, "orange")])
stat("Repairs failed (24h)", "View repairs that failed in the last 24 hours.",
     f'sum(increase(tally_repairs_total{{{J}, outcome="failed"}}[24h]))', "short", thresholds=[(1, "red")])
stat("Unreachable members", "Cluster members marked unreachable, the most any node sees.",
     f'max(tally_cluster_unreachable_members{{{J}}})', "short", thresholds=[(1, "red")])

# Ingest
row("Ingest")
ts("Ingest outcomes", "Events per second by outcome (accepted, duplicate, rejected, conflict, gone, unavailable).",
   [(f'sum by (outcome) (rate(tally_ingest_outcomes_total{{{J}}}[{RI}]))', "{{outcome}}")], "short", stack=True)
ts("Requests refused before entity work", "Ingest requests turned away by a node's admission (429) or store gate (503), by bound.",
   [(f'sum by (bound) (rate(tally_ingest_refused_total{{{J}}}[{RI}]))', "{{bound}}")], "reqps")
ts("Entity-command admission", "Entity commands ingest may drive at once (the adaptive limit, per node) and those it drives; a limit backed off to its minimum means commands finish slower than its latency target.",
   [(f'tally_ingest_entity_commands_limit{{{J}}}', "limit {{instance}}"),
    (f'tally_ingest_entity_commands_in_flight{{{J}}}', "in flight {{instance}}")], "short")
ts("Late events and producer sequence gaps", "Accepted events that corrected a closed window, and accepted events that opened a gap in their producer's sequence.",
   [(f'sum(rate(tally_ingest_late_total{{{J}}}[{RI}]))', "late"),
    (f'sum(rate(tally_producer_sequence_gaps_total{{{J}}}[{RI}]))', "sequence gaps")], "short")
ts("HTTP requests by status", "All HTTP requests by status class.",
   [(f'sum by (status_class) (rate(tally_http_server_requests_seconds_count{{{J}}}[{RI}]))', "{{status_class}}")], "reqps", stack=True)
ts("HTTP 5xx by route", "Server errors by route template.",
   [(f'sum by (route, status) (rate(tally_http_server_requests_seconds_count{{{J}, status_class="5xx"}}[{RI}]))', "{{route}} {{status}}")], "reqps")
ts("HTTP latency p99 by route", "Time to the response's start, 99th percentile per route template (from the histogram buckets).",
   [(q("tally_http_server_requests_seconds", 0.99, "le, route"), "{{route}}")], "s")
ts("HTTP latency, ingest", "p50 / p90 / p99 of POST /v1/events.",
   [(f'histogram_quantile({p}, sum by (le) (rate(tally_http_server_requests_seconds_bucket{{{J}, route="/v1/events"}}[{RI}])))', f"p{int(p*100)}")
    for p in (0.5, 0.9, 0.99)], "s")
ts("HTTP requests in flight", "Requests each node is working on.",
   [(f'sum by (instance) (tally_http_server_requests_in_flight{{{J}}})', "{{instance}}")], "short")

# Projections
row("Projections (window views)")
ts("Projection lag", "Persist-to-view lag per event, all slices: p50 / p90 / p99.",
   [(q("tally_projection_lag_seconds", p), f"p{int(p*100)}") for p in (0.5, 0.9, 0.99)], "s")
ts("Projection lag p99 per slice", "Persist-to-view lag per slice.",
   [(q("tally_projection_lag_seconds", 0.99, "le, slice"), "slice {{slice}}")], "s")
ts("Freshness per slice", "Time since each slice's projection last applied a group (the freshest node's value per slice). A stalled slice is one that grows while the others stay low.",
   [(f'time() - max by (slice) (tally_projection_last_advanced_timestamp_seconds{{{J}}})', "slice {{slice}}")], "s")
ts("Events applied per slice", "Events written to the window views per second.",
   [(f'sum by (slice) (rate(tally_projection_events_total{{{J}}}[{RI}]))', "slice {{slice}}")], "short", stack=True)
ts("Gaps, corrections, redeliveries", "Events missing from eventsByTag filled from the journal or left to the detector; restatements of closed windows; redelivered events skipped.",
   [(f'sum(rate(tally_projection_gaps_filled_total{{{J}}}[{RI}]))', "gaps filled"),
    (f'sum(rate(tally_projection_gaps_unfilled_total{{{J}}}[{RI}]))', "gaps left to the detector"),
    (f'sum(rate(tally_window_corrections_total{{{J}}}[{RI}]))', "corrections"),
    (f'sum(rate(tally_projection_redelivered_total{{{J}}}[{RI}]))', "redelivered")], "short")
ts("Last group's lag per slice", "Persist-to-view lag of the last group each slice applied.",
   [(f'max by (slice) (tally_projection_last_lag_seconds{{{J}}})', "slice {{slice}}")], "s")

# Reconciliation
row("Reconciliation (drift detector and repairs)")
ts("Divergences found", "Divergences the drift detector recorded, by kind (missing, extra, mismatch).",
   [(f'sum by (kind) (increase(tally_divergences_found_total{{{J}}}[{RI}]))', "{{kind}}")], "short", stack=True)
ts("Open divergences", "Discrepancies of the latest detector run not repaired (proposed or failed repairs).",
   [(f'max({LATEST_RUN})', "open")], "short")
ts("Repairs by outcome", "View repairs: applied, no-change, failed.",
   [(f'sum by (outcome) (increase(tally_repairs_total{{{J}}}[{RI}]))', "{{outcome}}")], "short", stack=True)
ts("Time to detect", "From the close of the entity's window to detection: p50 / p99.",
   [(q("tally_divergence_time_to_detect_seconds", p), f"p{int(p*100)}") for p in (0.5, 0.99)], "s")
ts("Repair latency", "From detection (auto-repair) or approval to the repaired row: p50 / p99.",
   [(q("tally_repair_latency_seconds", p), f"p{int(p*100)}") for p in (0.5, 0.99)], "s")
ts("Detector runs", "Runs by outcome, and run duration p90.",
   [(f'sum by (outcome) (increase(tally_detector_runs_total{{{J}}}[{RI}]))', "{{outcome}}"),
    (q("tally_detector_run_seconds", 0.9), "duration p90 (s)")], "short")
ts("Divergence rate and windows compared", "Discrepancies per slice-window compared in the last run; slice-windows compared per second.",
   [(f'max(tally_divergence_rate{{{J}}})', "divergence rate"),
    (f'sum(rate(tally_detector_windows_compared_total{{{J}}}[{RI}]))', "windows compared/s")], "short")
ts("Since the last detector run", "Time since the cluster's latest drift detector run ended.",
   [(f'time() - max(tally_detector_last_run_timestamp_seconds{{{J}}} > 0)', "since last run")], "s")

# Quarantine, batches, CDC
row("Quarantine, batches and CDC")
ts("Quarantined by reason", "Rejected events kept in the quarantine, by reason (a rule id, conflict, gone).",
   [(f'sum by (reason) (rate(tally_quarantined_total{{{J}}}[{RI}]))', "{{reason}}")], "short", stack=True)
ts("Quarantine writes", "Quarantine write failures per second, and write time p99.",
   [(f'sum(rate(tally_quarantine_write_failures_total{{{J}}}[{RI}]))', "write failures/s"),
    (q("tally_quarantine_write_seconds", 0.99), "write p99 (s)")], "short")
ts("Quarantine re-submissions", "Re-submissions of quarantined events, by the corrected event's outcome.",
   [(f'sum by (outcome) (increase(tally_quarantine_resubmissions_total{{{J}}}[{RI}]))', "{{outcome}}")], "short")
ts("Batch rows by outcome", "Rows of batch files per second, by outcome.",
   [(f'sum by (outcome) (rate(tally_batch_rows_total{{{J}}}[{RI}]))', "{{outcome}}")], "short", stack=True)
ts("Batches finished", "Batch files finished, by status, and their run time p90.",
   [(f'sum by (status) (increase(tally_batches_total{{{J}}}[{RI}]))', "{{status}}"),
    (q("tally_batch_seconds", 0.9), "run time p90 (s)")], "short")
ts("Statements compared", "Records or windows of compared statements, by kind, and compare time p90.",
   [(f'sum by (kind) (increase(tally_statement_differences_total{{{J}}}[{RI}]))', "{{kind}}"),
    (q("tally_statement_compare_seconds", 0.9), "compare p90 (s)")], "short")
ts("CDC changes", "Debezium change events by op and outcome.",
   [(f'sum by (op, outcome) (rate(tally_cdc_changes_total{{{J}}}[{RI}]))', "{{op}} {{outcome}}")], "short", stack=True)
ts("CDC consumer lag", "Kafka records not yet consumed, per topic and partition.",
   [(f'max by (topic, partition) (tally_cdc_consumer_lag{{{J}}})', "{{topic}}/{{partition}}")], "short")

# Cluster and JVM
row("Cluster and JVM")
ts("Cluster members by status", "Members by status, as the node that sees the most in each status.",
   [(f'max by (status) (tally_cluster_members{{{J}}}) > 0', "{{status}}"),
    (f'max(tally_cluster_unreachable_members{{{J}}})', "unreachable")], "short")
ts("Heap used", "JVM heap used and max per node.",
   [(f'sum by (instance) (jvm_memory_used_bytes{{{J}, area="heap"}})', "{{instance}} used"),
    (f'sum by (instance) (jvm_memory_max_bytes{{{J}, area="heap"}} > 0)', "{{instance}} max")], "bytes")
ts("GC pause time", "Share of time in GC pauses per node, and pauses per second.",
   [(f'sum by (instance) (rate(jvm_gc_pause_seconds_sum{{{J}}}[{RI}]))', "{{instance}} time in GC"),
    (f'sum by (instance) (rate(jvm_gc_pause_seconds_count{{{J}}}[{RI}]))', "{{instance}} pauses/s")], "short")
ts("CPU", "Process and system CPU usage per node.",
   [(f'max by (instance) (process_cpu_usage{{{J}}})', "{{instance}} process"),
    (f'max by (instance) (system_cpu_usage{{{J}}})', "{{instance}} system")], "percentunit")
ts("Threads", "Live JVM threads per node.",
   [(f'max by (instance) (jvm_threads_live_threads{{{J}}})', "{{instance}}")], "short")
ts("Uptime", "Process uptime per node.",
   [(f'max by (instance) (process_uptime_seconds{{{J}}})', "{{instance}}")], "s")

# Cassandra
row("Cassandra driver")
ts("CQL request latency", "The Cassandra session's request latency (driver side): p50 / p99.",
   [(q("cassandra_session_cql_requests_seconds", p), f"p{int(p*100)}") for p in (0.5, 0.99)], "s")
ts("CQL requests", "CQL requests per second per node.",
   [(f'sum by (instance) (rate(cassandra_session_cql_requests_seconds_count{{{J}}}[{RI}]))', "{{instance}}")], "reqps")
ts("CQL errors", "Client-side timeouts and errors returned by Cassandra, per second.",
   [(f'sum(rate(cassandra_session_cql_client_timeouts_total{{{J}}}[{RI}]))', "client timeouts"),
    (f'sum(rate(cassandra_nodes_errors_request_write_timeouts_total{{{J}}}[{RI}]))', "write timeouts"),
    (f'sum(rate(cassandra_nodes_errors_request_read_timeouts_total{{{J}}}[{RI}]))', "read timeouts"),
    (f'sum(rate(cassandra_nodes_errors_request_unavailables_total{{{J}}}[{RI}]))', "unavailables"),
    (f'sum(rate(cassandra_nodes_errors_request_aborted_total{{{J}}}[{RI}]))', "aborted"),
    (f'sum(rate(cassandra_nodes_errors_request_unsent_total{{{J}}}[{RI}]))', "unsent"),
    (f'sum(rate(cassandra_nodes_errors_request_others_total{{{J}}}[{RI}]))', "others"),
    (f'sum(rate(cassandra_nodes_retries_total{{{J}}}[{RI}]))', "retries"),
    (f'sum(rate(cassandra_session_throttling_errors_total{{{J}}}[{RI}]))', "throttling errors")], "short")
ts("Connections", "Cassandra nodes connected, open connections and requests in flight, per Tally node.",
   [(f'min by (instance) (cassandra_session_connected_nodes{{{J}}})', "{{instance}} connected nodes"),
    (f'sum by (instance) (cassandra_nodes_pool_open_connections{{{J}}})', "{{instance}} open connections"),
    (f'sum by (instance) (cassandra_nodes_pool_in_flight{{{J}}})', "{{instance}} in flight")], "short")
ts("Requests held during an outage", "How long requests waited in the driver's throttler (Tally holds requests while no Cassandra node is up): p99.",
   [(q("cassandra_session_throttling_delay_seconds", 0.99), "p99")], "s")
ts("CQL bytes", "Bytes sent to and received from Cassandra per second.",
   [(f'sum(rate(cassandra_session_bytes_sent_total{{{J}}}[{RI}]))', "sent"),
    (f'sum(rate(cassandra_session_bytes_received_total{{{J}}}[{RI}]))', "received")], "Bps")

dashboard = {
    "title": "Tally",
    "uid": "tally-overview",
    "description": "Tally nodes: ingest, projections, reconciliation, quarantine/batches/CDC, cluster, JVM, Cassandra driver. Metrics of GET /metrics (docs/monitoring.md).",
    "tags": ["tally"],
    "editable": True,
    "graphTooltip": 1,
    "schemaVersion": 39,
    "version": 1,
    "refresh": "30s",
    "time": {"from": "now-3h", "to": "now"},
    "timepicker": {},
    "timezone": "",
    "annotations": {"list": []},
    "links": [],
    "templating": {"list": [
        {"name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus",
         "current": {}, "hide": 0, "refresh": 1, "options": [], "regex": ""},
        {"name": "job", "label": "Job", "type": "query", "datasource": DS,
         "definition": "label_values(tally_ingest_outcomes_total, job)",
         "query": {"query": "label_values(tally_ingest_outcomes_total, job)", "refId": "job"},
         "includeAll": True, "multi": True, "allValue": ".*", "current": {}, "hide": 0, "refresh": 2,
         "options": [], "regex": "", "sort": 1},
    ]},
    "panels": panels,
}
print(json.dumps(dashboard, indent=2))
