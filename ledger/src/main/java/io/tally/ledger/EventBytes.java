package io.tally.ledger;

import java.util.Map;

/**
 * The size an event adds to a command and to its journal batch, estimated from its text: the
 * UTF-8 length of every string plus a fixed allowance per event and per attribute for the field
 * names, numbers and framing around them. One pass over the characters, no serialization; it only
 * has to be close, because the bound it serves ({@code tally.ledger.max-batch-bytes}) sits well
 * below the limits it protects (Artery's large frame, Cassandra's mutation size).
 */
public final class EventBytes {

  /** Field names, instants, amount, hash chain and framing of one event (CBOR: ~270 bytes). */
  static final int PER_EVENT = 512;
  /** Map entry framing, the kind and the field names of one attribute value (CBOR: ~22 bytes). */
  static final int PER_ATTRIBUTE = 32;

  private EventBytes() {}

  public static long estimate(ProposedEvent event) {
    long bytes = PER_EVENT + utf8(event.entityKey()) + utf8(event.idempotencyKey())
        + utf8(event.retracts()) + utf8(event.source());
    for (Map.Entry<String, AttributeValue> attribute : event.attributes().entrySet()) {
      bytes += PER_ATTRIBUTE + utf8(attribute.getKey()) + utf8(attribute.getValue().value());
    }
    return bytes;
  }

  /** UTF-8 length: 1-3 bytes per UTF-16 unit, 4 per surrogate pair (2 per unit). */
  static long utf8(String text) {
    if (text == null) {
      return 0;
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }
}
