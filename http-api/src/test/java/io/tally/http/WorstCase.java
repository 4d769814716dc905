package io.tally.http;

import io.tally.ledger.AttributeValue;
import io.tally.ledger.EventType;
import io.tally.ledger.LedgerCounts;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerSettings.ContractLimits;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProducerSequence;
import io.tally.ledger.ProposedEvent;
import io.tally.ledger.SequenceRange;
import io.tally.ledger.WindowAggregate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The largest events and state the contract and the ledger's limits allow, every limit read from
 * the settings: text of 3-byte UTF-8 characters (the most bytes per counted UTF-16 unit), names of
 * 4-byte ones (names are counted in code points), the widest numbers.
 */
final class WorstCase {

  private static final String WIDE = "漢";
  private static final String WIDEST = "😀";
  private static final Instant T = Instant.parse("2026-11-21T12:00:00.123456789Z");
  private static final BigDecimal AMOUNT = new BigDecimal("-" + "9".repeat(20) + "." + "9".repeat(18));

  private WorstCase() {}

  public static List<ProposedEvent> events(LedgerSettings settings, int count) {
    List<ProposedEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(event(settings, i));
    }
    return events;
  }

  /** A record event with the most attributes, each with the longest name and value. */
  public static ProposedEvent event(LedgerSettings settings, int index) {
    ContractLimits c = settings.contract();
    Map<String, AttributeValue> attributes = new TreeMap<>();
    for (int a = 0; a < c.maxAttributes(); a++) {
      attributes.put(name(c, index * c.maxAttributes() + a), AttributeValue.text(text(c.attributeValueMaxLength(), a)));
    }
    return event(c, index, attributes);
  }

  /** The most attributes, each as small as possible: framing outweighs text. */
  public static ProposedEvent tinyAttributes(LedgerSettings settings) {
    ContractLimits c = settings.contract();
    Map<String, AttributeValue> attributes = new TreeMap<>();
    for (int a = 0; a < c.maxAttributes(); a++) {
      attributes.put(Integer.toString(a), AttributeValue.text(""));
    }
    return event(c, 0, attributes);
  }

  /** The state of an entity at every limit: attributes, producer sequences and their gaps, windows. */
  public static LedgerSummary summary(LedgerSettings settings) {
    ContractLimits c = settings.contract();
    Map<String, AttributeValue> attributes = new TreeMap<>();
    for (int a = 0; a < settings.maxAttributesPerEntity(); a++) {
      attributes.put(name(c, a), AttributeValue.text(text(c.attributeValueMaxLength(), a)));
    }
    List<SequenceRange> gaps = new ArrayList<>();
    for (int g = 0; g < settings.maxTrackedGaps(); g++) {
      gaps.add(new SequenceRange(Long.MAX_VALUE - 2L * g - 1, Long.MAX_VALUE - 2L * g));
    }
    Map<String, ProducerSequence> sequences = new TreeMap<>();
    for (int s = 0; s < settings.maxSequencedSources(); s++) {
      sequences.put(text(c.sourceMaxLength(), s),
          new ProducerSequence(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, gaps, Long.MAX_VALUE));
    }
    List<WindowAggregate> windows = new ArrayList<>();
    for (int w = 0; w < settings.windowRetention(); w++) {
      windows.add(new WindowAggregate(T.plus(settings.windowSize().multipliedBy(w)), Long.MAX_VALUE, AMOUNT,
          Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
    }
    long max = Long.MAX_VALUE;
    return new LedgerSummary(key(c.entityKeyMaxLength()), AMOUNT, new LedgerCounts(max, max, max, max, max, max),
        max, attributes, true, Optional.of(T), sequences, max, "f".repeat(64), T.plus(Duration.ofDays(1)),
        Integer.MAX_VALUE, max, windows);
  }

  private static ProposedEvent event(ContractLimits c, int index, Map<String, AttributeValue> attributes) {
    return new ProposedEvent(key(c.entityKeyMaxLength()), text(c.idempotencyKeyMaxLength(), index), EventType.RECORD,
        T, Long.MAX_VALUE, AMOUNT, attributes, null, text(c.sourceMaxLength(), 0), 1);
  }

  /** Entity keys are ASCII by their pattern. */
  private static String key(int length) {
    return "k".repeat(length);
  }

  /** Exactly {@code length} code points, distinct per {@code n}. */
  private static String name(ContractLimits c, int n) {
    String prefix = n + "-";
    return prefix + WIDEST.repeat(c.attributeNameMaxLength() - prefix.length());
  }

  /** Exactly {@code length} UTF-16 units, distinct per {@code n}. */
  private static String text(int length, int n) {
    String prefix = n + "-";
    return prefix + WIDE.repeat(length - prefix.length());
  }
}
