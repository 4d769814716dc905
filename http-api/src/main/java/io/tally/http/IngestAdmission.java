package io.tally.http;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the ingest work one node holds at once, by count and by bytes: JSON requests and NDJSON
 * streams each have their own count (slow streams cannot lock out JSON ingest), and both draw on
 * one budget of body bytes (a burst of large bodies cannot exhaust the heap). Past a bound the work
 * is refused at once (429) instead of queueing behind the rest until every client times out.
 */
final class IngestAdmission {

  /** What kind of ingest work asks to be admitted. */
  enum Kind {
    REQUEST("JSON ingest requests"),
    STREAM("NDJSON ingest streams");

    private final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  /** The answer to one admission: a permit to release when the work ends, or why not. */
  sealed interface Admission permits Admitted, Refused {}

  record Admitted(Permit permit) implements Admission {}

  record Refused(String reason) implements Admission {}

  /** Held while the work runs; releasing twice has no effect. */
  final class Permit {
    private final PermitCount.Permit counted;
    private final long bytes;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(PermitCount.Permit counted, long bytes) {
      this.counted = counted;
      this.bytes = bytes;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        counted.release();
        bytesHeld.addAndGet(-bytes);
      }
    }
  }

  private final PermitCount requests;
  private final PermitCount streams;
  private final long maxBytes;
  private final AtomicLong bytesHeld = new AtomicLong();

  IngestAdmission(int maxRequests, int maxStreams, long maxBytes) {
    this.requests = new PermitCount(maxRequests);
    this.streams = new PermitCount(maxStreams);
    this.maxBytes = maxBytes;
  }

  static IngestAdmission of(HttpSettings.Ingest ingest, long maxHeapBytes) {
    return new IngestAdmission(ingest.maxInFlightRequests(), ingest.maxInFlightStreams(),
        (long) (maxHeapBytes * ingest.maxInFlightBodyHeapShare()));
  }

  /** Admits {@code kind} of work that holds up to {@code bytes} of body, or says why not. */
  Admission admit(Kind kind, long bytes) {
    PermitCount count = kind == Kind.REQUEST ? requests : streams;
    Optional<PermitCount.Permit> counted = count.tryTake();
    if (counted.isEmpty()) {
      return new Refused("this node is working on " + count.max() + " " + kind.description + " already");
    }
    if (!reserve(bytes)) {
      counted.get().release();
      return new Refused("this node holds " + maxBytes + " bytes of ingest bodies already (this one may hold "
          + bytes + ")");
    }
    return new Admitted(new Permit(counted.get(), bytes));
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
