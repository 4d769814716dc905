package io.tally.ledger;

import io.tally.ledger.internal.CanonicalWriter;

/**
 * The canonical byte form of an event, the input of its hash ({@link HashChain}). It is defined
 * here field by field, independent of Jackson or class layout, so an auditor (or another
 * language) can recompute it. It covers every field except {@code prevHash} and {@code hash}.
 *
 * <p>Layout: byte {@link #FORMAT_VERSION}, string kind, then the common fields entityKey,
 * idempotencyKey, eventTime, ingestedAt, windowStart, late, sequence (optional long), source,
 * then per kind:
 *
 * <ul>
 *   <li>{@code recorded}: amount, attributes
 *   <li>{@code retracted}: targetIdempotencyKey, targetSeqNr, targetWindowStart,
 *       targetWindowClosed, reversedAmount, restoredAttributes, pendingSeqNr (optional long)
 *   <li>{@code retraction-pending}: targetIdempotencyKey
 *   <li>{@code tombstoned}, {@code restored}: nothing more
 * </ul>
 *
 * Encodings of strings, numbers, instants, decimals, optionals and attribute maps are those of
 * {@link CanonicalWriter}. Never change this for existing kinds: old hashes would stop verifying.
 * A new format needs a new FORMAT_VERSION byte and both versions kept.
 */
public final class CanonicalForm {

  public static final int FORMAT_VERSION = 1;

  private CanonicalForm() {}

  public static byte[] of(LedgerEvent event) {
    CanonicalWriter w = new CanonicalWriter().int8(FORMAT_VERSION).string(kindOf(event));
    w.string(event.entityKey())
        .string(event.idempotencyKey())
        .instant(event.eventTime())
        .instant(event.ingestedAt())
        .instant(event.windowStart())
        .bool(event.late())
        .optionalLong(event.sequence())
        .string(event.source());
    if (event instanceof EventRecorded e) {
      w.decimal(e.amount()).attributes(e.attributes());
    } else if (event instanceof EventRetracted e) {
      w.string(e.targetIdempotencyKey())
          .int64(e.targetSeqNr())
          .instant(e.targetWindowStart())
          .bool(e.targetWindowClosed())
          .decimal(e.reversedAmount())
          .attributes(e.restoredAttributes())
          .optionalLong(e.pendingSeqNr());
    } else if (event instanceof RetractionPending e) {
      w.string(e.targetIdempotencyKey());
    }
    return w.toBytes();
  }

  /** The stable kind name in the canonical form (not the Java class name). */
  public static String kindOf(LedgerEvent event) {
    if (event instanceof EventRecorded) {
      return "recorded";
    } else if (event instanceof EventRetracted) {
      return "retracted";
    } else if (event instanceof RetractionPending) {
      return "retraction-pending";
    } else if (event instanceof EntityTombstoned) {
      return "tombstoned";
    } else if (event instanceof EntityRestored) {
      return "restored";
    }
    throw new IllegalArgumentException("unknown event " + event.getClass());
  }
}
