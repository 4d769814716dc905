package io.tally.projections.audit;

import akka.NotUsed;
import akka.stream.javadsl.Source;
import io.tally.ledger.AttributeValue;
import io.tally.ledger.EntityRestored;
import io.tally.ledger.EntityTombstoned;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.EventRetracted;
import io.tally.ledger.HashChain;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.journal.JournalReader;
import io.tally.ledger.journal.KeyRange;
import io.tally.ledger.journal.JournalEntry;
import io.tally.ledger.journal.ScannedEntity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * An in-memory {@link JournalReader} whose journals are built like the entity builds them: each
 * event sealed into the entity's hash chain, in order. Tests can then tamper with it.
 */
final class TestJournal implements JournalReader {

  static final Duration WINDOW = Duration.ofMinutes(1);

  private final Map<String, List<JournalEntry>> journals = new TreeMap<>();
  private final Map<String, RuntimeException> failures = new HashMap<>();
  private final Map<String, Entity> builders = new HashMap<>();
  // Unset (negative): entities(scope) lists keys only, as JournalReader's default does.
  private int scannedCount = -1;
  private boolean scannedReadOn;

  /** Builds one entity's journal. */
  final class Entity {
    private final String key;
    private final Map<String, EventRecorded> recorded = new HashMap<>();
    private final Map<String, Long> seqNrs = new HashMap<>();

    Entity(String key) {
      this.key = key;
      journals.computeIfAbsent(key, k -> new ArrayList<>());
    }

    Entity record(String idem, Instant ingestedAt, String amount) {
      return record(idem, ingestedAt, ingestedAt, amount, Map.of(), false);
    }

    Entity record(String idem, Instant eventTime, Instant ingestedAt, String amount,
        Map<String, AttributeValue> attributes, boolean late) {
      EventRecorded e = new EventRecorded(key, idem, eventTime, ingestedAt, window(eventTime), late,
          new BigDecimal(amount), attributes, Optional.empty(), "test", "", "");
      recorded.put(idem, e);
      return append(e);
    }

    /** A recorded event of another producer than "test". */
    Entity recordFrom(String source, String idem, Instant eventTime, Instant ingestedAt, String amount) {
      EventRecorded e = new EventRecorded(key, idem, eventTime, ingestedAt, window(eventTime),
          ingestedAt.isAfter(window(eventTime).plus(WINDOW)), new BigDecimal(amount), Map.of(), Optional.empty(),
          source, "", "");
      recorded.put(idem, e);
      return append(e);
    }

    Entity retract(String idem, Instant ingestedAt, String target) {
      EventRecorded t = recorded.get(target);
      Map<String, AttributeValue> restored = new TreeMap<>();
      t.attributes().keySet().forEach(name -> restored.put(name, AttributeValue.NULL_VALUE));
      boolean closed = ingestedAt.isAfter(t.windowStart().plus(WINDOW));
      return append(new EventRetracted(key, idem, ingestedAt, ingestedAt, window(ingestedAt), false, target,
          seqNrs.get(target), t.windowStart(), closed, t.amount(), restored, Optional.empty(), Optional.empty(),
          "test", "", ""));
    }

    Entity tombstone(String idem, Instant ingestedAt) {
      return append(new EntityTombstoned(key, idem, ingestedAt, ingestedAt, window(ingestedAt), false,
          Optional.empty(), "test", "", ""));
    }

    Entity restore(String idem, Instant ingestedAt) {
      return append(new EntityRestored(key, idem, ingestedAt, ingestedAt, window(ingestedAt), false,
          Optional.empty(), "test", "", ""));
    }

    private Entity append(LedgerEvent event) {
      List<JournalEntry> journal = journals.get(key);
      String prev = journal.isEmpty() ? HashChain.GENESIS : journal.get(journal.size() - 1).event().hash();
      long seqNr = journal.size() + 1;
      journal.add(new JournalEntry(seqNr, HashChain.seal(event, prev)));
      seqNrs.put(event.idempotencyKey(), seqNr);
      return this;
    }
  }

  static Instant window(Instant t) {
    long size = WINDOW.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), size) * size);
  }

  /** The entity's builder: the same one each time, so a later retraction finds its target. */
  Entity entity(String key) {
    return builders.computeIfAbsent(key, Entity::new);
  }

  List<LedgerEvent> events(String key, int upToCount) {
    return journals.get(key).stream().limit(upToCount).map(JournalEntry::event).toList();
  }

  /** The entity's journal as it is now. */
  List<JournalEntry> entries(String key) {
    return List.copyOf(journals.get(key));
  }

  List<LedgerEvent> allEvents(String key) {
    return journals.get(key).stream().map(JournalEntry::event).toList();
  }

  /** Replaces the stored event at seqNr (its stored hashes stay, unless the change sets them). */
  void tamper(String key, long seqNr, UnaryOperator<LedgerEvent> change) {
    List<JournalEntry> journal = journals.get(key);
    int i = (int) seqNr - 1;
    journal.set(i, new JournalEntry(seqNr, change.apply(journal.get(i).event())));
  }

  void remove(String key, long seqNr) {
    journals.get(key).removeIf(e -> e.seqNr() == seqNr);
  }

  /** Reading this entity fails after its first event (like an undeserializable row). */
  void failAfterFirst(String key, RuntimeException failure) {
    failures.put(key, failure);
  }

  @Override
  public Source<JournalEntry, NotUsed> events(String entityKey) {
    List<JournalEntry> journal = List.copyOf(journals.getOrDefault(entityKey, List.of()));
    RuntimeException failure = failures.get(entityKey);
    if (failure != null) {
      return Source.from(journal.subList(0, 1)).concat(Source.failed(failure));
    }
    return Source.from(journal);
  }

  /**
   * Makes {@link #entities} act like a journal scan that read the first {@code count} events of
   * each entity and says whether the rest is to be read on.
   */
  void scanFirst(int count, boolean readOn) {
    scannedCount = count;
    scannedReadOn = readOn;
  }

  @Override
  public Source<ScannedEntity, NotUsed> entities(KeyRange keys) {
    if (scannedCount < 0) {
      return JournalReader.super.entities(keys);
    }
    return Source.from(journals.entrySet().stream().filter(e -> keys.includes(e.getKey()))
        .map(e -> new ScannedEntity(e.getKey(), e.getValue().stream().limit(scannedCount).toList(), scannedReadOn))
        .toList());
  }

  @Override
  public Source<String, NotUsed> entityKeys() {
    return Source.from(List.copyOf(journals.keySet()));
  }

  static EventRecorded withAmount(LedgerEvent e, String amount) {
    EventRecorded r = (EventRecorded) e;
    return new EventRecorded(r.entityKey(), r.idempotencyKey(), r.eventTime(), r.ingestedAt(), r.windowStart(),
        r.late(), new BigDecimal(amount), r.attributes(), r.sequence(), r.source(), r.prevHash(), r.hash());
  }
}
