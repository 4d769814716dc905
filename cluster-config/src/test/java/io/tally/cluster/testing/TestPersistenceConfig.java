package io.tally.cluster.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Persistence config for one integration-test class: Tally's real Cassandra settings
 * ({@code tally-persistence.conf}), pointed at the shared node, with keyspaces of the test's own
 * and auto-create on (test only). Each call gives new keyspaces, so tests never share data.
 */
public final class TestPersistenceConfig {

  private static final AtomicInteger counter = new AtomicInteger();
  private static final int MAX_KEYSPACE_PREFIX = 24;
  private static final DateTimeFormatter BUCKET = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm");
  /** The tag scan starts a few minutes back, so a test's first event is never before it. */
  private static final int FIRST_BUCKET_MINUTES_BACK = 5;

  private TestPersistenceConfig() {}

  /** For a test class, on the shared node. */
  public static Config forTest(Class<?> testClass) {
    return forTest(testClass.getSimpleName(), SharedCassandra.contactPoint());
  }

  /** For a named test on the given node. */
  public static Config forTest(String name, String contactPoint) {
    String keyspace = keyspaceFor(name);
    String firstBucket =
        ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(FIRST_BUCKET_MINUTES_BACK).format(BUCKET);
    Config overrides =
        ConfigFactory.parseString(
            String.join(
                "\n",
                "tally.cassandra.contact-points = \"" + contactPoint + "\"",
                "datastax-java-driver.basic.contact-points = [\"" + contactPoint + "\"]",
                "akka.persistence.cassandra.journal.keyspace = " + keyspace,
                "akka.persistence.cassandra.journal.keyspace-autocreate = true",
                "akka.persistence.cassandra.journal.tables-autocreate = true",
                "akka.persistence.cassandra.snapshot.keyspace = " + keyspace + "_snap",
                "akka.persistence.cassandra.snapshot.keyspace-autocreate = true",
                "akka.persistence.cassandra.snapshot.tables-autocreate = true",
                "akka.persistence.cassandra.events-by-tag.first-time-bucket = \"" + firstBucket + "\"",
                "akka.projection.cassandra.offset-store.keyspace = " + keyspace + "_proj",
                "tally.projections.keyspace = " + keyspace + "_views",
                "tally.projections.tables-autocreate = true"));
    return overrides
        .withFallback(ConfigFactory.parseResources("tally-persistence.conf"))
        .withFallback(ConfigFactory.parseResources("tally-cassandra.conf"));
  }

  /** A fresh, valid keyspace name (letters, digits, underscore; at most 48 characters). */
  public static String keyspaceFor(String name) {
    String clean = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (clean.length() > MAX_KEYSPACE_PREFIX) {
      clean = clean.substring(0, MAX_KEYSPACE_PREFIX);
    }
    return "it_" + clean + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36)
        + counter.incrementAndGet();
  }
}
