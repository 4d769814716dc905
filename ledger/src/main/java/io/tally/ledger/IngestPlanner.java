package io.tally.ledger;

import io.tally.ledger.IngestOutcome.Accepted;
import io.tally.ledger.IngestOutcome.Rejected;
import io.tally.ledger.internal.Amounts;
import io.tally.ledger.internal.ContentFingerprint;
import io.tally.ledger.internal.EntryKind;
import io.tally.ledger.internal.KeyEntry;
import io.tally.ledger.internal.KeyFingerprint;
import io.tally.ledger.internal.PendingRetraction;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides a batch: checks each proposed event in order against the rules that need the entity's
 * state and clock, and builds the events to persist. Each accepted event is applied (through the
 * one {@link LedgerEventHandler}) to a forked working state, so later events in the batch see the
 * earlier ones; the committed state is not touched.
 *
 * <p>Order of checks per event: contract (field rules, clock skew) and entity key; idempotency
 * (Duplicate / Conflict; answered even when tombstoned, so retries stay idempotent); tombstone
 * (Gone, except restore); lateness (max-lateness, late-policy); then the type's own rules.
 *
 * <p>Retraction semantics:
 *
 * <ul>
 *   <li>Target known and a record: {@link EventRetracted} reversing amount, window and attribute
 *       writes. Target already retracted (by any retraction key): Duplicate of that retraction.
 *   <li>Target a retraction, tombstone or restore: Rejected ({@code retracts.not-retractable}).
 *   <li>Target unknown: {@link RetractionPending}. A second retraction of the same unknown target
 *       is a Duplicate of the pending one. When the target record arrives, its {@link
 *       EventRecorded} is followed in the same write by an {@link EventRetracted} with {@code
 *       pendingSeqNr}: recorded and immediately neutralised; its outcome is the record's Accepted.
 *   <li>Lateness applies to the retraction's own eventTime and to the target's window: changing a
 *       window past max-lateness is rejected, and under late-policy reject so is changing a closed
 *       window.
 * </ul>
 *
 * <p>A tombstoned entity is frozen: record, retract and tombstone are Gone until a restore.
 */
public final class IngestPlanner {

  /** ingestedAt resolution: each accepted event is at least this much after the previous one. */
  static final ChronoUnit INGESTED_AT_UNIT = ChronoUnit.MICROS;

  private final LedgerSettings settings;
  private final EventContract contract;
  private final EventTimeWindows windows;
  private final LedgerEventHandler handler;

  public IngestPlanner(LedgerSettings settings, LedgerEventHandler handler) {
    this.settings = settings;
    this.contract = new EventContract(settings);
    this.windows = EventTimeWindows.of(settings);
    this.handler = handler;
  }

  public IngestPlan plan(LedgerState committed, List<ProposedEvent> batch, Instant now) {
    Batch b = new Batch(committed.fork(), now.truncatedTo(INGESTED_AT_UNIT));
    for (ProposedEvent proposed : batch) {
      b.outcomes.add(decide(b, proposed));
    }
    return new IngestPlan(b.events, b.outcomes);
  }

  /** ingestedAt = max(clock, previous + 1 µs): strictly increasing, also if the clock steps back. */
  public static Instant nextIngestedAt(Instant previous, Instant now) {
    Instant floor = previous.plus(1, INGESTED_AT_UNIT);
    Instant clock = now.truncatedTo(INGESTED_AT_UNIT);
    return clock.isBefore(floor) ? floor : clock;
  }

  private IngestOutcome decide(Batch b, ProposedEvent p) {
    Optional<ContractViolation> violation = contract.firstViolation(p, b.now);
    if (violation.isPresent()) {
      return violation.get().toOutcome();
    }
    if (!p.entityKey().equals(b.state.entityKey())) {
      return Rejected.of("entityKey.entity-mismatch: event for '" + p.entityKey()
          + "' sent to entity '" + b.state.entityKey() + "'", "entityKey");
    }
    KeyFingerprint key = KeyFingerprint.of(p.idempotencyKey());
    Optional<KeyEntry> used = b.state.keys().find(key);
    if (used.isPresent()) {
      return repeated(used.get(), p);
    }
    Optional<Deletion> deletion = b.state.deletion();
    if (deletion.isPresent() && p.type() != EventType.RESTORE) {
      return new IngestOutcome.Gone(deletion.get().deletedAt(), deletion.get().seqNr());
    }
    Instant ingestedAt = nextIngestedAt(b.state.lastIngestedAt(), b.now);
    Instant windowStart = windows.startOf(p.eventTime());
    Optional<IngestOutcome> tooLate = lateness(windowStart, ingestedAt, "eventTime");
    if (tooLate.isPresent()) {
      return tooLate.get();
    }
    Arrival a = new Arrival(p, ingestedAt, windowStart, windows.isLate(windowStart, ingestedAt));
    return switch (p.type()) {
      case RECORD -> record(b, a);
      case RETRACT -> retract(b, a);
      case TOMBSTONE -> accept(b, tombstoned(a));
      case RESTORE -> restore(b, a);
    };
  }

