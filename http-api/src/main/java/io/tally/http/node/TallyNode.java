package io.tally.http.node;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.ServerBinding;
import com.typesafe.config.Config;
import io.tally.http.ApiErrors;
import io.tally.http.ApiJson;
import io.tally.http.HttpSettings;
import io.tally.http.RouteSupport;
import io.tally.http.StoreGate;
import io.tally.http.auth.ApiTokenSource;
import io.tally.http.auth.ApiTokens;
import io.tally.http.auth.BearerAuth;
import io.tally.http.batch.BatchRoutes;
import io.tally.http.batch.BatchRunner;
import io.tally.http.batch.BatchSchema;
import io.tally.http.batch.BatchSettings;
import io.tally.http.batch.BatchSpool;
import io.tally.http.batch.BatchStatus;
import io.tally.http.batch.BatchStore;
import io.tally.http.batch.CassandraBatchStore;
import io.tally.http.batch.CassandraStatementStore;
import io.tally.http.batch.CheckpointRoutes;
import io.tally.http.batch.DifferenceKind;
import io.tally.http.batch.StatementStore;
import io.tally.http.cdc.CdcRoutes;
import io.tally.http.cdc.CdcSettings;
import io.tally.http.cdc.DebeziumMapping;
import io.tally.http.cdc.KafkaChangeSource;
import io.tally.http.cdc.KafkaSourceSettings;
import io.tally.http.dto.EventStatus;
import io.tally.http.ingest.EntityCommands;
import io.tally.http.ingest.EventIngestion;
import io.tally.http.ingest.EventJsonReader;
import io.tally.http.ingest.EventRoutes;
import io.tally.http.ingest.IngestAdmission;
import io.tally.http.ingest.JsonIngest;
import io.tally.http.ingest.PacedIngestion;
import io.tally.http.ingest.QuarantineIntake;
import io.tally.http.ingest.QuarantineRoutes;
import io.tally.http.quarantine.CassandraQuarantine;
import io.tally.http.quarantine.Quarantine;
import io.tally.http.quarantine.QuarantineSchema;
import io.tally.http.quarantine.QuarantineSettings;
import io.tally.http.read.AuditRoutes;
import io.tally.http.read.EntityHistory;
import io.tally.http.read.EntityRoutes;
import io.tally.http.read.JournalEntityHistory;
import io.tally.http.read.ReadAdmission;
import io.tally.http.read.ReconciliationRoutes;
import io.tally.http.read.WindowRoutes;
import io.tally.ledger.EntityKeyRule;
import io.tally.ledger.EventContract;
import io.tally.ledger.EventTimeWindows;
import io.tally.ledger.LedgerService;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.ShardedLedgerService;
import io.tally.ledger.journal.CassandraJournalReader;
import io.tally.ledger.journal.JournalReader;
import io.tally.projections.CqlStore;
import io.tally.projections.ProjectionSettings;
import io.tally.projections.ProjectionsRuntime;
import io.tally.projections.audit.AuditRuns;
import io.tally.projections.audit.Auditor;
import io.tally.projections.audit.ViewWindowCheck;
import io.tally.projections.metrics.NodeMetrics;
import io.tally.projections.metrics.TallyMetrics;
import io.tally.projections.statement.CassandraCheckpointStore;
import io.tally.projections.statement.CheckpointSchema;
import io.tally.projections.statement.CheckpointSettings;
import io.tally.projections.statement.CheckpointStore;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * One running Tally node: the actor system (cluster member, persistence on Cassandra) and its HTTP
 * API. Built from a complete, resolved config; {@link io.tally.http.Main} adds the Cassandra location.
 */
public final class TallyNode {

  static final String SYSTEM_NAME = "tally";
  /** Bounds each start-up step that waits (read side ready, HTTP bound). */

  private final ActorSystem<Void> system;
  private final ServerBinding binding;

  private TallyNode(ActorSystem<Void> system, ServerBinding binding) {
    this.system = system;
    this.binding = binding;
  }

