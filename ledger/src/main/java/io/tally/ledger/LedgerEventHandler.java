package io.tally.ledger;

import io.tally.ledger.internal.AttributeHistory;
import io.tally.ledger.internal.AttributeWrite;
import io.tally.ledger.internal.ContentFingerprint;
import io.tally.ledger.internal.EntryKind;
import io.tally.ledger.internal.KeyEntry;
import io.tally.ledger.internal.KeyFingerprint;
import io.tally.ledger.internal.PendingRetraction;
import io.tally.ledger.internal.RecentWindows;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one implementation of how events change a {@link LedgerState}: the entity's event handler,
 * the batch planner's look-ahead, and audit replay ("state as of an instant") all use it, so the
 * rules exist once.
 *
 * <p>{@link #apply} is deterministic. On a state from {@link LedgerState#empty} or a recovered
 * entity it updates the compact key store in place (the store is the one mutable part of the
 * state, see {@code CompactKeyStore}); on a {@link LedgerState#fork()} it is purely functional.
 * A fold (replay) therefore needs no fork: each intermediate state is used once.
 */
public final class LedgerEventHandler {

  private final int windowRetention;
  private final int attributeHistory;
  private final int maxSequencedSources;
  private final int maxTrackedGaps;

  public LedgerEventHandler(LedgerSettings settings) {
    this.windowRetention = settings.windowRetention();
    this.attributeHistory = settings.attributeHistory();
    this.maxSequencedSources = settings.maxSequencedSources();
    this.maxTrackedGaps = settings.maxTrackedGaps();
  }

  public LedgerState apply(LedgerState state, LedgerEvent event) {
    LedgerState next = state.advancedBy(event);
    if (event instanceof EventRecorded e) {
      return recorded(observed(next, e), e);
    } else if (event instanceof EventRetracted e) {
      return retracted(e.resolvesPending() ? next : observed(next, e), e);
    } else if (event instanceof RetractionPending e) {
      return pending(observed(next, e), e);
    } else if (event instanceof EntityTombstoned e) {
      return registered(observed(next, e), e, EntryKind.TOMBSTONE)
          .withDeletion(Optional.of(new Deletion(e.eventTime(), next.lastSeqNr())));
    } else if (event instanceof EntityRestored e) {
      return registered(observed(next, e), e, EntryKind.RESTORE).withDeletion(Optional.empty());
    }
    throw new IllegalArgumentException("unknown event " + event.getClass());
  }

  /** Folds events (in journal order) into {@code initial}. */
  public LedgerState replay(LedgerState initial, Iterable<? extends LedgerEvent> events) {
    LedgerState state = initial;
    for (LedgerEvent event : events) {
      state = apply(state, event);
    }
    return state;
  }

  /**
   * The state as the ledger knew it at {@code asOf}: the events with ingestedAt at or before it.
   * ingestedAt increases strictly along the journal, so this is a prefix.
   */
  public LedgerState replayUntil(
      LedgerState initial, Iterable<? extends LedgerEvent> events, Instant asOf) {
    LedgerState state = initial;
    for (LedgerEvent event : events) {
      if (event.ingestedAt().isAfter(asOf)) {
        break;
      }
      state = apply(state, event);
    }
    return state;
  }

  private LedgerState recorded(LedgerState s, EventRecorded e) {
    long seqNr = s.lastSeqNr();
    KeyFingerprint key = KeyFingerprint.of(e.idempotencyKey());
    KeyEntry entry = new KeyEntry(seqNr, ContentFingerprint.of(e), EntryKind.RECORDED, e.amount(),
        e.windowStart(), KeyEntry.NOT_RETRACTED);
    return s.withKeys(s.keys().with(key, entry))
        .withBalance(s.balance().add(e.amount()))
        .withCounts(s.counts().plusRecorded())
        .withWindows(RecentWindows.upsert(s.windows(), e.windowStart(),
            w -> w.recorded(e.amount(), key.hi(), e.late()), windowRetention))
        .withAttributes(written(s.attributes(), e.attributes(), e.eventTime(), seqNr));
  }

  private LedgerState retracted(LedgerState s, EventRetracted e) {
    KeyFingerprint target = KeyFingerprint.of(e.targetIdempotencyKey());
    KeyEntry targetEntry = s.keys().find(target).orElseThrow(() -> new IllegalStateException(
        "retraction of unknown event " + e.targetIdempotencyKey() + " in " + e.entityKey()));
    LedgerState next = e.resolvesPending()
        ? s.withPendingRetractions(without(s.pendingRetractions(), e.targetIdempotencyKey()))
        : registered(s, e, EntryKind.RETRACTION);
    return next.withKeys(next.keys().with(target, targetEntry.markRetracted(s.lastSeqNr())))
        .withBalance(next.balance().subtract(e.reversedAmount()))
        .withCounts(next.counts().plusRetracted())
        .withWindows(RecentWindows.update(next.windows(), e.targetWindowStart(),
            w -> w.retracted(e.reversedAmount(), target.hi(), e.targetWindowClosed())))
        .withAttributes(unwritten(next.attributes(), e.restoredAttributes().keySet(),
            e.targetSeqNr()));
  }

  private LedgerState pending(LedgerState s, RetractionPending e) {
    PendingRetraction pending = new PendingRetraction(e.idempotencyKey(), s.lastSeqNr(),
        e.eventTime(), e.windowStart(), e.late(), e.sequence(), e.source());
    LedgerState next = registered(s, e, EntryKind.RETRACTION);
    Map<String, PendingRetraction> map = new HashMap<>(next.pendingRetractions());
    map.put(e.targetIdempotencyKey(), pending);
    return next.withPendingRetractions(Collections.unmodifiableMap(map));
  }

  /**
   * Registers the key of an event that is not a record. If a retraction was waiting for this key
   * it can never apply (only records can be retracted), so it is voided.
   */
  private LedgerState registered(LedgerState s, LedgerEvent e, EntryKind kind) {
    KeyEntry entry = new KeyEntry(s.lastSeqNr(), ContentFingerprint.of(e), kind, BigDecimal.ZERO,
        e.windowStart(), KeyEntry.NOT_RETRACTED);
    LedgerState next = s.withKeys(s.keys().with(KeyFingerprint.of(e.idempotencyKey()), entry));
    if (!next.pendingRetractions().containsKey(e.idempotencyKey())) {
      return next;
    }
    return next.withPendingRetractions(without(next.pendingRetractions(), e.idempotencyKey()))
        .withCounts(next.counts().plusVoided());
  }

  /** Counts lateness and tracks the producer sequence: once per submitted event. */
  private LedgerState observed(LedgerState s, LedgerEvent e) {
    LedgerState next = e.late() ? s.withCounts(s.counts().plusLate()) : s;
    if (e.sequence().isEmpty()) {
      return next;
    }
    ProducerSequence known = next.sequences().get(e.source());
    if (known == null && next.sequences().size() >= maxSequencedSources) {
      return next.withCounts(next.counts().plusUntrackedSequence());
    }
    Map<String, ProducerSequence> sequences = new HashMap<>(next.sequences());
    sequences.put(e.source(), (known == null ? ProducerSequence.START : known)
        .observe(e.sequence().get(), maxTrackedGaps));
    return next.withSequences(Collections.unmodifiableMap(sequences));
  }

  private Map<String, AttributeHistory> written(
      Map<String, AttributeHistory> attributes, Map<String, AttributeValue> writes,
      Instant eventTime, long seqNr) {
    if (writes.isEmpty()) {
      return attributes;
    }
    Map<String, AttributeHistory> next = new HashMap<>(attributes);
    writes.forEach((name, value) -> next.put(name,
        next.getOrDefault(name, AttributeHistory.NONE)
            .with(new AttributeWrite(eventTime, seqNr, value), attributeHistory)));
    return Collections.unmodifiableMap(next);
  }

  private static Map<String, AttributeHistory> unwritten(
      Map<String, AttributeHistory> attributes, Iterable<String> names, long seqNr) {
    Map<String, AttributeHistory> next = new HashMap<>(attributes);
    for (String name : names) {
      AttributeHistory history = next.getOrDefault(name, AttributeHistory.NONE).without(seqNr);
      if (history.hasWrites()) {
        next.put(name, history);
      } else {
        next.remove(name);
      }
    }
    return Collections.unmodifiableMap(next);
  }

  private static <V> Map<String, V> without(Map<String, V> map, String key) {
    Map<String, V> next = new HashMap<>(map);
    next.remove(key);
    return Collections.unmodifiableMap(next);
  }
}