  private static IngestOutcome repeated(KeyEntry entry, ProposedEvent p) {
    if (entry.contentFingerprint() == ContentFingerprint.of(p)) {
      return new IngestOutcome.Duplicate(entry.seqNr());
    }
    return new IngestOutcome.Conflict("idempotencyKey '" + p.idempotencyKey()
        + "' was already used by event " + entry.seqNr() + " with different content");
  }

  private Optional<IngestOutcome> lateness(Instant windowStart, Instant ingestedAt, String field) {
    if (windows.isBeyondMaxLateness(windowStart, ingestedAt)) {
      return Optional.of(Rejected.of(field + ".max-lateness: window " + windowStart
          + " ended more than max-lateness " + settings.maxLateness() + " before " + ingestedAt,
          field));
    }
    if (settings.latePolicy() == LatePolicy.REJECT && windows.isLate(windowStart, ingestedAt)) {
      return Optional.of(Rejected.of(field + ".late: window " + windowStart + " closed at "
          + windows.closesAt(windowStart) + " and late-policy is reject", field));
    }
    return Optional.empty();
  }

  private IngestOutcome record(Batch b, Arrival a) {
    ProposedEvent p = a.proposed();
    long newNames = p.attributes().keySet().stream()
        .filter(name -> !b.state.attributes().containsKey(name)).count();
    if (b.state.attributes().size() + newNames > settings.maxAttributesPerEntity()) {
      return Rejected.of("attributes.entity-limit: the entity would have more than "
          + settings.maxAttributesPerEntity() + " attributes", "attributes");
    }
    EventRecorded recorded = new EventRecorded(p.entityKey(), p.idempotencyKey(), p.eventTime(),
        a.ingestedAt(), a.windowStart(), a.late(), Amounts.normalize(p.amount()), p.attributes(),
        Optional.ofNullable(p.sequence()), p.source(), "", "");
    Accepted accepted = accept(b, recorded);
    PendingRetraction pending = b.state.pendingRetractions().get(p.idempotencyKey());
    if (pending != null) {
      accept(b, neutralising(b, pending, recorded, accepted.seqNr()));
    }
    return accepted;
  }

  private EventRetracted neutralising(
      Batch b, PendingRetraction pending, EventRecorded target, long targetSeqNr) {
    Instant ingestedAt = nextIngestedAt(b.state.lastIngestedAt(), b.now);
    return new EventRetracted(target.entityKey(), pending.retractionKey(), pending.eventTime(),
        ingestedAt, pending.windowStart(), pending.late(), target.idempotencyKey(), targetSeqNr,
        target.windowStart(), windows.isLate(target.windowStart(), ingestedAt), target.amount(),
        restoredAttributes(b.state, targetSeqNr), Optional.of(pending.seqNr()),
        pending.sequence(), pending.source(), "", "");
  }

  private IngestOutcome retract(Batch b, Arrival a) {
    String target = a.proposed().retracts();
    Optional<KeyEntry> known = b.state.keys().find(KeyFingerprint.of(target));
    if (known.isEmpty()) {
      return retractBeforeTarget(b, a);
    }
    KeyEntry entry = known.get();
    if (entry.kind() != EntryKind.RECORDED) {
      return Rejected.of("retracts.not-retractable: '" + target + "' is a "
          + entry.kind().name().toLowerCase(Locale.ROOT) + " event (seqNr "
          + entry.seqNr() + "); only record events can be retracted", "retracts");
    }
    if (entry.retracted()) {
      return new IngestOutcome.Duplicate(entry.retractedBy());
    }
    Optional<IngestOutcome> tooLate = lateness(entry.windowStart(), a.ingestedAt(), "retracts");
    if (tooLate.isPresent()) {
      return tooLate.get();
    }
    Map<String, AttributeValue> restored = restoredAttributes(b.state, entry.seqNr());
    Optional<IngestOutcome> foreign = foreignOwner(restored, a.proposed().source());
    if (foreign.isPresent()) {
      return foreign.get();
    }
    ProposedEvent p = a.proposed();
    return accept(b, new EventRetracted(p.entityKey(), p.idempotencyKey(), p.eventTime(),
        a.ingestedAt(), a.windowStart(), a.late(), target, entry.seqNr(), entry.windowStart(),
        windows.isLate(entry.windowStart(), a.ingestedAt()), entry.amount(), restored,
        Optional.empty(), Optional.ofNullable(p.sequence()), p.source(), "", ""));
  }

