package io.tally.http.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tally.projections.metrics.TallyMetrics;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import io.tally.http.HttpSettings;
import io.tally.http.PermitCount;

/**
 * Bounds the ingest work one node holds at once. JSON requests are bounded by count and by the
 * bytes of their bodies (whose size the client chooses: a burst of large bodies cannot exhaust the
 * heap), and, once parsed, by the entity commands they will drive at once: past the number the
 * node's entities and journal finish in time, more work only makes every command slower until
 * asks time out and whole batches come back {@code unavailable} (throughput collapsed to a third
 * at 32 requests of 100 entities). NDJSON streams are bounded by their own count (each holds at
 * most two chunks of lines), so slow streams can lock out neither JSON requests nor their byte
 * budget. Past a bound the work is refused at once (429) instead of queueing behind the rest.
 */
public final class IngestAdmission {

  /** The answer to one admission: a permit to release when the work ends, or why not. */
  sealed interface Admission permits Admitted, Refused {}

  record Admitted(Permit permit) implements Admission {}

  /** Why the work was refused: the bound (a metric label) and a sentence for the client. */
  record Refused(String bound, String reason) implements Admission {}

  /** Held while the work runs; releasing twice has no effect. */
  final class Permit {
    private final Runnable counted;
    private final long bytes;
    private final int entityCommands;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(Runnable counted, long bytes) {
      this(counted, bytes, 0);
    }

    private Permit(Runnable counted, long bytes, int entityCommands) {
      this.counted = counted;
      this.bytes = bytes;
      this.entityCommands = entityCommands;
    }

    /** Entity commands the work may run at once (0 when it is not entity work). */
    int entityCommands() {
      return entityCommands;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        counted.run();
        bytesHeld.addAndGet(-bytes);
      }
    }
  }

  private final PermitCount requests;
  private final PermitCount streams;
  private final EntityCommandLimit entityCommands;
  private final long maxBytes;
  private final AtomicLong bytesHeld = new AtomicLong();

  IngestAdmission(int maxRequests, int maxStreams, long maxBytes, EntityCommandLimit entityCommands) {
    this.requests = new PermitCount(maxRequests);
    this.streams = new PermitCount(maxStreams);
    this.entityCommands = entityCommands;
    this.maxBytes = maxBytes;
  }

  public static IngestAdmission of(HttpSettings.Ingest ingest, long maxHeapBytes) {
    return new IngestAdmission(ingest.maxInFlightRequests(), ingest.maxInFlightStreams(),
        (long) (maxHeapBytes * ingest.maxInFlightBodyHeapShare()),
        new EntityCommandLimit(ingest.entityCommands(), System::nanoTime));
  }

  /**
   * Admits a JSON request whose body holds up to {@code bodyBytes}, or says why not. While every
   * entity command is taken, a request is refused before its body is read: its entity work would
   * be refused after the parse anyway, and past the peak those parses were what the node spent
   * its time on.
   */
  Admission admitRequest(long bodyBytes) {
    if (entityCommands.full()) {
      return entityCommandsRefusal("its body is not read");
    }
    Optional<PermitCount.Permit> counted = requests.tryTake();
    if (counted.isEmpty()) {
      return new Refused("requests", "this node is working on " + requests.max() + " JSON ingest requests already");
    }
    if (!reserve(bodyBytes)) {
      counted.get().release();
      return new Refused("body_bytes", "this node holds " + maxBytes + " bytes of ingest bodies already (this one may hold "
          + bodyBytes + ")");
    }
    return new Admitted(new Permit(counted.get()::release, bodyBytes));
  }

  /**
   * Admits a parsed JSON request's entity work: {@code commands} entity commands at once (its
   * distinct entities, at most the per-request entity parallelism), or says why not.
   */
  Admission admitEntityWork(int commands) {
    return entityCommands.tryTake(commands)
        .<Admission>map(taken -> new Admitted(new Permit(taken::release, 0)))
        .orElseGet(() -> entityCommandsRefusal("this request needs " + commands));
  }

  /**
   * Admits paced entity work (a batch's chunk, a Kafka partition's records) with as many of its
   * {@code wanted} commands at once as are free now ({@link EntityCommandLimit#tryTakeUpTo}), or
   * says why none is.
   */
  Admission admitEntityWorkUpTo(int wanted) {
    return entityCommands.tryTakeUpTo(wanted)
        .<Admission>map(taken -> new Admitted(new Permit(taken::release, 0, taken.units())))
        .orElseGet(() -> entityCommandsRefusal("this work needs at least one"));
  }

  private Refused entityCommandsRefusal(String why) {
    return new Refused("entity_commands", "this node is driving " + entityCommands.inFlight()
        + " entity commands at once already (at most " + entityCommands.limit() + " now, as fast as they finish; "
        + why + ")");
  }

  /** Feedback from every entity command of ingest: how long it took, and whether it got an answer. */
  public void entityCommandFinished(long latencyNanos, boolean failed) {
    entityCommands.finished(latencyNanos, failed);
  }

  /**
   * The entity-command limit and the commands in flight as gauges: read beside {@code
   * tally_ingest_refused_total{bound="entity_commands"}}, they say whether refusals come from a
   * limit backed off by slow commands or from a node at its limit.
   */
  public void bindMetrics(MeterRegistry registry) {
    Gauge.builder(TallyMetrics.INGEST_ENTITY_COMMANDS_LIMIT, entityCommands::limit)
        .description("Entity commands ingest may drive at once now (adapted to how fast they finish)")
        .register(registry);
    Gauge.builder(TallyMetrics.INGEST_ENTITY_COMMANDS_IN_FLIGHT, entityCommands::inFlight)
        .description("Entity commands ingest drives now")
        .register(registry);
  }

  /** Admits an NDJSON stream, or says why not. */
  Admission admitStream() {
    return streams.tryTake()
        .<Admission>map(counted -> new Admitted(new Permit(counted::release, 0)))
        .orElseGet(() -> new Refused("streams", "this node is working on " + streams.max() + " NDJSON ingest streams already"));
  }

  long bytesHeld() {
    return bytesHeld.get();
  }

  /** A body larger than the whole budget is still admitted alone, so that no size is refused forever. */
  private boolean reserve(long bytes) {
    while (true) {
      long now = bytesHeld.get();
      if (now > 0 && now + bytes > maxBytes) {
        return false;
      }
      if (bytesHeld.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }
}
