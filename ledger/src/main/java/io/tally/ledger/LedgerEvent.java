package io.tally.ledger;

import java.time.Instant;
import java.util.Optional;

/**
 * A persisted ledger event. Each one carries everything a reader (projections, audit) needs
 * without the entity's state, plus its link in the hash chain ({@link HashChain}).
 *
 * <p>The record class names are persisted manifests: never rename or move them. Field renames go
 * through a {@code JacksonMigration} (see {@code EventRecordedMigration}).
 *
 * <p>Common fields: {@code eventTime} is business time; {@code ingestedAt} is the entity's
 * strictly increasing acceptance time; {@code windowStart} is the window of {@code eventTime};
 * {@code late} says ingestedAt was after that window closed (decided once, here); {@code
 * sequence} is the producer's sequence when given; {@code source} is the producer.
 */
public sealed interface LedgerEvent extends LedgerSerializable
    permits EventRecorded, EventRetracted, RetractionPending, EntityTombstoned, EntityRestored {

  String entityKey();

  String idempotencyKey();

  Instant eventTime();

  Instant ingestedAt();

  Instant windowStart();

  boolean late();

  Optional<Long> sequence();

  String source();

  /** The previous event's hash ({@link HashChain#GENESIS} for the first event). */
  String prevHash();

  /** SHA-256 over prevHash and this event's {@link CanonicalForm}, lowercase hex. */
  String hash();

  /** A copy linked into the chain. */
  LedgerEvent withChain(String prevHash, String hash);
}
