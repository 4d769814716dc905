package io.tally.bench.ingest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tally.bench.ProcessCpu;
import java.util.Locale;

/**
 * What one load cost per accepted event: CPU of the node's JVM (the HTTP server, the entities, the
 * projection; or the raw driver and plain Akka writers, which run in it) and of the Cassandra
 * process, and the requests Cassandra executed on the cell's keyspaces (writes, and reads with
 * scans), from its {@code system_views} latency tables. Two writers of the same rows at different
 * rates are compared by what each row costs, not only by how many get through; a figure that
 * cannot be read (an external Cassandra: no pid; a Cassandra without the virtual tables) is NaN.
 */
final class StoreCost {

  /** Counters at one instant. */
  record Sample(long nodeCpuNanos, long cassandraCpuNanos, long writes, long reads) {}

  /** Per accepted event, between two samples. */
  record PerEvent(double nodeCpuMicros, double cassandraCpuMicros, double writes, double reads) {

    static final PerEvent NONE = new PerEvent(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    String text() {
      return String.format(Locale.ROOT, "per event: node %.0f µs CPU, Cassandra %.0f µs CPU, %.2f writes, %.2f reads",
          nodeCpuMicros, cassandraCpuMicros, writes, reads);
    }
  }

  private static final String WRITES = "SELECT keyspace_name, count FROM system_views.local_write_latency";
  private static final String[] READS = {
      "SELECT keyspace_name, count FROM system_views.local_read_latency",
      "SELECT keyspace_name, count FROM system_views.local_scan_latency"};

  private final CqlSession session;
  private final long cassandraPid;

  StoreCost(CqlSession session, long cassandraPid) {
    this.session = session;
    this.cassandraPid = cassandraPid;
  }

  Sample sample() {
    long reads = 0;
    for (String query : READS) {
      long count = requests(query);
      reads = count < 0 || reads < 0 ? -1 : reads + count;
    }
    return new Sample(ProcessCpu.thisJvmNanos(), ProcessCpu.ofProcessNanos(cassandraPid).orElse(-1L),
        requests(WRITES), reads);
  }

  static PerEvent between(Sample before, Sample after, long events) {
    if (events <= 0) {
      return PerEvent.NONE;
    }
    return new PerEvent(
        perEvent(before.nodeCpuNanos(), after.nodeCpuNanos(), events) / 1_000,
        perEvent(before.cassandraCpuNanos(), after.cassandraCpuNanos(), events) / 1_000,
        perEvent(before.writes(), after.writes(), events),
        perEvent(before.reads(), after.reads(), events));
  }

  private static double perEvent(long before, long after, long events) {
    return before < 0 || after < 0 ? Double.NaN : (double) (after - before) / events;
  }

  /** Requests on the application's keyspaces (Cassandra's own, {@code system*}, left out); -1 when unreadable. */
  private long requests(String query) {
    try {
      long total = 0;
      for (Row row : session.execute(query)) {
        String keyspace = row.getString("keyspace_name");
        if (keyspace != null && !keyspace.startsWith("system")) {
          total += row.getLong("count");
        }
      }
      return total;
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