  /**
   * Starts the node and returns once HTTP is bound. On failure the actor system is terminated and
   * the cause rethrown.
   */
  public static TallyNode start(Config config) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
    if (!CommonPoolParallelism.isPooled()) {
      system.log().warn("ForkJoinPool common parallelism is {}: every CompletableFuture async stage starts a thread. "
          + "Start the JVM with -D{}={} or more (Main does this itself)", ForkJoinPool.getCommonPoolParallelism(),
          CommonPoolParallelism.PROPERTY, CommonPoolParallelism.MINIMUM);
    }
    try {
      HttpSettings http = HttpSettings.fromConfig(config);
      Duration startStepTimeout = config.getDuration("tally.node.start-step-timeout");
      ApiTokens tokens = ApiTokenSource.load(http.auth(), System.getenv(), TallyNode::announceDevToken);
      if (tokens.unnamed() > 0) {
        system.log().warn("{} API token entries have no name and are named by position (token-<n>): name them "
            + "(name:token=scopes) so that reordering the entries does not rename their callers", tokens.unnamed());
      }
      LedgerSettings ledgerSettings = LedgerSettings.create(config);
      Clock clock = Clock.systemUTC();
      ClusterJoin.start(system, config);
      LedgerService ledger = ShardedLedgerService.init(system, ledgerSettings, clock);
      ProjectionSettings projectionSettings = ProjectionSettings.create(config);
      TallyMetrics metrics = metrics(system);
      ProjectionsRuntime readSide = ProjectionsRuntime.start(system, projectionSettings, ledgerSettings, ledger,
              metrics, clock)
          .toCompletableFuture().get(startStepTimeout.toMillis(), TimeUnit.MILLISECONDS);
      // Its tables are in the views keyspace, created (dev and tests) where the read side's are.
      QuarantineSettings quarantineSettings = QuarantineSettings.fromConfig(config);
      CqlStore quarantineStore =
          CqlStore.onJournalSession(system, projectionSettings.keyspace(), projectionSettings.cqlProfile());
      if (projectionSettings.tablesAutocreate()) {
        QuarantineSchema.create(quarantineStore).toCompletableFuture()
            .get(startStepTimeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      Quarantine quarantine = new CassandraQuarantine(quarantineStore, quarantineSettings,
          ledgerSettings.contract().entityKeyMaxLength(), clock);
      if (projectionSettings.tablesAutocreate()) {
        BatchSchema.create(quarantineStore).toCompletableFuture()
            .get(startStepTimeout.toMillis(), TimeUnit.MILLISECONDS);
        CheckpointSchema.create(quarantineStore).toCompletableFuture()
            .get(startStepTimeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      BatchStore batches = new CassandraBatchStore(quarantineStore, ApiJson.create(system).mapper());
      BatchSettings batchSettings = BatchSettings.fromConfig(config);
      BatchSettings.Statements statementSettings = batchSettings.statements();
      StatementStore statements = new CassandraStatementStore(quarantineStore, system,
          statementSettings.entityBuckets(), statementSettings.rowsTtl(), statementSettings.writeParallelism(),
          statementSettings.rowBatchRows(), statementSettings.rowBatchBytes());
      // What compared statements leave, which audits check.
      CheckpointStore checkpoints = new CassandraCheckpointStore(quarantineStore, CheckpointSettings.create(config));
      // Producers reach the ledger through the read side's recording of entity activity.
      ApiRoutes routes = routes(system, http, tokens, new NodeReadiness(system, http.readinessTimeout()),
          StoreGate.ofJournal(system, readSide.metrics()),
          readSide.ledger(), new EventContract(ledgerSettings), new JournalEntityHistory(system),
          Auditor.inNode(system, ledgerSettings, ledger,
              new ViewWindowCheck(readSide.views(), EventTimeWindows.of(ledgerSettings), ledgerSettings.slices(),
                  projectionSettings.settleTime(), clock), checkpoints, clock), clock,
          readSide, ledgerSettings, projectionSettings, quarantine, quarantineSettings, batches, statements,
          checkpoints, new CassandraJournalReader(system), batchSettings, CdcSettings.fromConfig(config),
          KafkaSourceSettings.fromConfig(config));
      CompletionStage<ServerBinding> bound =
          HttpServer.start(new HttpMetrics(metrics, RouteTemplates.api()).instrument(routes.routes()), http, system);
      ServerBinding binding =
          bound.toCompletableFuture().get(startStepTimeout.toMillis(), TimeUnit.MILLISECONDS);
      routes.batchRunner().resume().whenComplete((resumed, failure) -> {
        if (failure != null) {
          system.log().warn("Spooled batches could not be resumed: {}", failure.toString());
        }
      });
      KafkaChangeSource kafka = routes.kafkaChanges();
      if (kafka.settings().enabled()) {
        kafka.start(system);
        system.log().info("Consuming Debezium changes from Kafka topics {} (group {})", kafka.settings().topics(),
            kafka.settings().groupId());
      }
      return new TallyNode(system, binding);
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("Tally failed to start: " + e.getMessage(), e);
    }
  }

  /** The API's routes over the given ledger; also used by route tests with a stub ledger. */
  public static ApiRoutes routes(
      ActorSystem<?> system,
      HttpSettings http,
      ApiTokens tokens,
      ReadinessCheck readiness,
      StoreGate store,
      LedgerService ledger,
      EventContract contract,
      EntityHistory history,
      Auditor auditor,
      Clock clock,
      ProjectionsRuntime readSide,
      LedgerSettings ledgerSettings,
      ProjectionSettings projectionSettings,
      Quarantine quarantine,
      QuarantineSettings quarantineSettings,
      BatchStore batches,
      StatementStore statements,
      CheckpointStore checkpoints,
      JournalReader journal,
      BatchSettings batchSettings,
      CdcSettings cdcSettings,
      KafkaSourceSettings kafkaSettings) {
    ApiJson json = ApiJson.create(system);
    BearerAuth auth = new BearerAuth(tokens, json);
    RouteSupport support = new RouteSupport(json, EntityKeyRule.of(ledgerSettings));
    ReadAdmission reads = new ReadAdmission(http.limits());
    EventJsonReader reader = new EventJsonReader(http.limits());
    IngestAdmission admission = IngestAdmission.of(http.ingest(), Runtime.getRuntime().maxMemory());
    admission.bindMetrics(readSide.metrics().registry());
    QuarantineIntake quarantineIntake =
        new QuarantineIntake(quarantine, quarantineSettings, reader, readSide.metrics(), system);
    EventIngestion ingestion = new EventIngestion(ledger, contract, clock, http.ingest().entityParallelism(),
        EntityCommands.of(ledgerSettings), system, readSide.metrics(), quarantineIntake,
        admission::entityCommandFinished);
    JsonIngest requests = new JsonIngest(ingestion, admission, http, json, readSide.metrics(), system);
    // A batch's chunk spans many entities, one command each: its own, wider parallelism.
    EventIngestion batchIngestion = new EventIngestion(ledger, contract, clock, batchSettings.entityParallelism(),
        EntityCommands.of(ledgerSettings), system, readSide.metrics(), quarantineIntake,
        admission::entityCommandFinished);
    BatchSpool spool = new BatchSpool(batchSettings.spoolDirectory(), batchSettings.maxFileBytes(), system);
    BatchRunner runner = new BatchRunner(batches, spool,
        new PacedIngestion(batchIngestion, reader, admission, batchSettings.pacing(), system), batchSettings,
        statements, checkpoints, journal, ledgerSettings, readSide.metrics(), system, clock);
    DebeziumMapping changes = new DebeziumMapping(cdcSettings, ledgerSettings.contract());
    // Its own ingestion: a partition's batch spans many entities, like a batch file's chunk.
    KafkaChangeSource kafka = new KafkaChangeSource(changes, new PacedIngestion(batchIngestion, reader, admission,
        kafkaSettings.pacing(), system), kafkaSettings, readSide.metrics());
    return new ApiRoutes(
        new HealthRoutes(readiness, json),
        new EventRoutes(ingestion, reader, auth, admission, requests, support, http, system),
        new CdcRoutes(changes, requests, auth, cdcSettings, json,
            readSide.metrics()),
        new EntityRoutes(ledger, history, auth, support, http.limits().maxEventsPage(), auditor.pointInTime(),
            reads, http.retryAfter()),
        new AuditRoutes(auditor, new AuditRuns(auditor, clock), auth, support, reads, http.retryAfter(), system),
        new WindowRoutes(readSide.views(), EventTimeWindows.of(ledgerSettings), ledgerSettings.slices(),
            projectionSettings.maxQueryWindows(), auth, support),
        new ReconciliationRoutes(readSide.reconciliation(), auth, support, projectionSettings.maxRecords()),
        new QuarantineRoutes(quarantine, ingestion, reader, auth, admission, support, http, quarantineSettings,
            ledgerSettings.contract().entityKeyMaxLength(), readSide.metrics(), clock),
        new BatchRoutes(batches, statements, spool, runner, batchSettings, auth, support,
            ledgerSettings.contract().sourceMaxLength(), clock),
        runner,
        kafka,
        new CheckpointRoutes(checkpoints, auth, support, batchSettings),
        new MetricsRoutes(readSide.metrics(), auth),
        new ApiErrors(json, http.retryAfter()),
        store);
  }

  /**
   * The node's metrics (docs/monitoring.md): Tally's, the JVM's and the Cassandra driver's in one
   * registry, with cluster membership, and the series of known label values created at zero so
   * that they are scraped before their first event.
   */
  private static TallyMetrics metrics(ActorSystem<?> system) {
    NodeMetrics node = NodeMetrics.get(system);
    ClusterMetrics.bind(system, node.registry());
    TallyMetrics metrics = node.tally();
    List<String> outcomes = Arrays.stream(EventStatus.values()).map(EventStatus::wireName).toList();
    metrics.preRegister(TallyMetrics.INGEST_OUTCOMES, outcomes);
    metrics.preRegister(TallyMetrics.BATCH_ROWS, outcomes);
    metrics.preRegister(TallyMetrics.QUARANTINE_RESUBMISSIONS, outcomes);
    metrics.preRegister(TallyMetrics.BATCHES, List.of(BatchStatus.DONE.wireName(), BatchStatus.FAILED.wireName()));
    metrics.preRegister(TallyMetrics.STATEMENT_DIFFERENCES,
        Arrays.stream(DifferenceKind.values()).map(DifferenceKind::wireName).toList());
    // The bounds of IngestAdmission and StoreGate.
    metrics.preRegister(TallyMetrics.INGEST_REFUSED,
        List.of("requests", "body_bytes", "streams", "entity_commands", "store_unavailable"));
    return metrics;
  }

  private static void announceDevToken(String token) {
    System.out.println("No API tokens configured: generated an admin token for this run (printed once):");
    System.out.println("  Authorization: Bearer " + token);
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public InetSocketAddress httpAddress() {
    return binding.localAddress();
  }

  /** Runs coordinated shutdown (unbind, leave the cluster, stop persistence) and waits for it. */
  public void stop(Duration timeout) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Tally did not stop within " + timeout, e);
    }
  }
}
