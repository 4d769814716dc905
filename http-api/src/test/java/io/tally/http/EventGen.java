package io.tally.http;

import io.tally.ledger.AttributeValue;
import io.tally.ledger.EntityKeyRule;
import io.tally.ledger.EventContract;
import io.tally.ledger.EventType;
import io.tally.ledger.KeyCharacters;
import io.tally.ledger.ProposedEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators for the v1 event JSON: valid events drawn field by field from the contract's rules
 * (docs/ledger.md, {@link EventContract}, the limits in application.conf), a JSON tree to spell
 * them with random but equivalent spellings (member order, whitespace, escapes, number forms), and
 * mutations of that tree.
 */
final class EventGen {

  public static final Instant NOW = RouteFixture.NOW;
  /** tally.ledger.max-future-skew. */
  public static final Instant LATEST = NOW.plus(Duration.ofMinutes(5));
  public static final Instant EARLIEST = EventContract.EARLIEST_EVENT_TIME;
  public static final String ENTITY_KEY_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@/-";
  public static final int KEY_MAX = 200;
  private static final EntityKeyRule VALID_KEYS = new EntityKeyRule(KEY_MAX);
  public static final int ATTRIBUTE_NAME_MAX = 128;
  public static final int ATTRIBUTE_VALUE_MAX = 1024;
  public static final int MAX_ATTRIBUTES = 100;
  public static final int AMOUNT_MAX_PRECISION = 38;
  public static final int AMOUNT_MAX_SCALE = 18;
  /** tally.http.limits.max-number-length and max-string-length. */
  public static final int NUMBER_TOKEN_MAX = 64;
  public static final int STRING_MAX = 65_536;
  public static final List<String> FIELDS = List.of("entityKey", "idempotencyKey", "type", "eventTime", "sequence",
      "amount", "attributes", "retracts", "source", "schemaVersion");

  /** Printable code points that are easy to get wrong: bidi controls, zero-width, BOM, noncharacters, combining marks, line separators. */
  public static final List<Integer> TRICKY = List.of(
      0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067,
      0x2068, 0x2069, 0x200E, 0x200F, 0x061C, 0x0301, 0x0345, 0xFFFD, 0xFFFE, 0xFFFF, 0xFDD0, 0x2028, 0x2029,
      0x1F600, 0x1F1FA, 0x10FFFF, 0xE0001, 0xE007F, 0x3000, 0x00A0, 0x0022, 0x005C, 0x002F, 0x0027);

  private EventGen() {}

  // ---------------------------------------------------------------- the JSON tree and its spelling

  /** A JSON value as the generator builds it; {@link Raw} carries any text, valid JSON or not. */
  public sealed interface Val permits Str, Raw, Obj, Arr {}

  /** A string value; spelled with random escapes. May hold lone surrogates (always escaped). */
  public record Str(String s) implements Val {}

  /** Text written as is: numbers, literals, and broken tokens. */
  public record Raw(String text) implements Val {}

  public record Member(String name, Val value) {}

  public record Obj(List<Member> members) implements Val {}

  public record Arr(List<Val> items) implements Val {}

  public static String write(Val v, Random r, boolean oneLine) {
    StringBuilder b = new StringBuilder();
    write(v, r, oneLine, b);
    return b.toString();
  }

  private static void write(Val v, Random r, boolean oneLine, StringBuilder b) {
    if (v instanceof Str s) {
      string(s.s(), r, b);
    } else if (v instanceof Raw raw) {
      b.append(raw.text());
    } else if (v instanceof Obj o) {
      b.append('{');
      for (int i = 0; i < o.members().size(); i++) {
        space(r, oneLine, b);
        string(o.members().get(i).name(), r, b);
        space(r, oneLine, b);
        b.append(':');
        space(r, oneLine, b);
        write(o.members().get(i).value(), r, oneLine, b);
        space(r, oneLine, b);
        if (i < o.members().size() - 1) {
          b.append(',');
        }
      }
      b.append('}');
    } else if (v instanceof Arr a) {
      b.append('[');
      for (int i = 0; i < a.items().size(); i++) {
        space(r, oneLine, b);
        write(a.items().get(i), r, oneLine, b);
        space(r, oneLine, b);
        if (i < a.items().size() - 1) {
          b.append(',');
        }
      }
      b.append(']');
    }
  }

  private static final String[] SPACES = {"", "", "", " ", "  ", "\t", "\n", "\r\n", " \n\t "};

  private static void space(Random r, boolean oneLine, StringBuilder b) {
    if (r.nextInt(4) == 0) {
      String s = SPACES[r.nextInt(SPACES.length)];
      b.append(oneLine ? s.replace("\n", " ") : s);
    }
  }

