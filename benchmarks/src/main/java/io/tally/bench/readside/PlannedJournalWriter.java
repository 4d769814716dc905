package io.tally.bench.readside;

import akka.serialization.Serialization;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.tally.bench.ingest.IngestPayload;
import io.tally.bench.ingest.RawJournalWriter;
import io.tally.ledger.IngestPlanner;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerState;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.Slices;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * New small entities written straight into the journal: each entity's events decided by the
 * ledger's own {@link IngestPlanner} from an empty state (so sealed into its hash chain exactly as
 * the entity would), serialized by the node's Akka serialization and written as the persistence
 * plugin writes one {@code persistAll}: one unlogged batch of {@code messages} rows in partition 0,
 * and the id in {@code all_persistence_ids}.
 * No {@code tag_views} rows: the views never see these events, only the journal's readers do. For
 * the audit's many-small-entities shape, which over HTTP costs an entity's creation and recovery
 * per entity (a few hundred entities/s on this machine).
 */
final class PlannedJournalWriter {

  private static final String SOURCE = "bench";
  private static final String WRITER_UUID = UUID.randomUUID().toString();
  private static final long PARTITION_NR = 0;
  private static final Duration DAY = Duration.ofDays(1);
  private static final int IN_FLIGHT = 64;

  private final CqlSession session;
  private final Serialization serialization;
  private final IngestPlanner planner;
  private final int slices;
  private final PreparedStatement insert;
  private final PreparedStatement insertId;

  PlannedJournalWriter(CqlSession session, String keyspace, Serialization serialization, LedgerSettings settings) {
    this.session = session;
    this.serialization = serialization;
    this.planner = new IngestPlanner(settings, new LedgerEventHandler(settings));
    this.slices = settings.slices();
    this.insert = session.prepare("INSERT INTO " + keyspace + ".messages (persistence_id, partition_nr, "
        + "sequence_nr, timestamp, timebucket, writer_uuid, ser_id, ser_manifest, event_manifest, event, tags) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    // The plugin lists a persistence id here on its first write (currentPersistenceIds reads it).
    this.insertId = session.prepare("INSERT INTO " + keyspace + ".all_persistence_ids (persistence_id) VALUES (?)");
  }

  /** {@code eventsPerEntity} events for each key, {@link #IN_FLIGHT} entities written at once. */
  void write(List<String> entityKeys, int eventsPerEntity, Instant now, Duration timeout) throws Exception {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int e = 0; e < entityKeys.size() && failure.get() == null; e++) {
      BatchStatement batch = batch(entityKeys.get(e), (long) e * eventsPerEntity, eventsPerEntity, now);
      if (!inFlight.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("journal writes did not complete within " + timeout);
      }
      String pid = RawJournalWriter.persistenceId(entityKeys.get(e));
      CompletableFuture.allOf(session.executeAsync(batch).toCompletableFuture(),
          session.executeAsync(insertId.bind(pid)).toCompletableFuture()).whenComplete((done, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        }
        inFlight.release();
      });
    }
    if (!inFlight.tryAcquire(IN_FLIGHT, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("journal writes did not complete within " + timeout);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a journal write failed", failure.get());
    }
  }

  private BatchStatement batch(String entityKey, long firstEvent, int events, Instant now) {
    List<ProposedEvent> proposed = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      proposed.add(ProposedEvent.record(entityKey, IngestPayload.idempotencyKey(firstEvent + i), now,
          IngestPayload.amount(firstEvent + i), SOURCE));
    }
    List<LedgerEvent> planned = planner.plan(LedgerState.empty(entityKey), proposed, now).events();
    if (planned.size() != events) {
      throw new IllegalStateException("the ledger planned " + planned.size() + " of " + events + " events");
    }
    String pid = RawJournalWriter.persistenceId(entityKey);
    Set<String> tags = Set.of(Slices.tagFor(entityKey, slices));
    BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
    long seqNr = 0;
    for (LedgerEvent event : planned) {
      Serializer serializer = serialization.findSerializerFor(event);
      UUID timestamp = Uuids.timeBased();
      long millis = Uuids.unixTimestamp(timestamp);
      batch.addStatement(insert.bind(pid, PARTITION_NR, ++seqNr, timestamp,
          Long.toString(millis - Math.floorMod(millis, DAY.toMillis())), WRITER_UUID, serializer.identifier(),
          Serializers.manifestFor(serializer, event), "", ByteBuffer.wrap(serializer.toBinary(event)), tags));
    }
    return batch.build();
  }
}
