package io.tally.projections;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.TestPersistenceConfig;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.LedgerService;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.ShardedLedgerService;
import io.tally.projections.metrics.MetricsRegistry;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One cluster node on the shared test Cassandra with the ledger and the whole read side, in fast
 * test timings: 1 s windows, 1 s allowed lateness, 200 ms tag consistency delay, 100 ms refresh.
 */
public final class ReadSideNode implements AutoCloseable {

  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  public final ActorTestKit testKit;
  public final LedgerService ledger;
  public final LedgerSettings ledgerSettings;
  public final ProjectionSettings settings;
  public final ProjectionsRuntime runtime;
  public final String journalKeyspace;
  public final CqlSession cql;

  private ReadSideNode(ActorTestKit testKit, LedgerService ledger, LedgerSettings ledgerSettings,
      ProjectionSettings settings, ProjectionsRuntime runtime, String journalKeyspace, CqlSession cql) {
    this.testKit = testKit;
    this.ledger = ledger;
    this.ledgerSettings = ledgerSettings;
    this.settings = settings;
    this.runtime = runtime;
    this.journalKeyspace = journalKeyspace;
    this.cql = cql;
  }

  public static Config config(Class<?> testClass, String overrides) {
    Config persistence = TestPersistenceConfig.forTest(testClass);
    String journal = persistence.getString("akka.persistence.cassandra.journal.keyspace");
    return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.parseString(
            "akka.actor.provider = cluster\n"
            + "akka.remote.artery.canonical.hostname = 127.0.0.1\n"
            + "akka.remote.artery.canonical.port = " + CassandraLauncher.freePort() + "\n"
            + "akka.cluster.jmx.multi-mbeans-in-same-jvm = on\n"
            + "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]\n"
            + "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"\n"
            + "tally.ledger.window-size = 1s\n"
            + "tally.ledger.allowed-lateness = 1s\n"
            + "tally.ledger.slices = 2\n"
            + "akka.persistence.cassandra.events-by-tag.eventual-consistency-delay = 200ms\n"
            + "akka.persistence.cassandra.query.refresh-interval = 100ms\n"
            + "tally.projections.keyspace = " + journal + "_views\n"
            + "tally.projections.tables-autocreate = on\n"
            // Auto-creation's schema changes on a busy two-core machine take longer than the
            // driver's default 2 s (as in tally-dev.conf).
            + "datastax-java-driver.basic.request.timeout = 10s\n"
            + "tally.projections.window-views.group-after-duration = 50ms\n"
            + "tally.projections.window-views.restart-backoff.min = 200ms\n"
            + "tally.projections.drift.lookback = 60s\n"
            + "tally.projections.drift.settle-time = 2s\n"))
        .withFallback(persistence)
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  public static ReadSideNode start(String name, Config config) throws Exception {
    ActorTestKit testKit = ActorTestKit.create(name, config);
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    testKit.createTestProbe().awaitAssert(TIMEOUT, () -> {
      if (!cluster.selfMember().status().equals(MemberStatus.up())) {
        throw new AssertionError("not up yet");
      }
      return null;
    });
    LedgerSettings ledgerSettings = LedgerSettings.create(config);
    ProjectionSettings settings = ProjectionSettings.create(config);
    LedgerService sharded = ShardedLedgerService.init(testKit.system(), ledgerSettings, Clock.systemUTC());
    ProjectionsRuntime runtime = await(ProjectionsRuntime.start(testKit.system(), settings, ledgerSettings, sharded,
        new TallyMetrics(new MetricsRegistry()), Clock.systemUTC()));
    // As producers reach it: through the activity record the drift detector reads.
    LedgerService ledger = runtime.ledger();
    CqlSession cql = await(CassandraSessionRegistry.get(testKit.system())
        .sessionFor("akka.persistence.cassandra").underlying());
    return new ReadSideNode(testKit, ledger, ledgerSettings, settings, runtime,
        config.getString("akka.persistence.cassandra.journal.keyspace"), cql);
  }

  public List<IngestOutcome> ingest(String entity, List<ProposedEvent> events) throws Exception {
    return await(ledger.ingest(entity, events));
  }

  public LedgerSummary state(String entity) throws Exception {
    return await(ledger.state(entity));
  }

  /**
   * Deletes the tag_views row of one of the entity's events once the journal plugin has written
   * it (fault injection: an event eventsByTag will never deliver).
   */
  public void removeTagRow(String entity, long seqNr) {
    Row tagRow = testKit.createTestProbe().awaitAssert(TIMEOUT, Duration.ofMillis(100), () -> {
      Optional<Row> row = cql.execute(String.format("SELECT tag_name, timebucket, timestamp, persistence_id,"
              + " tag_pid_sequence_nr, sequence_nr FROM %s.tag_views WHERE persistence_id = 'LedgerEntity|%s'"
              + " ALLOW FILTERING", journalKeyspace, entity)).all().stream()
          .filter(r -> r.getLong("sequence_nr") == seqNr).findFirst();
      if (row.isEmpty()) {
        throw new AssertionError("tag row of " + entity + " seqNr " + seqNr + " not written yet");
      }
      return row.get();
    });
    cql.execute(cql.prepare(String.format("DELETE FROM %s.tag_views WHERE tag_name = ? AND timebucket = ?"
            + " AND timestamp = ? AND persistence_id = ? AND tag_pid_sequence_nr = ?", journalKeyspace))
        .bind(tagRow.getString("tag_name"), tagRow.getLong("timebucket"), tagRow.getUuid("timestamp"),
            tagRow.getString("persistence_id"), tagRow.getLong("tag_pid_sequence_nr")));
  }

  /** Waits, polling the clock (bounded), until the given instant has passed. */
  public void awaitClock(Instant until) {
    testKit.createTestProbe().awaitAssert(Duration.between(Instant.now(), until).plus(TIMEOUT),
        Duration.ofMillis(100), () -> {
          if (!Instant.now().isAfter(until)) {
            throw new AssertionError("not yet " + until);
          }
          return null;
        });
  }

  public static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    testKit.shutdownTestKit();
  }
}
