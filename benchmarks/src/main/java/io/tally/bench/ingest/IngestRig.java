package io.tally.bench.ingest;

import akka.actor.typed.javadsl.Adapter;
import akka.serialization.SerializationExtension;
import com.datastax.oss.driver.api.core.CqlSession;
import io.tally.bench.BenchNode;
import io.tally.bench.RunOptions;
import io.tally.bench.load.LoadCell;
import io.tally.bench.load.LoadResult;
import io.tally.bench.readside.NodeHttp;
import io.tally.cluster.testing.TestPersistenceConfig;
import io.tally.ledger.LedgerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the load sections on the ingest node share: the writers (Tally over HTTP from the client
 * JVM, Tally without HTTP, the raw driver, plain Akka), the isolation check around every cell and
 * its log, and event numbers that no two loads share (so loads on the same entities never send an
 * idempotency key twice).
 */
public final class IngestRig {

  /** The ingest node's settings on top of Tally's. */
  public static final String NODE_OVERRIDES = Isolation.NODE_OVERRIDES;
  /** Longest wait for the projection before a cell; past it the cell runs and is reported not isolated. */
  static final Duration CATCH_UP_BOUND = Duration.ofSeconds(120);
  /** What a load takes beyond warm-up and window: client JVM start, drain, the isolation wait (an estimate for the time limit). */
  static final Duration RUN_OVERHEAD = Duration.ofSeconds(3);
  /** Events numbers each load may use: far more than any cell sends. */
  private static final long EVENTS_PER_LOAD = 1_000_000_000L;

  /** Entities started at once by {@link #startEntities}: thousands recovering together trip the journal's circuit breaker. */
  static final int STARTS_IN_FLIGHT = 16;
  /** Longest time {@link #startEntities} may take. */
  private static final Duration STARTS_BOUND = Duration.ofSeconds(120);

  final Contender http;
  final Contender direct;
  final Contender raw;
  final Contender plain;
  final RunOptions options;
  private final LedgerDirectWriter ledger;
  private final PlainAkkaWriter plainWriter;
  private final Isolation isolation;
  private final IsolationLog log = new IsolationLog();
  private final StoreCost cost;
  private long nextFirstEvent;

  private IngestRig(BenchNode node, CqlSession session, long cassandraPid, RunOptions options) {
    Clock clock = Clock.systemUTC();
    int slices = LedgerSettings.create(node.config()).slices();
    String rawKeyspace = TestPersistenceConfig.keyspaceFor("raw");
    RawJournalSchema.create(session, Adapter.toClassic(node.node().system()), rawKeyspace);
    RawJournalWriter rawWriter = new RawJournalWriter(session, rawKeyspace,
        SerializationExtension.get(Adapter.toClassic(node.node().system())), slices, clock);
    this.http = new HttpClientContender(node.baseUrl(), BenchNode.TOKEN);
    this.ledger = new LedgerDirectWriter(node.node().system(), clock);
    this.direct = new InProcessContender(ledger, null, true);
    this.raw = new InProcessContender(rawWriter, rawWriter, false);
    this.plainWriter = new PlainAkkaWriter(node.node().system(), slices, clock);
    this.plain = new InProcessContender(plainWriter, plainWriter, false);
    this.options = options;
    this.isolation = new Isolation(new NodeHttp(node), node.config());
    this.cost = new StoreCost(session, cassandraPid);
  }

  /** @param cassandraPid the Cassandra node's process, for its CPU per event (-1: not known) */
  public static IngestRig create(BenchNode node, CqlSession session, long cassandraPid, RunOptions options) {
    return new IngestRig(node, session, cassandraPid, options);
  }

  /** One load's time, for the time limit. */
  Duration perLoad() {
    return options.cellWarmUp().plus(options.cell()).plus(RUN_OVERHEAD);
  }

  /**
   * Runs one load of {@code contender} in isolation: waits for Tally's projection, runs, checks,
   * prints a line, logs the check.
   */
  LoadResult measure(String section, Contender contender, LoadCell cell, double rate, String run, int repetition)
      throws InterruptedException {
    return measureWithCost(section, contender, cell, rate, run, repetition).result();
  }

  /** A load's result and what it cost per accepted event (warm-up included on both sides of the ratio). */
  record Measured(LoadResult result, StoreCost.PerEvent cost) {}

  /** As {@link #measure}, with the load's CPU and Cassandra requests per accepted event. */
  Measured measureWithCost(String section, Contender contender, LoadCell cell, double rate, String run,
      int repetition) throws InterruptedException {
    Isolation.Before before = isolation.await(CATCH_UP_BOUND);
    StoreCost.Sample startCost = cost.sample();
    LoadResult result = contender.run(cell, rate, options.cellWarmUp(), options.cell(), run, nextFirstEvent);
    StoreCost.PerEvent perEvent = StoreCost.between(startCost, cost.sample(), result.acceptedTotal());
    nextFirstEvent += EVENTS_PER_LOAD;
    if (contender.tally()) {
      isolation.tallyAccepted(result.acceptedTotal());
    }
    IsolationCheck check = isolation.after(before, section, cell.toString(), contender.name(), !contender.tally());
    log.add(check);
    System.out.printf(Locale.ROOT, "  %-12s %-18s #%d %,10.0f events/s  p50 %.1f ms  p99 %.1f ms  refused %d"
            + "  unavailable %d  failed %d  answered after the window %d | %s | %s%n", contender.name(), cell,
        repetition, result.eventsPerSecond(), result.latency().p50(), result.latency().p99(),
        result.window().refusedRequests(), result.window().unavailable(), result.failures(),
        result.window().answeredAfter(), check.text(), perEvent.text());
    return new Measured(result, perEvent);
  }

  /**
   * Starts (recovers) each of {@code entityKeys} with one event through the ledger,
   * {@link #STARTS_IN_FLIGHT} at a time, as a warm-up nothing measures. Returns how many started.
   */
  int startEntities(List<String> entityKeys) throws InterruptedException {
    int started = start(entityKeys, ledger);
    // Only events that were answered count; any other may still arrive and is absorbed by the quiet period.
    isolation.tallyAccepted(started);
    return started;
  }

  /** As {@link #startEntities}, as plain Akka entities of the same keys. */
  int startPlainEntities(List<String> entityKeys) throws InterruptedException {
    return start(entityKeys, plainWriter);
  }

  private int start(List<String> entityKeys, BatchWriter writer) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger started = new AtomicInteger();
    long firstEvent = nextFirstEvent;
    nextFirstEvent += EVENTS_PER_LOAD;
    ExecutorService starters = Executors.newFixedThreadPool(STARTS_IN_FLIGHT);
    for (int t = 0; t < STARTS_IN_FLIGHT; t++) {
      starters.execute(() -> {
        for (int i = next.getAndIncrement(); i < entityKeys.size(); i = next.getAndIncrement()) {
          try {
            writer.write(entityKeys.get(i), firstEvent + i, 1);
            started.incrementAndGet();
          } catch (Exception e) {
            System.err.println("starting " + writer.name() + " " + entityKeys.get(i) + ": " + e);
          }
        }
      });
    }
    starters.shutdown();
    boolean done = starters.awaitTermination(STARTS_BOUND.toMillis(), TimeUnit.MILLISECONDS);
    if (!done) {
      starters.shutdownNow();
    }
    return started.get();
  }

  /** The isolation checks so far, for the report's header. */
  public String isolationMarkdown() {
    return log.markdown(isolation.quiet());
  }

  public boolean measuredAnything() {
    return !log.isEmpty();
  }
}