  /**
   * A JSON string: the escapes JSON requires, and at random others it allows (any code point as
   * \\uXXXX, a supplementary one as its escaped surrogate pair). Lone surrogates, which UTF-8
   * cannot carry, are always escaped.
   */
  public static void string(String s, Random r, StringBuilder b) {
    int style = r.nextInt(4); // 0, 1: minimal; 2: random escapes; 3: every non-ASCII char escaped
    b.append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int chars = Character.charCount(cp);
      boolean lone = Character.isSurrogate(s.charAt(i)) && chars == 1;
      boolean escape = cp < 0x20 || cp == '"' || cp == '\\' || lone
          || (style == 2 && r.nextInt(5) == 0) || (style == 3 && cp > 0x7e);
      if (!escape) {
        b.appendCodePoint(cp);
      } else if (cp == '"' || cp == '\\' || (cp == '/' && r.nextBoolean())) {
        b.append('\\').append((char) cp);
      } else if ("\n\t\r\b\f".indexOf(cp) >= 0 && r.nextBoolean()) {
        b.append('\\').append("ntrbf".charAt("\n\t\r\b\f".indexOf(cp)));
      } else {
        String format = r.nextBoolean() ? "\\u%04x" : "\\u%04X";
        for (int j = i; j < i + chars; j++) {
          b.append(String.format(format, (int) s.charAt(j)));
        }
      }
      i += chars;
    }
    b.append('"');
  }

  public static String fromCodePoints(List<Integer> codePoints) {
    StringBuilder b = new StringBuilder();
    codePoints.forEach(b::appendCodePoint);
    return b.toString();
  }

  // ---------------------------------------------------------------- field values

  public static Arbitrary<String> entityKeys() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.strings().withChars(ENTITY_KEY_CHARS.toCharArray()).ofMinLength(1).ofMaxLength(24)),
        Tuple.of(1, Arbitraries.randomValue(r -> entityKey(r, 1 + r.nextInt(KEY_MAX)))),
        Tuple.of(1, Arbitraries.randomValue(r -> entityKey(r, KEY_MAX))))
        // Keys with empty, '.' or '..' segments are not valid (EntityKeyRule).
        .filter(VALID_KEYS::isValid);
  }

  private static String entityKey(Random r, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(ENTITY_KEY_CHARS.charAt(r.nextInt(ENTITY_KEY_CHARS.length())));
    }
    return b.toString();
  }

  /** Code points the contract calls printable: no ISO control characters, no lone surrogates. */
  public static Arbitrary<Integer> printableCodePoints() {
    return Arbitraries.frequencyOf(
        Tuple.of(10, Arbitraries.integers().between(0x20, 0x7e)),
        Tuple.of(2, Arbitraries.integers().between(0xa0, 0xff)),
        Tuple.of(3, Arbitraries.integers().between(0x100, 0xd7ff)),
        Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
        Tuple.of(3, Arbitraries.of(TRICKY)),
        Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)));
  }

  /** Any Unicode scalar value, control characters included (allowed in attribute values). */
  public static Arbitrary<Integer> anyCodePoints() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, printableCodePoints()),
        Tuple.of(1, Arbitraries.integers().between(0x00, 0x1f)),
        Tuple.of(1, Arbitraries.integers().between(0x7f, 0x9f)));
  }

  /**
   * Printable strings of 1..max code points, mostly short, sometimes at the limit. Short ones are
   * built by jqwik (and shrink); long ones straight from its Random (a per-character arbitrary
   * costs microseconds per character: most of the suite's time for long strings).
   */
  public static Arbitrary<String> printable(int max) {
    return Arbitraries.frequencyOf(
        Tuple.of(8, printableCodePoints().list().ofMinSize(1).ofMaxSize(Math.min(max, 16)).map(EventGen::fromCodePoints)),
        Tuple.of(1, Arbitraries.randomValue(r -> codePoints(r, 1 + r.nextInt(max), false))),
        Tuple.of(1, Arbitraries.randomValue(r -> codePoints(r, max, false))))
        .map(EventGen::keySafe);
  }

  /**
   * The string with every code point keys may not hold ({@link KeyCharacters}: format characters
   * such as bidi controls and zero-width ones, noncharacters) replaced by 'k', its length kept:
   * what a valid key, name or source may be.
   */
  public static String keySafe(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      if (KeyCharacters.allowed(new String(Character.toChars(cp)))) {
        b.appendCodePoint(cp);
      } else {
        b.append('k');
      }
    });
    return b.toString();
  }

  /** Attribute text: any scalar values, at most 1024 UTF-16 units (the contract counts chars). */
  public static Arbitrary<String> attributeTexts() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, anyCodePoints().list().ofMaxSize(16).map(EventGen::fromCodePoints)),
        Tuple.of(1, Arbitraries.randomValue(r -> codePoints(r, r.nextInt(ATTRIBUTE_VALUE_MAX + 1), true))),
        Tuple.of(1, Arbitraries.randomValue(r -> codePoints(r, ATTRIBUTE_VALUE_MAX, true))))
        .map(s -> s.length() <= ATTRIBUTE_VALUE_MAX ? s
            : s.substring(0, Character.isHighSurrogate(s.charAt(ATTRIBUTE_VALUE_MAX - 1))
                ? ATTRIBUTE_VALUE_MAX - 1 : ATTRIBUTE_VALUE_MAX));
  }

  /** {@code count} code points drawn as {@link #printableCodePoints} (or {@link #anyCodePoints}) draws them. */
  public static String codePoints(Random r, int count, boolean controls) {
    StringBuilder b = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      int kind = r.nextInt(controls ? 23 : 21);
      int cp;
      if (kind < 10) {
        cp = 0x20 + r.nextInt(0x5f);
      } else if (kind < 12) {
        cp = 0xa0 + r.nextInt(0x60);
      } else if (kind < 15) {
        cp = 0x100 + r.nextInt(0xd800 - 0x100);
      } else if (kind < 16) {
        cp = 0xe000 + r.nextInt(0x2000);
      } else if (kind < 19) {
        cp = TRICKY.get(r.nextInt(TRICKY.size()));
      } else if (kind < 21) {
        cp = 0x10000 + r.nextInt(0x100000);
      } else if (kind < 22) {
        cp = r.nextInt(0x20);
      } else {
        cp = 0x7f + r.nextInt(0x21);
      }
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  private static Arbitrary<String> digits(int length) {
    return Combinators.combine(Arbitraries.integers().between(1, 9), Arbitraries.strings().numeric().ofLength(length - 1))
        .as((first, rest) -> first + rest);
  }

  /** Amounts the contract accepts: at most 38 digits counted with a negative exponent, at most 18 decimals. */
  public static Arbitrary<BigDecimal> amounts() {
    Arbitrary<BigDecimal> nonZero = Arbitraries.integers().between(1, AMOUNT_MAX_PRECISION).flatMap(p ->
        Combinators.combine(digits(p), Arbitraries.integers().between(-(AMOUNT_MAX_PRECISION - p), AMOUNT_MAX_SCALE),
                Arbitraries.of(1, -1))
            .as((d, scale, sign) -> new BigDecimal(new BigInteger(d), scale).multiply(BigDecimal.valueOf(sign))));
    Arbitrary<BigDecimal> zero = Arbitraries.integers().between(-(AMOUNT_MAX_PRECISION - 1), AMOUNT_MAX_SCALE)
        .map(scale -> BigDecimal.ZERO.setScale(scale));
    return Arbitraries.frequencyOf(Tuple.of(9, nonZero), Tuple.of(1, zero));
  }

  /**
   * Numeric attribute values HTTP accepts: exponent within ±9,999 (AttributeValue.MAX_NUMBER_SCALE)
   * and, as JSON numbers read by Jackson 2.15, below 1e308 in magnitude, in at most 64 characters.
   * (Larger ones, 1e309 to 1e9999, arrive from Jackson as an infinite double and are refused with
   * 422 although the contract's exponent rule allows them: a known gap, not a failure here.)
   */
  public static Arbitrary<BigDecimal> attributeNumbers() {
    return Arbitraries.integers().between(1, 40).flatMap(d ->
        Combinators.combine(digits(d), Arbitraries.frequencyOf(
                    Tuple.of(6, Arbitraries.integers().between(-4, 12)),
                    Tuple.of(2, Arbitraries.integers().between(d - 308, 9_999)),
                    Tuple.of(1, Arbitraries.of(d - 308, 9_999))),
                Arbitraries.of(1, -1))
            .as((digits, scale, sign) -> {
              BigInteger unscaled = new BigInteger(digits.replaceAll("0+$", "").isEmpty() ? "1" : digits.replaceAll("0+$", ""));
              return new BigDecimal(unscaled.multiply(BigInteger.valueOf(sign)), scale);
            }));
  }

  public static Arbitrary<Instant> eventTimes() {
    long latest = LATEST.getEpochSecond();
    Arbitrary<Integer> nanos = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(0)), Tuple.of(2, Arbitraries.integers().between(0, 999).map(m -> m * 1_000_000)),
        Tuple.of(2, Arbitraries.integers().between(0, 999_999_999)));
    Arbitrary<Instant> recent = Combinators.combine(
        Arbitraries.longs().between(NOW.minus(Duration.ofDays(30)).getEpochSecond(), latest - 1), nanos)
        .as(Instant::ofEpochSecond);
    Arbitrary<Instant> any = Combinators.combine(Arbitraries.longs().between(EARLIEST.getEpochSecond(), latest - 1), nanos)
        .as(Instant::ofEpochSecond);
    return Arbitraries.frequencyOf(
        Tuple.of(6, recent), Tuple.of(2, any), Tuple.of(1, Arbitraries.of(EARLIEST, LATEST, NOW)));
  }

  /** An ISO-8601 instant with a random offset (Z, ±hh:mm, ±hh:mm:ss) naming the same instant. */
  public static String eventTimeText(Instant t, Random r) {
    ZoneOffset offset = switch (r.nextInt(4)) {
      case 0, 1 -> ZoneOffset.UTC;
      case 2 -> ZoneOffset.ofTotalSeconds((r.nextInt(36) - 18) * 3600 + (r.nextBoolean() ? 0 : 30 * 60));
      default -> ZoneOffset.ofTotalSeconds(r.nextInt(2 * 18 * 3600 + 1) - 18 * 3600);
    };
    String text = OffsetDateTime.ofInstant(t, offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    return offset.equals(ZoneOffset.UTC) && r.nextInt(4) == 0 ? text.replace("Z", "+00:00") : text;
  }

  /**
   * A JSON number spelling of {@code v}: the digits with the decimal point moved and the exponent
   * adjusted (12.5, 1.25e1, 0.125E+2, 125e-1), e or E, explicit + or not; at most 64 characters.
   */
  public static String numberText(BigDecimal v, Random r) {
    return numberText(v, r, true);
  }

  /** As {@link #numberText(BigDecimal, Random)}; trailing zeros only when {@code zeros} (they change a string amount's scale). */
  public static String numberText(BigDecimal v, Random r, boolean zeros) {
    String digits = v.unscaledValue().abs().toString();
    for (int attempt = 0; attempt < 4; attempt++) {
      int shift = r.nextInt(digits.length() + 3); // digits moved behind the point; past the digits: leading zeros
      long exponent = (long) shift - v.scale();
      int extraZeros = zeros && r.nextInt(4) == 0 ? r.nextInt(3) : 0; // trailing zeros behind the point: same value
      String d = digits + "0".repeat(extraZeros);
      int fraction = shift + extraZeros;
      String mantissa = fraction == 0 ? d
          : fraction < d.length() ? d.substring(0, d.length() - fraction) + "." + d.substring(d.length() - fraction)
          : "0." + "0".repeat(fraction - d.length()) + d;
      String text = (v.signum() < 0 ? "-" : "") + mantissa;
      if (exponent != 0 || r.nextInt(3) == 0) {
        text += (r.nextBoolean() ? "e" : "E") + (exponent >= 0 ? (r.nextBoolean() ? "+" : "") : "") + exponent;
      }
      if (text.length() <= NUMBER_TOKEN_MAX) {
        return text;
      }
    }
    return v.toString();
  }

  // ---------------------------------------------------------------- valid events

  /** A valid event: the members to send and the event the ledger must then receive. */
  public record Valid(Obj json, ProposedEvent expected, long seed) {

    String text(boolean oneLine) {
      return write(json, new Random(seed), oneLine);
    }
  }

  private record Keys(String entityKey, String idempotencyKey, String retracts, String source) {}

  private record Body(EventType type, boolean typeSpelled, Instant eventTime, Long sequence, BigDecimal amount,
      Map<String, AttributeValue> attributes, Integer schemaVersion) {}

  /** Valid events, now and then with the most attributes (100) allowed. */
  public static Arbitrary<Valid> validEvents() {
    return validEvents(20);
  }

  /**
   * Valid events to carry a hostile value or mutation: the same, without the large attribute maps
   * (which cost most of the generation time, and matter for valid events, not as carriers).
   */
  public static Arbitrary<Valid> carrierEvents() {
    return validEvents(0);
  }

  private static Arbitrary<Valid> validEvents(int fullAttributesPerMille) {
    Arbitrary<Keys> keys = Combinators.combine(entityKeys(), printable(KEY_MAX), printable(KEY_MAX),
            printable(KEY_MAX).injectNull(0.4))
        .as(Keys::new);
    // Maps without jqwik's edge cases: combining their keys' and values' edge cases cost about 4 ms
    // per map (most of the generation time); empty and full maps are drawn explicitly.
    List<Tuple.Tuple2<Integer, Arbitrary<Map<String, AttributeValue>>>> attributeMaps = new ArrayList<>(List.of(
        Tuple.of(300, Arbitraries.just(Map.<String, AttributeValue>of())),
        Tuple.of(700 - fullAttributesPerMille, Arbitraries.maps(printable(ATTRIBUTE_NAME_MAX), attributeValues())
            .ofMinSize(1).ofMaxSize(6).withoutEdgeCases())));
    if (fullAttributesPerMille > 0) {
      attributeMaps.add(Tuple.of(fullAttributesPerMille, Arbitraries.maps(printable(ATTRIBUTE_NAME_MAX), attributeValues())
          .ofMinSize(MAX_ATTRIBUTES - 3).ofMaxSize(MAX_ATTRIBUTES).withoutEdgeCases()));
    }
    Arbitrary<Map<String, AttributeValue>> attributes = Arbitraries.frequencyOf(attributeMaps);
    Arbitrary<Body> body = Combinators.combine(
            Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(EventType.RECORD)), Tuple.of(1, Arbitraries.of(EventType.class))),
            Arbitraries.of(true, false),
            eventTimes(),
            Arbitraries.longs().between(1, Long.MAX_VALUE).injectNull(0.5),
            amounts().injectNull(0.3),
            attributes,
            Arbitraries.of(1).injectNull(0.7))
        .as(Body::new);
    return Combinators.combine(keys, body, seeds()).as(EventGen::valid);
  }

  /** Seeds for spelling and mutation choices: random longs, without jqwik's edge cases (0, 1, -1, ...), which would repeat the same choices. */
  public static Arbitrary<Long> seeds() {
    return Arbitraries.longs().withoutEdgeCases();
  }

  public static Arbitrary<AttributeValue> attributeValues() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, attributeTexts().map(AttributeValue::text)),
        Tuple.of(3, attributeNumbers().map(AttributeValue::number)),
        Tuple.of(1, Arbitraries.of(true, false).map(AttributeValue::bool)),
        Tuple.of(1, Arbitraries.just(AttributeValue.NULL_VALUE)));
  }

  private static Valid valid(Keys k, Body b, long seed) {
    Random r = new Random(seed);
    EventType type = b.type();
    boolean record = type == EventType.RECORD;
    String retracts = type == EventType.RETRACT
        ? (k.retracts().equals(k.idempotencyKey()) ? (k.retracts().equals("r") ? "s" : "r") : k.retracts()) : null;
    BigDecimal amount = record ? b.amount() : null;
    Map<String, AttributeValue> attributes = record ? b.attributes() : Map.of();
    List<Member> members = new ArrayList<>();
    members.add(new Member("entityKey", new Str(k.entityKey())));
    members.add(new Member("idempotencyKey", new Str(k.idempotencyKey())));
    members.add(new Member("eventTime", new Str(eventTimeText(b.eventTime(), r))));
    if (!record || b.typeSpelled()) {
      members.add(new Member("type", new Str(type.wireName())));
    }
    optional(members, "sequence", b.sequence() == null ? null : new Raw(b.sequence().toString()), r);
    if (amount != null) {
      // A JSON number is read as Jackson's BigDecimal (trailing zeros stripped); a string keeps its
      // exact scale, so it gets no extra trailing zeros.
      String number = numberText(amount, r, false);
      members.add(new Member("amount", switch (r.nextInt(4)) {
        case 0 -> new Raw(numberText(amount, r, true));
        case 1 -> new Str(amount.toPlainString());
        case 2 -> new Str(number);
        default -> new Str(" \t" + number + " "); // the reader trims a string amount
      }));
    } else {
      optional(members, "amount", null, r);
    }
    if (!attributes.isEmpty()) {
      List<Member> values = new ArrayList<>();
      attributes.forEach((name, value) -> values.add(new Member(name, switch (value.kind()) {
        case STRING -> new Str(value.value());
        case NUMBER -> new Raw(numberText(value.asNumber(), r));
        case BOOLEAN -> new Raw(value.value());
        case NULL -> new Raw("null");
      })));
      java.util.Collections.shuffle(values, r);
      members.add(new Member("attributes", new Obj(values)));
    } else if (record && r.nextInt(3) == 0) {
      members.add(new Member("attributes", new Obj(List.of())));
    } else {
      optional(members, "attributes", null, r);
    }
    optional(members, "retracts", retracts == null ? null : new Str(retracts), r);
    optional(members, "source", k.source() == null ? null : new Str(k.source()), r);
    optional(members, "schemaVersion", b.schemaVersion() == null ? null : new Raw("1"), r);
    java.util.Collections.shuffle(members, r);
    ProposedEvent expected = new ProposedEvent(k.entityKey(), k.idempotencyKey(), type, b.eventTime(), b.sequence(),
        amount, attributes, retracts, k.source(), b.schemaVersion());
    return new Valid(new Obj(members), expected, seed);
  }

  /** A present value, or for an absent one: no member, or at random an explicit null. */
  private static void optional(List<Member> members, String name, Val value, Random r) {
    if (value != null) {
      members.add(new Member(name, value));
    } else if (r.nextInt(4) == 0) {
      members.add(new Member(name, new Raw("null")));
    }
  }

  /** Whether the ledger received {@code expected}: numbers compared by value (JSON 12.50 is read as 12.5). */
  public static String difference(ProposedEvent expected, ProposedEvent actual) {
    List<String> diffs = new ArrayList<>();
    same(diffs, "entityKey", expected.entityKey(), actual.entityKey());
    same(diffs, "idempotencyKey", expected.idempotencyKey(), actual.idempotencyKey());
    same(diffs, "type", expected.type(), actual.type());
    same(diffs, "eventTime", expected.eventTime(), actual.eventTime());
    same(diffs, "sequence", expected.sequence(), actual.sequence());
    if (expected.amount() == null ? actual.amount() != null
        : actual.amount() == null || expected.amount().compareTo(actual.amount()) != 0) {
      diffs.add("amount " + expected.amount() + " != " + actual.amount());
    }
    same(diffs, "attribute names", expected.attributes().keySet(), actual.attributes().keySet());
    expected.attributes().forEach((name, value) -> {
      AttributeValue got = actual.attributes().get(name);
      boolean equal = got != null && got.kind() == value.kind() && (value.kind() == AttributeValue.Kind.NUMBER
          ? got.asNumber().compareTo(value.asNumber()) == 0 : got.value().equals(value.value()));
      if (!equal) {
        diffs.add("attributes." + name + " " + value + " != " + got);
      }
    });
    same(diffs, "retracts", expected.retracts(), actual.retracts());
    if (expected.source() != null) {
      same(diffs, "source", expected.source(), actual.source());
    } else if (!actual.source().equals(RouteFixture.GATEWAY)) {
      diffs.add("source " + actual.source() + " is not the caller");
    }
    same(diffs, "schemaVersion", expected.schemaVersion(), actual.schemaVersion());
    return String.join("; ", diffs);
  }

  private static void same(List<String> diffs, String field, Object expected, Object actual) {
    if (!java.util.Objects.equals(expected, actual)) {
      diffs.add(field + " " + expected + " != " + actual);
    }
  }

  // ---------------------------------------------------------------- hostile values

  /** Numeric tokens at and past every limit, valid JSON or not. */
  public static final List<String> NUMBER_EDGES = List.of(
      "0", "-0", "-0.0", "0.0", "0e0", "-0E-0", "1e999999999", "-1e999999999", "1e-999999999", "1E+2147483648",
      "1E+2147483647", "1e2147483647", "1e-2147483647", "1e-2147483648", "-1e-2147483649", "10e2147483647",
      "0e999999999999", "0e-999999999999", "1e-99999999999", "1e99999999999", "1e400", "1e-400", "1e308",
      "1.7976931348623157e308", "1.8e308", "4.9e-324", "2e-324", "1e9999", "1e-9999", "1e10000", "1e-10000",
      "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
      "2147483647", "2147483648", "-2147483649", "18446744073709551616",
      "1" + "0".repeat(63), "1" + "0".repeat(64), "9".repeat(64), "9".repeat(65), "0." + "0".repeat(61) + "1",
      "1." + "1".repeat(62), "-" + "9".repeat(63), "1e" + "9".repeat(62), "123456789012345678901234567890123456789",
      "0.1234567890123456789", "12345678901234567890123456789012345678e-18",
      "NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "inf", "+1", "01", "-01", "00", ".5", "5.", "-.5",
      "1e", "1e+", "1E-", "--1", "1..2", "1e1e1", "0x10", "1_000", "1,5", "١٢", "1 2", "- 1", "1f", "1L", "1d",
      "\u0661", "١e5", "1e5.5", "e5", "-", "+", "");

  /** Strings at and past every limit, and strings that are not text. */
  public static List<String> stringEdges() {
    return STRING_EDGES;
  }

  private static final List<String> STRING_EDGES = List.of(
        "", " ", "\u0000", "\u0000abc", "a\u001fb", "\u007f", "\u0085", "\u009f", "\n", "\r\n", "\t",
        "\ud800", "\udc00", "a\ud800", "\udfffa", "\ud800\ud800", "\udc00\ud800", "x\ud83d", "\ud83d\ude00\ude00",
        "\u202e\u202dabc", "\u2066x\u2069", "\u200b", "\ufeff", "\ufeffkey", "\u200d\u200d", "\uffff", "\ufffe",
        "\u2028", "e\u0301", "\ud83c\uddfa\ud83c\uddf8", "null", "true", "0", "{}", "[]", "\"", "\\", "/",
        "record", "RECORD", " record", "record ", "retract", "tombstone", "restore", "delete",
        "2026-11-21T11:59:00Z", "2026-11-21T11:59:00", "2026-11-21", "2026-11-21T11:59:60Z", "2026-02-30T00:00:00Z",
        "+999999999-12-31T23:59:59.999999999Z", "-999999999-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z", "0000-12-31T23:59:59.999999999-00:01", "2026-11-21T11:59:00.1234567890Z",
        "2026-11-21T11:59:00+18:01", "2026-11-21T11:59:00+24:00", "2026-11-21T12:05:00.000000001Z",
        "2026-11-21T12:05:00Z", "١٢:٣٠", "12.50", "1e999999999", "NaN", " 12.5 ", "\u00a012.5", "12,50", "+12.5",
        "x".repeat(KEY_MAX), "x".repeat(KEY_MAX + 1), "\ud83d\ude00".repeat(KEY_MAX), "\ud83d\ude00".repeat(KEY_MAX + 1),
        "x".repeat(ATTRIBUTE_NAME_MAX + 1), "y".repeat(ATTRIBUTE_VALUE_MAX), "y".repeat(ATTRIBUTE_VALUE_MAX + 1),
        "\ud83d\ude00".repeat(ATTRIBUTE_VALUE_MAX / 2 + 1), "z".repeat(STRING_MAX - 1), "z".repeat(STRING_MAX),
        "z".repeat(STRING_MAX + 1), "7".repeat(STRING_MAX), "1" + "7".repeat(STRING_MAX - 1),
        "0." + "0".repeat(STRING_MAX - 12) + "1e65500", "1" + "0".repeat(40_000) + "e-40000",
        "[".repeat(100), "{\"a\":".repeat(50));

  // ---------------------------------------------------------------- mutations

  /** Random JSON values of any type, nested up to {@code depth}. */
  public static Val randomValue(Random r, int depth) {
    int kind = r.nextInt(depth <= 0 ? 4 : 6);
    return switch (kind) {
      case 0 -> new Raw(r.nextBoolean() ? NUMBER_EDGES.get(r.nextInt(NUMBER_EDGES.size())) : Long.toString(r.nextLong()));
      case 1 -> new Str(randomString(r));
      case 2 -> new Raw(List.of("true", "false", "null").get(r.nextInt(3)));
      case 3 -> new Str(FIELDS.get(r.nextInt(FIELDS.size())));
      case 4 -> {
        List<Val> items = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          items.add(randomValue(r, depth - 1));
        }
        yield new Arr(items);
      }
      default -> {
        Map<String, Val> members = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          members.put(r.nextBoolean() ? FIELDS.get(r.nextInt(FIELDS.size())) : randomString(r), randomValue(r, depth - 1));
        }
        List<Member> list = new ArrayList<>();
        members.forEach((k, v) -> list.add(new Member(k, v)));
        yield new Obj(list);
      }
    };
  }

  public static String randomString(Random r) {
    if (r.nextInt(6) == 0) {
      List<String> edges = stringEdges();
      return edges.get(r.nextInt(edges.size()));
    }
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(12); i > 0; i--) {
      int kind = r.nextInt(10);
      if (kind < 5) {
        b.append((char) (0x20 + r.nextInt(0x5f)));
      } else if (kind < 7) {
        b.appendCodePoint(TRICKY.get(r.nextInt(TRICKY.size())));
      } else if (kind < 8) {
        b.append((char) r.nextInt(0x20)); // control
      } else if (kind < 9) {
        b.append((char) (0xd800 + r.nextInt(0x800))); // a surrogate, usually unpaired
      } else {
        b.appendCodePoint(r.nextInt(0x110000));
      }
    }
    return b.toString();
  }

  /** Applies one random mutation to the members of an event, in place. */
  public static String mutate(List<Member> members, Random r) {
    if (members.isEmpty()) {
      members.add(new Member(FIELDS.get(r.nextInt(FIELDS.size())), randomValue(r, 2)));
      return "add";
    }
    int i = r.nextInt(members.size());
    Member m = members.get(i);
    switch (r.nextInt(12)) {
      case 0 -> {
        members.remove(i);
        return "drop " + m.name();
      }
      case 1 -> {
        members.add(r.nextInt(members.size() + 1), r.nextBoolean() ? m : new Member(m.name(), randomValue(r, 1)));
        return "duplicate " + m.name();
      }
      case 2 -> {
        String[] names = {m.name().toUpperCase(java.util.Locale.ROOT), m.name().toLowerCase(java.util.Locale.ROOT),
            m.name() + " ", " " + m.name(), m.name() + "\u0000", m.name() + "\u200b", "entity_key", "",
            FIELDS.get(r.nextInt(FIELDS.size())), randomString(r), "\ud800" + m.name(), "$", "__proto__"};
        members.set(i, new Member(names[r.nextInt(names.length)], m.value()));
        return "retag " + m.name();
      }
      case 3 -> {
        members.set(i, new Member(m.name(), randomValue(r, 3)));
        return "retype " + m.name();
      }
      case 4 -> {
        String edge = NUMBER_EDGES.get(r.nextInt(NUMBER_EDGES.size()));
        members.set(i, new Member(m.name(), r.nextInt(3) == 0 ? new Str(edge) : new Raw(edge)));
        return "number " + m.name();
      }
      case 5 -> {
        List<String> edges = stringEdges();
        members.set(i, new Member(m.name(), new Str(edges.get(r.nextInt(edges.size())))));
        return "string " + m.name();
      }
      case 6 -> {
        Val v = m.value();
        int depth = 1 + r.nextInt(12);
        for (int d = 0; d < depth; d++) {
          v = r.nextBoolean() ? new Arr(List.of(v)) : new Obj(List.of(new Member(r.nextBoolean() ? "a" : m.name(), v)));
        }
        members.set(i, new Member(m.name(), v));
        return "nest " + m.name() + " " + depth;
      }
      case 7 -> {
        members.add(new Member(r.nextBoolean() ? randomString(r) : FIELDS.get(r.nextInt(FIELDS.size())), randomValue(r, 2)));
        return "add";
      }
      case 8 -> {
        // Attributes: too many, bad names, bad values, nested values.
        List<Member> attributes = new ArrayList<>();
        int count = r.nextInt(4) == 0 ? MAX_ATTRIBUTES + r.nextInt(3) - 1 : r.nextInt(5);
        for (int a = 0; a < count; a++) {
          String name = r.nextInt(3) == 0 ? randomString(r) : "a" + a;
          Val value = switch (r.nextInt(5)) {
            case 0 -> new Raw(NUMBER_EDGES.get(r.nextInt(NUMBER_EDGES.size())));
            case 1 -> new Str(randomString(r));
            case 2 -> randomValue(r, 2);
            default -> new Str("v" + a);
          };
          attributes.add(new Member(name, value));
        }
        members.removeIf(x -> x.name().equals("attributes"));
        members.add(new Member("attributes", new Obj(attributes)));
        members.removeIf(x -> x.name().equals("type") && r.nextBoolean());
        return "attributes " + count;
      }
      case 9 -> {
        members.set(i, new Member(m.name(), new Str(randomString(r))));
        return "text " + m.name();
      }
      case 10 -> {
        String type = List.of("record", "retract", "tombstone", "restore", "Record", "RETRACT", "").get(r.nextInt(7));
        members.removeIf(x -> x.name().equals("type"));
        members.add(new Member("type", new Str(type)));
        return "type " + type;
      }
      default -> {
        java.util.Collections.shuffle(members, r);
        return "shuffle";
      }
    }
  }

  /** Byte-level damage to a spelled body: truncation, flipped or inserted bytes, bad UTF-8. */
  public static byte[] damage(byte[] bytes, Random r) {
    byte[][] badUtf8 = {
        {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xed, (byte) 0xbf, (byte) 0xbf},
        {(byte) 0xff}, {(byte) 0xfe}, {(byte) 0x80}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xc1, (byte) 0xbf}, {0}, {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}};
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    switch (r.nextInt(4)) {
      case 0 -> out.write(bytes, 0, bytes.length == 0 ? 0 : r.nextInt(bytes.length)); // truncated
      case 1 -> {
        byte[] copy = bytes.clone();
        for (int n = 1 + r.nextInt(3); n > 0 && copy.length > 0; n--) {
          copy[r.nextInt(copy.length)] ^= (byte) (1 << r.nextInt(8));
        }
        out.writeBytes(copy);
      }
      default -> {
        // Bad UTF-8 inserted at random places (inside strings or not).
        int at = bytes.length == 0 ? 0 : r.nextInt(bytes.length + 1);
        out.write(bytes, 0, at);
        out.writeBytes(badUtf8[r.nextInt(badUtf8.length)]);
        out.write(bytes, at, bytes.length - at);
      }
    }
    return out.toByteArray();
  }
}