  private IngestOutcome retractBeforeTarget(Batch b, Arrival a) {
    ProposedEvent p = a.proposed();
    PendingRetraction waiting = b.state.pendingRetractions().get(p.retracts());
    if (waiting != null) {
      return new IngestOutcome.Duplicate(waiting.seqNr());
    }
    if (b.state.pendingRetractions().size() >= settings.maxPendingRetractions()) {
      return Rejected.of("retracts.pending-limit: " + settings.maxPendingRetractions()
          + " retractions already wait for their targets", "retracts");
    }
    return accept(b, new RetractionPending(p.entityKey(), p.idempotencyKey(), p.eventTime(),
        a.ingestedAt(), a.windowStart(), a.late(), p.retracts(), Optional.ofNullable(p.sequence()),
        p.source(), "", ""));
  }

  private Optional<IngestOutcome> foreignOwner(Map<String, AttributeValue> restored, String by) {
    for (String name : restored.keySet()) {
      String owner = settings.ownerOf(name);
      if (owner != null && !owner.equals(by)) {
        return Optional.of(Rejected.of("retracts.owner: retracting it would change attribute '"
            + name + "', owned by source '" + owner + "', not '" + by + "'", "retracts"));
      }
    }
    return Optional.empty();
  }

  /** For each attribute the target wrote (and still remembers): its value without that write. */
  private static Map<String, AttributeValue> restoredAttributes(LedgerState s, long targetSeqNr) {
    Map<String, AttributeValue> restored = new TreeMap<>();
    s.attributes().forEach((name, history) -> {
      if (history.wrote(targetSeqNr)) {
        restored.put(name, history.without(targetSeqNr).currentValue());
      }
    });
    return restored;
  }

  private IngestOutcome restore(Batch b, Arrival a) {
    if (!b.state.deleted()) {
      return Rejected.of("type.not-tombstoned: restore needs a tombstoned entity", "type");
    }
    ProposedEvent p = a.proposed();
    return accept(b, new EntityRestored(p.entityKey(), p.idempotencyKey(), p.eventTime(),
        a.ingestedAt(), a.windowStart(), a.late(), Optional.ofNullable(p.sequence()), p.source(), "",
        ""));
  }

  private static EntityTombstoned tombstoned(Arrival a) {
    ProposedEvent p = a.proposed();
    return new EntityTombstoned(p.entityKey(), p.idempotencyKey(), p.eventTime(), a.ingestedAt(),
        a.windowStart(), a.late(), Optional.ofNullable(p.sequence()), p.source(), "", "");
  }

  /** Links the event into the chain, applies it to the working state, and records it. */
  private Accepted accept(Batch b, LedgerEvent unsealed) {
    long gapsBefore = gaps(b.state, unsealed.source());
    LedgerEvent sealed = HashChain.seal(unsealed, b.state.lastHash());
    b.state = handler.apply(b.state, sealed);
    b.events.add(sealed);
    return new Accepted(b.state.lastSeqNr(), sealed.ingestedAt(), sealed.windowStart(),
        sealed.late(), gaps(b.state, sealed.source()) > gapsBefore);
  }

  /** Gaps the entity has seen in one producer's sequence numbers. */
  private static long gaps(LedgerState state, String source) {
    ProducerSequence sequence = state.sequences().get(source);
    return sequence == null ? 0 : sequence.gapCount();
  }

  /** A proposed event with the timestamps it would get. */
  private record Arrival(
      ProposedEvent proposed, Instant ingestedAt, Instant windowStart, boolean late) {}

  /** The working state and results while one batch is planned. */
  private static final class Batch {
    LedgerState state;
    final Instant now;
    final List<LedgerEvent> events = new ArrayList<>();
    final List<IngestOutcome> outcomes = new ArrayList<>();

    Batch(LedgerState state, Instant now) {
      this.state = state;
      this.now = now;
    }
  }
}
