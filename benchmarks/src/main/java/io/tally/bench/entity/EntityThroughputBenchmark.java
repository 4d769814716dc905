package io.tally.bench.entity;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.AskPattern;
import akka.pattern.StatusReply;
import com.typesafe.config.ConfigFactory;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.IngestResult;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.ProposedEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU cost of the entity itself: one entity on Akka's in-memory journal (events serialized to
 * CBOR and back on write, test-serialization), batches of tally.ledger.max-batch-size and single events, one command
 * at a time. No network or Cassandra: an upper bound, not the ingest figure of docs/targets.md.
 * Arguments: [events (default 100000)].
 */
public final class EntityThroughputBenchmark {

  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  private EntityThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    ActorTestKit testKit = ActorTestKit.create("throughput", ConfigFactory.parseString(
            String.join("\n",
                "akka.persistence.journal.plugin = akka.persistence.journal.inmem",
                "akka.persistence.journal.inmem.test-serialization = on",
                "tally.ledger.snapshot-every = 2000000000"))
        .withFallback(BenchConfig.withSnapshotEvery(1000)));
    try {
      LedgerSettings settings = LedgerSettings.create(testKit.system().settings().config());
      int batch = settings.maxBatchSize();
      run(testKit, settings, "warm-up (batches)", events, batch);
      run(testKit, settings, "warm-up (single)", events / 10, 1);
      run(testKit, settings, "batches of " + batch, events, batch);
      run(testKit, settings, "one event per command", events / 10, 1);
    } finally {
      testKit.shutdownTestKit();
    }
  }

  private static void run(ActorTestKit testKit, LedgerSettings settings, String label, int events,
      int batchSize) throws Exception {
    Clock clock = Clock.systemUTC();
    String key = "tp-" + label.replaceAll("[^a-z0-9]+", "-");
    ActorRef<LedgerEntity.Command> entity =
        testKit.spawn(LedgerEntity.create(key, settings, clock));
    long start = System.nanoTime();
    for (int first = 0; first < events; first += batchSize) {
      List<ProposedEvent> batch = new ArrayList<>(batchSize);
      for (int i = first; i < first + batchSize; i++) {
        batch.add(ProposedEvent.record(key, "idem-" + i, clock.instant(), BigDecimal.ONE, "bench"));
      }
      StatusReply<IngestResult> reply = AskPattern.<LedgerEntity.Command, StatusReply<IngestResult>>ask(
              entity, replyTo -> new LedgerEntity.Ingest(batch, replyTo), TIMEOUT,
              testKit.scheduler())
          .toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (reply.isError() || !reply.getValue().outcomes().stream()
          .allMatch(outcome -> outcome instanceof IngestOutcome.Accepted)) {
        throw new IllegalStateException("not all accepted: " + reply);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%-24s %,9d events in %6.2f s = %,9.0f events/s (%,.1f µs/event)%n",
        label, events, seconds, events / seconds, seconds * 1e6 / events);
    testKit.stop(entity);
  }
}
