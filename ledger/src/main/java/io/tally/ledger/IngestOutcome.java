package io.tally.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The entity's answer for one submitted event. Business outcomes are all successful replies;
 * {@code StatusReply.error} is reserved for "could not process the command at all".
 *
 * <p>HTTP maps them: accepted 202, duplicate 200, conflict 409, gone 410, rejected 422.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({
  @JsonSubTypes.Type(value = IngestOutcome.Accepted.class, name = "accepted"),
  @JsonSubTypes.Type(value = IngestOutcome.Duplicate.class, name = "duplicate"),
  @JsonSubTypes.Type(value = IngestOutcome.Conflict.class, name = "conflict"),
  @JsonSubTypes.Type(value = IngestOutcome.Rejected.class, name = "rejected"),
  @JsonSubTypes.Type(value = IngestOutcome.Gone.class, name = "gone")
})
public sealed interface IngestOutcome {

  /**
   * Persisted as event {@code seqNr}, with the timestamps the entity assigned.
   *
   * @param sequenceGap its producer {@code sequence} skipped numbers (a new gap in what that
   *     producer sent this entity): reported, never blocking
   */
  record Accepted(long seqNr, Instant ingestedAt, Instant windowStart, boolean late, boolean sequenceGap)
      implements IngestOutcome {

    /** An event whose producer sequence (if it has one) left no gap. */
    public Accepted(long seqNr, Instant ingestedAt, Instant windowStart, boolean late) {
      this(seqNr, ingestedAt, windowStart, late, false);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public Accepted {}
  }

  /** The same key with the same content was already persisted, as event {@code originalSeqNr}. */
  record Duplicate(long originalSeqNr) implements IngestOutcome {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public Duplicate {}
  }

  /** The key was already used with different content, or the event contradicts the entity. */
  record Conflict(String reason) implements IngestOutcome {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public Conflict {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The event breaks a rule. {@code reason} starts with the rule id ({@code field.rule: ...});
   * {@code field} is the contract field concerned, when there is one.
   */
  record Rejected(String reason, Optional<String> field) implements IngestOutcome {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      field = field == null ? Optional.empty() : field;
    }

    public static Rejected of(String reason, String field) {
      return new Rejected(reason, Optional.ofNullable(field));
    }
  }

  /** The entity is tombstoned (at {@code tombstonedAt}, event {@code tombstoneSeqNr}). */
  record Gone(Instant tombstonedAt, long tombstoneSeqNr) implements IngestOutcome {}
}
