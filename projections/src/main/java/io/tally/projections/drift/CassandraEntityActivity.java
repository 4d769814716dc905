package io.tally.projections.drift;

import akka.Done;
import io.tally.ledger.Slices;
import io.tally.projections.CqlStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link EntityActivity} in Cassandra: one partition per (slice, ingest-time bucket) listing the
 * entities that took events in it, written with a TTL so it never grows past the lookback. A node
 * writes each (entity, bucket) once: it remembers, for a bounded number of entities, the last
 * bucket it recorded.
 */
public final class CassandraEntityActivity implements EntityActivity {

  private static final String INSERT = "INSERT INTO %s.entity_activity (slice, bucket, entity_key)"
      + " VALUES (?, ?, ?) USING TTL ?";
  private static final String SELECT = "SELECT entity_key FROM %s.entity_activity WHERE slice = ? AND bucket = ?";

  private final CqlStore store;
  private final int slices;
  private final Duration bucket;
  private final int ttlSeconds;
  private final Clock clock;
  private final Map<String, Instant> recorded;

  /**
   * @param retention how long a record must stay readable (the detector's lookback and margins);
   *     rows expire one bucket after that
   * @param rememberedEntities entities whose last recorded bucket this node remembers
   */
  public CassandraEntityActivity(CqlStore store, int slices, Duration bucket, Duration retention,
      int rememberedEntities, Clock clock) {
    this.store = store;
    this.slices = slices;
    this.bucket = bucket;
    this.ttlSeconds = Math.toIntExact(retention.plus(bucket).toSeconds());
    this.clock = clock;
    this.recorded = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
        return size() > rememberedEntities;
      }
    };
  }

  @Override
  public CompletionStage<Done> record(String entityKey) {
    Instant current = bucketOf(clock.instant());
    synchronized (recorded) {
      if (current.equals(recorded.get(entityKey))) {
        return CompletableFuture.completedFuture(Done.getInstance());
      }
    }
    return store.execute(INSERT, Slices.of(entityKey, slices), current, entityKey, ttlSeconds).thenApply(rs -> {
      synchronized (recorded) {
        recorded.put(entityKey, current);
      }
      return Done.getInstance();
    });
  }

  @Override
  public CompletionStage<List<String>> activeSince(Instant since) {
    List<CompletableFuture<List<String>>> reads = new ArrayList<>();
    Instant last = bucketOf(clock.instant());
    // One bucket earlier too: an entity is recorded just before its events are persisted, so an
    // event ingested at the start of a bucket may have been recorded at the end of the one before.
    for (Instant b = bucketOf(since).minus(bucket); !b.isAfter(last); b = b.plus(bucket)) {
      for (int slice = 0; slice < slices; slice++) {
        reads.add(store.all(SELECT, slice, b)
            .thenApply(rows -> rows.stream().map(r -> r.getString("entity_key")).toList())
            .toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
      TreeSet<String> entities = new TreeSet<>();
      reads.forEach(r -> entities.addAll(r.join()));
      return List.copyOf(entities);
    });
  }

  Instant bucketOf(Instant at) {
    long size = bucket.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), size) * size);
  }
}
