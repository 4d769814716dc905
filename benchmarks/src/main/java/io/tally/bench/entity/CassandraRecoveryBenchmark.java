package io.tally.bench.entity;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;
import akka.pattern.StatusReply;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.RunningCassandra;
import io.tally.cluster.testing.SharedCassandra;
import io.tally.cluster.testing.TestPersistenceConfig;
import io.tally.ledger.IngestResult;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.Slices;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Recovery of one entity with N events (default 100,000) from a real Cassandra 5.0 node started
 * by the launcher: with snapshots (snapshot-every 1000, so the last snapshot is at the last
 * event) and without (full replay). The events are written through the entity itself, in
 * commands of max-batch-size events. Not a test: run by hand (see BENCHMARKS.md).
 */
public final class CassandraRecoveryBenchmark {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final int SETTLED = 5;
  private static final long POLL_MILLIS = 200;

  private CassandraRecoveryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    String variants = args.length > 2 ? args[2] : "both";
    RunningCassandra node = SharedCassandra.startPrivate("bench-recovery");
    Config config = ConfigFactory.parseString(String.join("\n",
            "akka.loglevel = WARNING",
            "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]",
            "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\""))
        .withFallback(TestPersistenceConfig.forTest("bench-recovery", node.contactPoint()))
        .withFallback(ConfigFactory.load())
        .resolve();
    ActorTestKit testKit = ActorTestKit.create("cassandra-recovery", config);
    try {
      LedgerSettings snapshots = LedgerSettings.create(ConfigFactory
          .parseString("tally.ledger.snapshot-every = 1000").withFallback(config));
      LedgerSettings noSnapshots = LedgerSettings.create(ConfigFactory
          .parseString("tally.ledger.snapshot-every = " + Integer.MAX_VALUE).withFallback(config));
      if (!variants.equals("snapshot")) {
        measure(testKit, noSnapshots, "no snapshot (full replay)", "hot-replay", events, runs);
      }
      if (!variants.equals("replay")) {
        measure(testKit, snapshots, "snapshot every 1000", "hot-snapshot", events, runs);
      }
    } finally {
      testKit.shutdownTestKit();
      node.stop();
    }
  }

  /**
   * The journal plugin writes the tag rows in the background after acknowledging the events;
   * recovery measured during that backlog measures the backlog, and recovery re-reads every event
   * after the plugin's tag_scanning mark. Waits (bounded) until both cover every event.
   */
  private static long awaitTagWrites(ActorTestKit testKit, LedgerSettings settings, String key, int events) {
    Config config = testKit.system().settings().config();
    String keyspace = config.getString("akka.persistence.cassandra.journal.keyspace");
    String contactPoint = config.getStringList("datastax-java-driver.basic.contact-points").get(0);
    long start = System.nanoTime();
    long deadline = start + TIMEOUT.toNanos();
    try (CqlSession session = CqlSession.builder()
        .withConfigLoader(DriverConfigLoader.fromString("datastax-java-driver { basic.contact-points = [\"" + contactPoint
            + "\"], basic.load-balancing-policy.local-datacenter = datacenter1, basic.request.timeout = 10s }"))
        .build()) {
      while (System.nanoTime() < deadline) {
        Row row = session.execute(SimpleStatement.newInstance(
            "SELECT sequence_nr FROM " + keyspace + ".tag_write_progress WHERE persistence_id = ? AND tag = ?",
            "LedgerEntity|" + key, Slices.tagFor(key, settings.slices()))).one();
        // Also wait for the scanning mark: recovery re-reads every event after it.
        Row scanned = session.execute(SimpleStatement.newInstance(
            "SELECT sequence_nr FROM " + keyspace + ".tag_scanning WHERE persistence_id = ?",
            "LedgerEntity|" + key)).one();
        if (row != null && row.getLong("sequence_nr") >= events
            && scanned != null && scanned.getLong("sequence_nr") >= events) {
          return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
      }
    }
    throw new IllegalStateException("tag writes of " + key + " not drained within " + TIMEOUT);
  }

  /** Where recovery time goes: the same two queries the snapshot store makes, timed raw. */
  private static String rawSnapshotRead(ActorTestKit testKit, String key) {
    Config config = testKit.system().settings().config();
    String table = config.getString("akka.persistence.cassandra.snapshot.keyspace") + ".snapshots";
    String contactPoint = config.getStringList("datastax-java-driver.basic.contact-points").get(0);
    try (CqlSession session = CqlSession.builder()
        .withConfigLoader(DriverConfigLoader.fromString("datastax-java-driver { basic.contact-points = [\"" + contactPoint
            + "\"], basic.load-balancing-policy.local-datacenter = datacenter1, basic.request.timeout = 30s }"))
        .build()) {
      String pid = "LedgerEntity|" + key;
      long t0 = System.nanoTime();
      List<Row> meta = session.execute(SimpleStatement.newInstance("SELECT sequence_nr FROM " + table
          + " WHERE persistence_id = ? AND sequence_nr <= ? AND sequence_nr >= ? LIMIT 3", pid, Long.MAX_VALUE, 0L)).all();
      long t1 = System.nanoTime();
      if (meta.isEmpty()) {
        return "no snapshot rows";
      }
      Row snapshot = session.execute(SimpleStatement.newInstance("SELECT * FROM " + table
          + " WHERE persistence_id = ? AND sequence_nr = ?", pid, meta.get(0).getLong("sequence_nr"))).one();
      long t2 = System.nanoTime();
      return String.format("raw snapshot metadata query %d ms, snapshot row (%,d bytes) %d ms",
          TimeUnit.NANOSECONDS.toMillis(t1 - t0), snapshot.getByteBuffer("snapshot_data").remaining(),
          TimeUnit.NANOSECONDS.toMillis(t2 - t1));
    }
  }

  private static void measure(ActorTestKit testKit, LedgerSettings settings, String label,
      String key, int events, int runs) throws Exception {
    Clock clock = Clock.systemUTC();
    ActorRef<LedgerEntity.Command> writer = testKit.spawn(LedgerEntity.create(key, settings, clock));
    long writeStart = System.nanoTime();
    Instant time = Instant.now();
    for (int first = 0; first < events; first += settings.maxBatchSize()) {
      List<ProposedEvent> batch = new ArrayList<>();
      for (int i = first; i < Math.min(events, first + settings.maxBatchSize()); i++) {
        batch.add(ProposedEvent.record(key, "idem-" + i, time, BigDecimal.valueOf(i, 2), "bench"));
      }
      AskPattern.<LedgerEntity.Command, StatusReply<IngestResult>>ask(writer,
              replyTo -> new LedgerEntity.Ingest(batch, replyTo), TIMEOUT, testKit.scheduler())
          .toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
    long writeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - writeStart);
    testKit.stop(writer);
    long drainMillis = awaitTagWrites(testKit, settings, key, events);

    long[] millis = new long[runs];
    for (int run = 0; run < runs; run++) {
      long start = System.nanoTime();
      ActorRef<LedgerEntity.Command> entity = testKit.spawn(LedgerEntity.create(key, settings, clock));
      LedgerSummary summary = AskPattern.<LedgerEntity.Command, LedgerSummary>ask(entity,
              LedgerEntity.GetState::new, TIMEOUT, testKit.scheduler())
          .toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      millis[run] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (summary.lastSeqNr() != events || summary.retainedKeys() != events) {
        throw new IllegalStateException("recovered " + summary.lastSeqNr() + " of " + events);
      }
      testKit.stop(entity);
    }
    String rawSnapshotRead = rawSnapshotRead(testKit, key);
    // Median of the last SETTLED runs (the first ones warm the JIT and caches).
    long[] settled = Arrays.copyOfRange(millis, Math.max(0, runs - SETTLED), runs);
    Arrays.sort(settled);
    System.out.printf("%-26s %,d events written in %,d ms (%,.0f events/s), tag rows drained %,d ms later; "
            + "recovery ms per run %s; settled median (last %d) %d ms; %s%n",
        label, events, writeMillis, events * 1000.0 / writeMillis, drainMillis, Arrays.toString(millis),
        settled.length, settled[settled.length / 2], rawSnapshotRead);
  }
}
