package io.tally.bench.readside;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.stream.javadsl.Sink;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tally.cluster.CassandraLauncher;
import io.tally.cluster.testing.SharedCassandra;
import io.tally.cluster.testing.TestPersistenceConfig;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerService;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerState;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.ShardedLedgerService;
import io.tally.projections.audit.AuditProgress;
import io.tally.projections.audit.AuditReport;
import io.tally.projections.audit.AuditScope;
import io.tally.projections.audit.AuditSettings;
import io.tally.projections.audit.Auditor;
import io.tally.projections.audit.ChainVerifier;
import io.tally.ledger.journal.JournalEntry;
import io.tally.projections.audit.WindowViewCheck;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Audit replay throughput on a real Cassandra node, next to a raw driver read of the same journal
 * rows in the same run. Not a test: a main class (see BENCHMARKS.md for the command).
 *
 * <p>Args: [events=100000] [entities=10] [rounds=3]. Events are ingested through the ledger
 * (sharding, persistAll batches), so the rows are exactly what the plugin writes.
 */
public final class AuditReplayBenchmark {

  private static final int BATCH = 1000;
  private static final int PAGE_SIZE = 5000;

  private AuditReplayBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int entities = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String contactPoint = SharedCassandra.contactPoint();
    Config persistence = TestPersistenceConfig.forTest("AuditReplayBenchmark", contactPoint);
    Config config = ConfigFactory.parseString("akka.actor.provider = cluster\n"
            + "akka.remote.artery.canonical.hostname = 127.0.0.1\n"
            + "akka.remote.artery.canonical.port = " + CassandraLauncher.freePort() + "\n"
            + "akka.loglevel = WARNING\n"
            + "tally.ledger.ask-timeout = 120s\n"
            + "tally.ledger.max-batch-size = 1000\n"
            + "akka.persistence.cassandra.journal.max-message-batch-size = 1000\n")
        .withFallback(persistence).withFallback(ConfigFactory.load()).resolve();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "audit-bench", config);
    try {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (cluster.selfMember().status() != MemberStatus.up() && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // a main, not a test: a plain bounded poll

      }
      LedgerSettings ledgerSettings = LedgerSettings.create(config);
      LedgerService ledger = ShardedLedgerService.init(system, ledgerSettings, Clock.systemUTC());
      long ingestStart = System.nanoTime();
      ingest(ledger, events, entities, system);
      double ingestSeconds = (System.nanoTime() - ingestStart) / 1e9;
      System.out.printf("ingested %d events over %d entities in %.1f s (%.0f events/s)%n", events, entities,
          ingestSeconds, events / ingestSeconds);

      String keyspace = config.getString("akka.persistence.cassandra.journal.keyspace");
      AuditSettings settings = AuditSettings.create(config);
      Auditor auditor = Auditor.overJournal(system, ledgerSettings, settings, List.of(), WindowViewCheck.NONE,
          Clock.systemUTC());
      String[] hostPort = contactPoint.split(":");
      try (CqlSession cql = CqlSession.builder()
          .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
          .withLocalDatacenter("datacenter1").build()) {
        System.out.println("round | raw driver read (rows/s) | verified stream (events/s) | audit run (events/s)");
        for (int round = 1; round <= rounds; round++) {
          double raw = rawRead(cql, keyspace, entities, events);
          double verified = verifiedStream(auditor, system, entities, events);
          double run = auditRun(auditor, events);
          System.out.printf("%d | %.0f | %.0f | %.0f%n", round, raw, verified, run);
        }
        inMemory(auditor, system, new LedgerEventHandler(ledgerSettings), entities, rounds);
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private static String entity(int i) {
    return "bench-" + i;
  }

  /** Entities written at once: thousands of entities recovering together would trip the journal's breaker. */
  private static final int INGEST_ENTITY_PARALLELISM = 64;

  private static void ingest(LedgerService ledger, int events, int entities, ActorSystem<?> system) throws Exception {
    akka.stream.javadsl.Source.range(0, entities - 1)
        .mapAsyncUnordered(INGEST_ENTITY_PARALLELISM, e -> ingestEntity(ledger, entity(e), events / entities))
        .runWith(Sink.ignore(), system)
        .toCompletableFuture().get(30, TimeUnit.MINUTES);
  }

  private static CompletableFuture<Void> ingestEntity(LedgerService ledger, String key, int perEntity) {
    Instant time = Instant.now().minusSeconds(1);
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int from = 0; from < perEntity; from += BATCH) {
      int start = from;
      chain = chain.thenCompose(v -> {
        List<ProposedEvent> batch = new ArrayList<>();
        for (int i = start; i < Math.min(start + BATCH, perEntity); i++) {
          batch.add(ProposedEvent.record(key, "k" + i, time, new BigDecimal(i + ".25"), "bench"));
        }
        return ledger.ingest(key, batch).thenAccept(outcomes -> {
          if (!outcomes.stream().allMatch(o -> o instanceof IngestOutcome.Accepted)) {
            throw new IllegalStateException("not all accepted: " + outcomes.get(0));
          }
        }).toCompletableFuture();
      });
    }
    return chain;
  }

  /** The baseline: the same journal rows read with the driver, payload bytes touched, no decoding. */
  private static double rawRead(CqlSession cql, String keyspace, int entities, int expected) {
    long start = System.nanoTime();
    long rows = 0;
    long bytes = 0;
    for (int e = 0; e < entities; e++) {
      ResultSet rs = cql.execute(SimpleStatement.newInstance("SELECT sequence_nr, event FROM " + keyspace
          + ".messages WHERE persistence_id = ? AND partition_nr = 0", LedgerEntity.persistenceId(entity(e)).id())
          .setPageSize(PAGE_SIZE));
      for (Row row : rs) {
        rows++;
        bytes += row.getByteBuffer("event").remaining();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    check(rows, expected, "raw");
    System.out.printf("  raw: %d rows, %.1f MB in %.2f s%n", rows, bytes / 1e6, seconds);
    return rows / seconds;
  }

  /** Read + CBOR decode + hash-chain verification, one entity after another. */
  private static double verifiedStream(Auditor auditor, ActorSystem<?> system, int entities, int expected) throws Exception {
    long start = System.nanoTime();
    long count = 0;
    for (int e = 0; e < entities; e++) {
      count += auditor.verifiedEvents(entity(e)).filter(x -> x.ok()).runWith(Sink.fold(0L, (n, x) -> n + 1), system)
          .toCompletableFuture().get(10, TimeUnit.MINUTES);
    }
    check(count, expected, "verified (all ok)");
    return count / ((System.nanoTime() - start) / 1e9);
  }

  /** The whole audit run: read, decode, verify, replay through LedgerEventHandler, report. */
  private static double auditRun(Auditor auditor, int expected) throws Exception {
    long start = System.nanoTime();
    AuditReport report = auditor.run(AuditScope.ALL, new AtomicReference<>(AuditProgress.NONE))
        .toCompletableFuture().get(10, TimeUnit.MINUTES);
    if (!report.clean()) {
      throw new IllegalStateException(report.summary());
    }
    check(report.eventsChecked(), expected, "audit run");
    return report.eventsChecked() / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * The audit's own CPU cost without Cassandra or the read journal: one entity's events, already
   * decoded, verified (SHA-256 over the canonical form) and replayed through the handler.
   */
  private static void inMemory(Auditor auditor, ActorSystem<?> system, LedgerEventHandler handler, int entities,
      int rounds) throws Exception {
    List<JournalEntry> events = new ArrayList<>();
    for (int e = 0; e < entities; e++) {
      events.addAll(auditor.verifiedEvents(entity(e)).map(x -> new JournalEntry(x.seqNr(), x.event()))
          .runWith(Sink.seq(), system).toCompletableFuture().get(10, TimeUnit.MINUTES));
    }
    for (int round = 1; round <= rounds; round++) {
      long start = System.nanoTime();
      long ok = 0;
      LedgerState state = null;
      ChainVerifier verifier = null;
      for (JournalEntry entry : events) {
        if (entry.seqNr() == 1) {
          verifier = new ChainVerifier();
          state = LedgerState.empty(entry.event().entityKey());
        }
        ok += verifier.verify(entry).ok() ? 1 : 0;
        state = handler.apply(state, entry.event());
      }
      check(ok, events.size(), "in-memory");
      System.out.printf("in-memory verify + replay, round %d: %.0f events/s%n", round,
          events.size() / ((System.nanoTime() - start) / 1e9));
    }
  }

  private static void check(long actual, long expected, String what) {
    if (actual != expected) {
      throw new IllegalStateException(what + ": " + actual + " events, expected " + expected);
    }
  }

}
