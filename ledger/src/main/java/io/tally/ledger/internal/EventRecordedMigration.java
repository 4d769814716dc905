package io.tally.ledger.internal;

import akka.serialization.jackson.JacksonMigration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Schema versions of {@code EventRecorded}:
 *
 * <ol>
 *   <li>the first draft of the event, where business time was called {@code occurredAt};
 *   <li>renamed to {@code eventTime}, the name the HTTP contract uses.
 * </ol>
 *
 * Akka writes the version into the manifest ({@code io.tally.ledger.EventRecorded#2}) and calls
 * {@link #transform} for older payloads before binding them to the record. This is also the
 * template for future renames: bump the version, add one step, never edit an old step.
 */
public final class EventRecordedMigration extends JacksonMigration {

  static final int RENAMED_EVENT_TIME = 2;

  @Override
  public int currentVersion() {
    return RENAMED_EVENT_TIME;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    if (fromVersion < RENAMED_EVENT_TIME && json instanceof ObjectNode node
        && node.has("occurredAt")) {
      node.set("eventTime", node.remove("occurredAt"));
    }
    return json;
  }
}
