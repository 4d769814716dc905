package io.tally.http;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final Kind kind;
    private final long bytes;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(Kind kind, long bytes) {
      this.kind = kind;
      this.bytes = bytes;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        counter(kind).decrementAndGet();
        bytesHeld.addAndGet(-bytes);
      }
    }
  }

  private final int maxRequests;
  private final int maxStreams;
  private final long maxBytes;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger streams = new AtomicInteger();
  private final AtomicLong bytesHeld = new AtomicLong();

  IngestAdmission(int maxRequests, int maxStreams, long maxBytes) {
    this.maxRequests = maxRequests;
    this.maxStreams = maxStreams;
    this.maxBytes = maxBytes;
  }

  static IngestAdmission of(HttpSettings.Ingest ingest, long maxHeapBytes) {
    return new IngestAdmission(ingest.maxInFlightRequests(), ingest.maxInFlightStreams(),
        (long) (maxHeapBytes * ingest.maxInFlightBodyHeapShare()));
  }

  /** Admits {@code kind} of work that holds up to {@code bytes} of body, or says why not. */
  Admission admit(Kind kind, long bytes) {
    AtomicInteger count = counter(kind);
    int max = kind == Kind.REQUEST ? maxRequests : maxStreams;
    if (!increment(count, max)) {
      return new Refused("this node is working on " + max + " " + kind.description + " already");
    }
    if (!reserve(bytes)) {
      count.decrementAndGet();
      return new Refused("this node holds " + maxBytes + " bytes of ingest bodies already (this one may hold "
          + bytes + ")");
    }
    return new Admitted(new Permit(kind, bytes));
  }

  long bytesHeld() {
    return bytesHeld.get();
  }

  private AtomicInteger counter(Kind kind) {
    return kind == Kind.REQUEST ? requests : streams;
  }

  private static boolean increment(AtomicInteger count, int max) {
    while (true) {
      int now = count.get();
      if (now >= max) {
        return false;
      }
      if (count.compareAndSet(now, now + 1)) {
        return true;
      }
    }
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
