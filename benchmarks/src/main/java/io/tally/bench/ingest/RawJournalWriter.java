package io.tally.bench.ingest;

import akka.serialization.Serialization;
import akka.serialization.Serializers;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.HashChain;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.Slices;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The raw-driver baseline: each event written as the journal plugin writes it, one row in
 * {@code messages} and one in {@code tag_views}, with the same CBOR payload Tally persists
 * (an {@link EventRecorded} serialized by Akka's configured serializer). A batch of one entity's
 * events is one unlogged batch per table (one partition each), as the plugin does for
 * {@code persistAll} and grouped tag writes. Acknowledged when both writes are. One event for each
 * of many entities ({@link #writeSpread}) is a journal row per entity and a tag batch per tag.
 */
public final class RawJournalWriter implements BatchWriter, SpreadWriter {

  /** The plugin's partition size default; the benchmark never fills one partition. */
  private static final long PARTITION_NR = 0;
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
  private static final String WRITER_UUID = UUID.randomUUID().toString();
  private static final String PLACEHOLDER_HASH = "0".repeat(64);

  private final CqlSession session;
  private final Serialization serialization;
  private final int slices;
  private final Clock clock;
  private final PreparedStatement insertMessage;
  private final PreparedStatement insertTag;
  private final Map<String, Long> lastSeqNr = new ConcurrentHashMap<>();

  public RawJournalWriter(CqlSession session, String keyspace, Serialization serialization, int slices, Clock clock) {
    this.session = session;
    this.serialization = serialization;
    this.slices = slices;
    this.clock = clock;
    this.insertMessage = session.prepare("INSERT INTO " + keyspace + ".messages (persistence_id, partition_nr, "
        + "sequence_nr, timestamp, timebucket, writer_uuid, ser_id, ser_manifest, event_manifest, event, tags) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.insertTag = session.prepare("INSERT INTO " + keyspace + ".tag_views (tag_name, timebucket, timestamp, "
        + "persistence_id, tag_pid_sequence_nr, sequence_nr, writer_uuid, ser_id, ser_manifest, event_manifest, "
        + "event) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  @Override
  public String name() {
    return "raw-driver";
  }

  public static String persistenceId(String entityKey) {
    return LedgerEntity.persistenceId(entityKey).id();
  }

  @Override
  public void write(String entityKey, long firstEvent, int batchSize) throws Exception {
    // Taken before the write, atomically: concurrent requests for one entity get distinct rows.
    long seqNr = lastSeqNr.merge(entityKey, (long) batchSize, Long::sum) - batchSize;
    BatchStatementBuilder messages = BatchStatement.builder(DefaultBatchType.UNLOGGED);
    BatchStatementBuilder tags = BatchStatement.builder(DefaultBatchType.UNLOGGED);
    Instant now = clock.instant();
    for (int i = 0; i < batchSize; i++) {
      Rows rows = rows(entityKey, ++seqNr, firstEvent + i, now);
      messages.addStatement(rows.message());
      tags.addStatement(rows.tag());
    }
    CompletableFuture<?> journal = session.executeAsync(single(messages, batchSize)).toCompletableFuture();
    CompletableFuture<?> tagged = session.executeAsync(single(tags, batchSize)).toCompletableFuture();
    CompletableFuture.allOf(journal, tagged).get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * One event for each of {@code entityKeys}, as the plugin writes events of that many entities
   * persisted at once: each entity's journal row on its own (its own partition), and the tag rows
   * grouped per tag in unlogged batches (the plugin's tag writer batches per tag), all in flight
   * together and acknowledged when every write is.
   */
  @Override
  public void writeSpread(List<String> entityKeys, long firstEvent) throws Exception {
    Instant now = clock.instant();
    List<CompletableFuture<?>> writes = new ArrayList<>(entityKeys.size() + slices);
    Map<String, BatchStatementBuilder> tagBatches = new HashMap<>();
    Map<String, Integer> tagRows = new HashMap<>();
    for (int i = 0; i < entityKeys.size(); i++) {
      String entityKey = entityKeys.get(i);
      Rows rows = rows(entityKey, lastSeqNr.merge(entityKey, 1L, Long::sum), firstEvent + i, now);
      writes.add(session.executeAsync(rows.message()).toCompletableFuture());
      tagBatches.computeIfAbsent(rows.tagName(), t -> BatchStatement.builder(DefaultBatchType.UNLOGGED))
          .addStatement(rows.tag());
      tagRows.merge(rows.tagName(), 1, Integer::sum);
    }
    tagBatches.forEach((tag, batch) ->
        writes.add(session.executeAsync(single(batch, tagRows.get(tag))).toCompletableFuture()));
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
        .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** An event's journal row and tag row, with the payload Tally would persist for it. */
  private record Rows(BoundStatement message, BoundStatement tag, String tagName) {}

  private Rows rows(String entityKey, long seqNr, long event, Instant now) {
    String pid = persistenceId(entityKey);
    String tag = Slices.tagFor(entityKey, slices);
    EventRecorded recorded = new EventRecorded(entityKey, IngestPayload.idempotencyKey(event), now, now,
        now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES), false, IngestPayload.amount(event), Map.of(),
        Optional.empty(), "bench", HashChain.GENESIS, PLACEHOLDER_HASH);
    akka.serialization.Serializer serializer = serialization.findSerializerFor(recorded);
    ByteBuffer payload = ByteBuffer.wrap(serializer.toBinary(recorded));
    String manifest = Serializers.manifestFor(serializer, recorded);
    UUID timestamp = Uuids.timeBased();
    long millis = Uuids.unixTimestamp(timestamp);
    BoundStatement message = insertMessage.bind(pid, PARTITION_NR, seqNr, timestamp,
        Long.toString(bucket(millis, DAY)), WRITER_UUID, serializer.identifier(), manifest, "", payload, Set.of(tag));
    BoundStatement tagRow = insertTag.bind(tag, bucket(millis, MINUTE), timestamp, pid, seqNr, seqNr,
        WRITER_UUID, serializer.identifier(), manifest, "", payload);
    return new Rows(message, tagRow, tag);
  }

  /** A batch of one is sent as the plain statement, as the plugin does. */
  private static Statement<?> single(BatchStatementBuilder batch, int size) {
    BatchStatement built = batch.build();
    return size == 1 ? built.iterator().next() : built;
  }

  private static long bucket(long millis, Duration size) {
    return millis - Math.floorMod(millis, size.toMillis());
  }
}
