package io.tally.http.cdc;

import java.util.Optional;

/**
 * One Debezium message as a Kafka consumer receives it: where it came from, its key and its value,
 * as bytes of JSON (Kafka Connect's JsonConverter, with or without schemas).
 *
 * @param origin the topic (or {@code http}): said in answers, never part of an idempotency key, so
 *     that a change maps to the same event whichever way it arrives
 * @param key the record key (the row's primary key columns), when it has one: read only for a
 *     delete whose {@code before} is null
 * @param value the change event; empty for a Kafka tombstone (the null value that follows a delete)
 */
public record ChangeMessage(String origin, Optional<byte[]> key, Optional<byte[]> value) {

  public static ChangeMessage of(String origin, byte[] key, byte[] value) {
    return new ChangeMessage(origin, Optional.ofNullable(key), Optional.ofNullable(value));
  }
}
