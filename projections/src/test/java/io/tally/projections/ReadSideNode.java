package io.tally.projections;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.Config;
import io.tally.cluster.testing.TestPersistenceConfig;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerService;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.LedgerTestNode;
import io.tally.ledger.ProposedEvent;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A {@link LedgerTestNode} with the whole read side on it, in fast test timings: 1 s windows, 1 s
 * allowed lateness, 200 ms tag consistency delay, 100 ms refresh.
 */
public final class ReadSideNode implements AutoCloseable {

  public static final Duration TIMEOUT = LedgerTestNode.TIMEOUT;

  public final ActorTestKit testKit;
  /** As producers reach it: through the activity record the drift detector reads. */
  public final LedgerService ledger;
  public final LedgerSettings ledgerSettings;
  public final ProjectionSettings settings;
  public final ProjectionsRuntime runtime;
  public final String journalKeyspace;
  public final CqlSession cql;
  private final LedgerTestNode base;

  private ReadSideNode(LedgerTestNode base, ProjectionSettings settings, ProjectionsRuntime runtime, CqlSession cql) {
    this.base = base;
    this.testKit = base.testKit;
    this.ledger = runtime.ledger();
    this.ledgerSettings = base.settings;
    this.settings = settings;
    this.runtime = runtime;
    this.journalKeyspace = base.journalKeyspace;
    this.cql = cql;
  }

  /** The ledger node under the read side (its writes go straight to the sharded entities). */
  public LedgerTestNode ledgerNode() {
    return base;
  }

  /**
   * The test class's own keyspaces, the read side's fast timings, then {@code overrides} (later
   * keys win), on the ledger test node's cluster config.
   */
  public static Config config(Class<?> testClass, String overrides) {
    Config persistence = TestPersistenceConfig.forTest(testClass);
    String journal = persistence.getString("akka.persistence.cassandra.journal.keyspace");
    return LedgerTestNode.config(persistence,
        "tally.ledger.window-size = 1s\n"
            + "tally.ledger.allowed-lateness = 1s\n"
            + "tally.ledger.slices = 2\n"
            + "akka.persistence.cassandra.events-by-tag.eventual-consistency-delay = 200ms\n"
            + "akka.persistence.cassandra.query.refresh-interval = 100ms\n"
            + "tally.projections.keyspace = " + journal + "_views\n"
            + "tally.projections.tables-autocreate = on\n"
            + "tally.projections.window-views.group-after-duration = 50ms\n"
            + "tally.projections.window-views.restart-backoff.min = 200ms\n"
            + "tally.projections.drift.lookback = 60s\n"
            + "tally.projections.drift.settle-time = 2s\n"
            + overrides);
  }

  /** Starts a {@link LedgerTestNode} and the whole read side on it. */
  public static ReadSideNode start(String name, Config config) throws Exception {
    LedgerTestNode base = LedgerTestNode.start(name, config);
    ProjectionSettings settings = ProjectionSettings.create(config);
    ProjectionsRuntime runtime = await(ProjectionsRuntime.start(base.testKit.system(), settings, base.settings,
        base.ledger, TallyMetrics.create(), Clock.systemUTC()));
    // The read side has created its keyspaces by now, so the plugin's session is complete.
    return new ReadSideNode(base, settings, runtime, base.cql());
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
              + " tag_pid_sequence_nr, sequence_nr FROM %s.tag_views WHERE persistence_id = '%s'"
              + " ALLOW FILTERING", journalKeyspace, LedgerEntity.persistenceId(entity).id())).all().stream()
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
    return LedgerTestNode.await(stage);
  }

  @Override
  public void close() {
    base.close();
  }
}
