package io.tally.http.node;

import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.handleExceptions;
import static akka.http.javadsl.server.Directives.handleRejections;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.pathPrefixTest;
import static akka.http.javadsl.server.Directives.withRequestTimeoutResponse;

import akka.http.javadsl.server.Route;
import io.tally.http.batch.BatchRoutes;
import io.tally.http.batch.BatchRunner;
import io.tally.http.batch.CheckpointRoutes;
import io.tally.http.cdc.CdcRoutes;
import io.tally.http.cdc.KafkaChangeSource;
import io.tally.http.ApiErrors;
import io.tally.http.RequestIds;
import io.tally.http.StoreGate;
import io.tally.http.ingest.EventRoutes;
import io.tally.http.ingest.QuarantineRoutes;
import io.tally.http.read.AuditRoutes;
import io.tally.http.read.EntityRoutes;
import io.tally.http.read.ReconciliationRoutes;
import io.tally.http.read.WindowRoutes;

/**
 * The whole HTTP surface: health and the dashboard ({@code /ui}) at the root, the API under
 * {@code /v1}, all wrapped once in the
 * JSON error handling so that every response, including unknown routes, wrong methods and requests
 * past the server's request timeout, has the API's error shape and names its request id
 * ({@link RequestIds}).
 */
public final class ApiRoutes {

  private final HealthRoutes health;
  private final EventRoutes events;
  private final CdcRoutes cdc;
  private final EntityRoutes entities;
  private final AuditRoutes audit;
  private final WindowRoutes windows;
  private final ReconciliationRoutes reconciliation;
  private final QuarantineRoutes quarantine;
  private final BatchRoutes batches;
  private final BatchRunner batchRunner;
  private final KafkaChangeSource kafkaChanges;
  private final CheckpointRoutes checkpoints;
  private final MetricsRoutes metrics;
  private final ApiErrors errors;
  private final StoreGate store;
  private final DashboardRoutes dashboard = new DashboardRoutes();

  ApiRoutes(HealthRoutes health, EventRoutes events, CdcRoutes cdc, EntityRoutes entities, AuditRoutes audit,
      WindowRoutes windows, ReconciliationRoutes reconciliation, QuarantineRoutes quarantine, BatchRoutes batches,
      BatchRunner batchRunner, KafkaChangeSource kafkaChanges, CheckpointRoutes checkpoints, MetricsRoutes metrics, ApiErrors errors,
      StoreGate store) {
    this.batches = batches;
    this.checkpoints = checkpoints;
    this.batchRunner = batchRunner;
    this.kafkaChanges = kafkaChanges;
    this.health = health;
    this.events = events;
    this.cdc = cdc;
    this.entities = entities;
    this.audit = audit;
    this.windows = windows;
    this.reconciliation = reconciliation;
    this.quarantine = quarantine;
    this.metrics = metrics;
    this.errors = errors;
    this.store = store;
  }

  public Route routes() {
    return RequestIds.withRequestId(errors.json(), id -> withRequestTimeoutResponse(
        request -> RequestIds.identified(errors.json(), errors.requestTimedOut(request), id),
        () -> handleExceptions(
            errors.exceptions(),
            () ->
                handleRejections(
                    errors.rejections(),
                    () -> concat(health.routes(), metrics.routes(), dashboard.routes(), pathPrefix("v1", () -> concat(
                        // Ingest and entity reads wake entities: turned away while Cassandra is unreachable.
                        pathPrefixTest("events", () -> store.guard(events.routes())),
                        pathPrefixTest("cdc", () -> store.guard(cdc.routes())),
                        pathPrefixTest("entities", () -> store.guard(entities.routes())),
                        pathPrefixTest("batches", () -> store.guard(batches.routes())),
                        audit.routes(), windows.routes(), reconciliation.routes(), quarantine.routes(),
                        checkpoints.routes())))))));
  }

  /** Runs this node's batch files (resumed at start-up). */
  /** The Kafka change source, not started (the node starts it when tally.cdc.kafka is configured). */
  public KafkaChangeSource kafkaChanges() {
    return kafkaChanges;
  }

  public BatchRunner batchRunner() {
    return batchRunner;
  }
}
