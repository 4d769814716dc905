package io.tally.http.ingest;

import akka.util.ByteString;
import com.fasterxml.jackson.databind.JsonNode;
import io.tally.http.quarantine.RawText;
import java.util.Optional;

/**
 * One submitted event as received, kept by reference while its request is ingested: its text is
 * taken only if it ends in the quarantine, so accepted events cost no copy.
 */
public sealed interface RawEvent {

  /** At most {@code maxBytes} of its text. */
  RawText text(int maxBytes);

  /** Its JSON tree, parsed again when needed; empty when it is not JSON. */
  Optional<JsonNode> tree(EventJsonReader reader);

  /**
   * Where it came from when that is not a request's body (a Kafka record's topic, partition and
   * offset): kept in a quarantine entry's detail, so the record can be found again.
   */
  default Optional<String> origin() {
    return Optional.empty();
  }

  /** An element of a JSON array, re-serialised (the array's bytes are not split). */
  record Element(JsonNode node) implements RawEvent {
    @Override
    public RawText text(int maxBytes) {
      return RawText.bounded(node.toString(), maxBytes);
    }

    @Override
    public Optional<JsonNode> tree(EventJsonReader reader) {
      return Optional.of(node);
    }
  }

  /** A whole single-event body or an NDJSON line: the bytes received, and the tree if parsed. */
  record Received(ByteString bytes, Optional<JsonNode> parsed) implements RawEvent {
    @Override
    public RawText text(int maxBytes) {
      return RawText.bounded(bytes.toArray(), maxBytes);
    }

    @Override
    public Optional<JsonNode> tree(EventJsonReader reader) {
      if (parsed.isPresent()) {
        return parsed;
      }
      try {
        return Optional.of(reader.tree(bytes));
      } catch (EventJsonReader.MalformedJson e) {
        return Optional.empty();
      }
    }
  }

  /** A change relayed from elsewhere (a Kafka record's value), with where it came from. */
  record Relayed(ByteString bytes, String from) implements RawEvent {
    @Override
    public RawText text(int maxBytes) {
      return RawText.bounded(bytes.toArray(), maxBytes);
    }

    @Override
    public Optional<JsonNode> tree(EventJsonReader reader) {
      return new Received(bytes, Optional.empty()).tree(reader);
    }

    @Override
    public Optional<String> origin() {
      return Optional.of(from);
    }
  }

  static RawEvent element(JsonNode node) {
    return new Element(node);
  }

  static RawEvent body(ByteString bytes, JsonNode parsed) {
    return new Received(bytes, Optional.of(parsed));
  }

  static RawEvent line(ByteString bytes) {
    return new Received(bytes, Optional.empty());
  }

  static RawEvent relayed(ByteString bytes, String origin) {
    return new Relayed(bytes, origin);
  }
}
