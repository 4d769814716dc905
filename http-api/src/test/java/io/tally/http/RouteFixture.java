package io.tally.http;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.headers.Authorization;
import akka.http.javadsl.model.headers.HttpCredentials;
import akka.http.javadsl.server.Route;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.http.batch.BatchSettings;
import io.tally.http.batch.InMemoryBatchStore;
import io.tally.http.batch.InMemoryStatementStore;
import io.tally.http.cdc.CdcSettings;
import io.tally.http.cdc.KafkaSourceSettings;
import io.tally.projections.statement.InMemoryCheckpointStore;
import io.tally.http.quarantine.InMemoryQuarantine;
import io.tally.http.quarantine.QuarantineSettings;
import io.tally.ledger.EventContract;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerSettings;
import io.tally.projections.audit.AuditSettings;
import io.tally.projections.audit.Auditor;
import io.tally.projections.audit.WindowViewCheck;
import io.tally.projections.ProjectionSettings;
import io.tally.projections.ProjectionsRuntime;
import io.tally.projections.metrics.TallyMetrics;
import io.tally.projections.window.InMemoryWindowViewRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import io.tally.http.auth.ApiTokens;
import io.tally.http.node.Readiness;
import io.tally.http.node.ReadinessCheck;
import io.tally.http.node.TallyNode;
import io.tally.http.read.EntityHistory;

/** The API's real routes over a stub ledger and history, with three tokens of different scopes. */
public final class RouteFixture {

  public static final String ADMIN = "admin-token-0123456789";
  public static final String INGEST = "ingest-token-0123456789";
  public static final String READ = "read-token-0123456789";
  public static final String RELAY = "relay-token-0123456789";
  /** The caller names of the tokens above: the source of their events. */
  public static final String PRODUCER = "producer";
  public static final String GATEWAY = "gateway";
  public static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private static final String TOKENS = "operator:" + ADMIN + "=admin," + PRODUCER + ":" + INGEST + "=ingest,auditor:"
      + READ + "=read," + GATEWAY + ":" + RELAY + "=ingest+relay";

  public final StubLedger ledger = new StubLedger();
  /** Set to have the routes behave as during a Cassandra outage (the store gate closed). */
  public final java.util.concurrent.atomic.AtomicBoolean storeUnreachable = new java.util.concurrent.atomic.AtomicBoolean();
  public final StubJournal journal = new StubJournal();
  public final InMemoryWindowViewRepository views = new InMemoryWindowViewRepository();
  public final StubReconciliation reconciliation = new StubReconciliation();
  public final InMemoryQuarantine quarantine = new InMemoryQuarantine();
  public final InMemoryBatchStore batches = new InMemoryBatchStore();
  public final InMemoryStatementStore statements = new InMemoryStatementStore();
  public final InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
  public final TallyMetrics metrics = TallyMetrics.create();
  public final Route route;

  public RouteFixture(ActorSystem<?> system, EntityHistory history) {
    this(system, history, () -> CompletableFuture.completedFuture(Readiness.of(Map.of("cluster", Readiness.OK))));
  }

  public RouteFixture(ActorSystem<?> system, EntityHistory history, ReadinessCheck readiness) {
    this(system, history, readiness, ConfigFactory.empty());
  }

  /**
   * With {@code overrides} of the HTTP, batch and CDC settings (tally.http.*, tally.batches.*,
   * tally.cdc.*) over the application's.
   */
  public RouteFixture(ActorSystem<?> system, Config overrides) {
    this(system, (key, from, limit) -> CompletableFuture.completedFuture(List.of()),
        () -> CompletableFuture.completedFuture(Readiness.of(Map.of("cluster", Readiness.OK))), overrides);
  }

  private RouteFixture(ActorSystem<?> system, EntityHistory history, ReadinessCheck readiness, Config overrides) {
    HttpSettings http = HttpSettings.fromConfig(overrides.withFallback(ConfigFactory.load()));
    LedgerSettings ledgerSettings = LedgerSettings.create(ConfigFactory.load());
    route = TallyNode.routes(
            system,
            http,
            ApiTokens.parse(TOKENS),
            readiness,
            new StoreGate(storeUnreachable::get, metrics),
            ledger,
            new EventContract(ledgerSettings),
            history,
            new Auditor(journal, new LedgerEventHandler(ledgerSettings), List.of(), WindowViewCheck.NONE,
                AuditSettings.create(ConfigFactory.load()), Clock.systemUTC(), system),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new ProjectionsRuntime(ledger, views, reconciliation, metrics),
            ledgerSettings,
            ProjectionSettings.create(ConfigFactory.load()),
            quarantine,
            QuarantineSettings.fromConfig(ConfigFactory.load()),
            batches,
            statements,
            checkpoints,
            journal,
            BatchSettings.fromConfig(ConfigFactory.parseString("tally.batches.spool-directory = \""
                + spoolDirectory() + "\"").withFallback(overrides).withFallback(ConfigFactory.load())),
            CdcSettings.fromConfig(overrides.withFallback(ConfigFactory.load())),
            KafkaSourceSettings.fromConfig(ConfigFactory.load()))
        .routes();
  }

  private static String spoolDirectory() {
    try {
      return java.nio.file.Files.createTempDirectory("tally-route-batches").toString().replace("\\", "/");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public RouteFixture(ActorSystem<?> system) {
    this(system, (key, from, limit) -> CompletableFuture.completedFuture(List.of()));
  }

  /** The id the API gives the caller of a token (the default source, the quarantine's caller). */
  public static String callerId(String token) {
    return ApiTokens.parse(TOKENS).authenticate(token).orElseThrow().id();
  }

  public static HttpRequest as(String token, HttpRequest request) {
    return request.addHeader(Authorization.create(HttpCredentials.createOAuth2BearerToken(token)));
  }
}
