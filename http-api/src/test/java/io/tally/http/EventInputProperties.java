package io.tally.http;

import static io.tally.http.IngestDriver.JSON;
import static io.tally.http.IngestDriver.NDJSON;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.http.EventGen.Member;
import io.tally.http.EventGen.Obj;
import io.tally.http.EventGen.Raw;
import io.tally.http.EventGen.Str;
import io.tally.http.EventGen.Val;
import io.tally.http.EventGen.Valid;
import io.tally.http.IngestDriver.Answer;
import io.tally.http.IngestDriver.Body;
import io.tally.ledger.ProposedEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based tests of {@code POST /v1/events} through the real routes (EventJsonReader with
 * its depth guard and stream constraints, EventContract, EventRoutes, the API's JSON rendering)
 * over a stub ledger (see {@link IngestDriver}):
 *
 * <ul>
 *   <li>valid events, drawn field by field from the contract's rules and spelled in random
 *       equivalent ways, are accepted with exactly their content, and can be stored and rendered;
 *   <li>whatever the input (mutated events, numbers and strings at and past the limits, deep
 *       nesting, random JSON, random and damaged bytes, bodies in small chunks), the answer is never
 *       5xx, is JSON with an error code when 4xx, and comes within 100 ms; and whatever reached the
 *       ledger can be stored and rendered.
 * </ul>
 *
 * Every input goes as one JSON body, inside a JSON array, or as NDJSON lines, whole or in random
 * chunks. A failing sample is printed with its seed; jqwik runs it first next time.
 */
class EventInputProperties {

  private static IngestDriver driver;

  @BeforeContainer
  static void start() {
    driver = new IngestDriver();
    driver.warmUp(60);
  }

  @AfterContainer
  static void stop() {
    System.out.println("EventInputProperties timing: " + driver.summary());
    driver.close();
  }

  enum Delivery { SINGLE, ARRAY, NDJSON }

  // ------------------------------------------------------------------------------ valid events

  @Property(tries = 500)
  void validEventsAreAcceptedWithTheirContentAndCanBeStored(
      @ForAll @Size(min = 1, max = 4) List<@From("validEvents") Valid> events,
      @ForAll Delivery chosen,
      @ForAll("chunking") int[] chunks) {
    List<Valid> sent = chosen == Delivery.SINGLE ? events.subList(0, 1) : events;
    // An NDJSON line holds at most 64 KiB (max-ndjson-line-size); larger valid events go in an array.
    Delivery delivery = chosen == Delivery.NDJSON
        && sent.stream().anyMatch(e -> e.text(true).getBytes(StandardCharsets.UTF_8).length > 64 * 1024)
        ? Delivery.ARRAY : chosen;
    Body body = body(sent, delivery, chunks);
    Answer answer = driver.post(body);
    driver.assertSound(answer);
    Statistics.label("delivery").collect(delivery);
    Statistics.label("type").collect(sent.get(0).expected().type());

    if (delivery == Delivery.SINGLE) {
      check(answer.status() == 202, answer, "a valid event was not accepted");
    } else {
      List<JsonNode> results = results(answer);
      check(results.size() == sent.size(), answer, "one result per event");
      results.forEach(r -> check(r.path("status").asText().equals("accepted"), answer, "a valid event was not accepted: " + r));
    }
    check(answer.ingested().size() == sent.size(), answer, "every valid event reaches the ledger");
    // Each entity receives its events in request order (entities may interleave).
    Map<String, List<ProposedEvent>> expected = new LinkedHashMap<>();
    Map<String, List<ProposedEvent>> received = new LinkedHashMap<>();
    sent.forEach(v -> expected.computeIfAbsent(v.expected().entityKey(), k -> new ArrayList<>()).add(v.expected()));
    answer.ingested().forEach(e -> received.computeIfAbsent(e.entityKey(), k -> new ArrayList<>()).add(e));
    check(expected.keySet().equals(received.keySet()), answer, "the ledger received other entities");
    expected.forEach((entity, inOrder) -> {
      check(received.get(entity).size() == inOrder.size(), answer, "entity " + entity + " received other events");
      for (int i = 0; i < inOrder.size(); i++) {
        String difference = EventGen.difference(inOrder.get(i), received.get(entity).get(i));
        check(difference.isEmpty(), answer, "the ledger received other content: " + difference);
      }
    });
  }

  // ------------------------------------------------------------------------------ hostile input

  @Property(tries = 1200)
  void mutatedEventsAreAnsweredSoundly(
      @ForAll("carrierEvents") Valid event,
      @ForAll @IntRange(min = 1, max = 4) int mutations,
      @ForAll("seeds") long seed,
      @ForAll Delivery delivery,
      @ForAll("chunking") int[] chunks) {
    Random r = new Random(seed);
    List<Member> members = new ArrayList<>(event.json().members());
    List<String> applied = new ArrayList<>();
    for (int i = 0; i < mutations; i++) {
      applied.add(EventGen.mutate(members, r));
    }
    Statistics.label("mutation").collect(applied.get(0).split(" ")[0]);
    byte[] mutated = EventGen.write(new Obj(members), r, delivery == Delivery.NDJSON).getBytes(StandardCharsets.UTF_8);
    boolean damaged = r.nextInt(5) == 0;
    if (damaged) {
      mutated = EventGen.damage(mutated, r);
    }
    Answer answer = driver.post(bodyAround(mutated, delivery, r).chunked(chunks));
    driver.assertSound(answer);
    Statistics.label("status").collect(answer.status());
  }

  @Property(tries = 600)
  void numbersAtAndPastTheLimitsAreAnsweredSoundly(
      @ForAll("carrierEvents") Valid event,
      @ForAll("numberTokens") String token,
      @ForAll("numberPlaces") String place,
      @ForAll boolean quoted,
      @ForAll Delivery delivery) {
    List<Member> members = new ArrayList<>(event.json().members());
    Val value = quoted ? new Str(token) : new Raw(token);
    if (place.equals("attributes")) {
      // A numeric attribute of a record.
      members.removeIf(m -> m.name().equals("type") || m.name().equals("retracts") || m.name().equals("attributes"));
      members.add(new Member("attributes", new Obj(List.of(new Member("n", value)))));
    } else {
      members.removeIf(m -> m.name().equals(place));
      members.add(new Member(place, value));
      if (place.equals("amount")) {
        members.removeIf(m -> m.name().equals("type") || m.name().equals("retracts"));
      }
    }
    Random r = new Random(event.seed());
    byte[] bytes = EventGen.write(new Obj(members), r, delivery == Delivery.NDJSON).getBytes(StandardCharsets.UTF_8);
    Answer answer = driver.post(bodyAround(bytes, delivery, r));
    driver.assertSound(answer);
    Statistics.label("status").collect(answer.status());
  }

  @Property(tries = 400)
  void randomJsonIsAnsweredSoundly(@ForAll("seeds") long seed, @ForAll Delivery delivery, @ForAll("chunking") int[] chunks) {
    Random r = new Random(seed);
    Val value;
    if (r.nextBoolean()) {
      // Shaped like an event: every contract field, each with a random value of any type and depth.
      List<Member> members = new ArrayList<>();
      for (String field : EventGen.FIELDS) {
        if (r.nextInt(3) > 0) {
          members.add(new Member(field, EventGen.randomValue(r, r.nextInt(12))));
        }
      }
      java.util.Collections.shuffle(members, r);
      value = new Obj(members);
    } else {
      value = EventGen.randomValue(r, r.nextInt(12));
    }
    byte[] bytes = EventGen.write(value, r, delivery == Delivery.NDJSON).getBytes(StandardCharsets.UTF_8);
    Answer answer = driver.post(bodyAround(bytes, delivery, r).chunked(chunks));
    driver.assertSound(answer);
    Statistics.label("status").collect(answer.status());
  }

  @Property(tries = 400)
  void randomBytesAreAnsweredSoundly(@ForAll("noise") byte[] bytes, @ForAll boolean ndjson, @ForAll("chunking") int[] chunks) {
    Answer answer = driver.post(Body.of(ndjson ? NDJSON : JSON, bytes).chunked(chunks));
    driver.assertSound(answer);
    Statistics.label("status").collect(answer.status());
  }

  /**
   * Size is not time: a body of up to 1 MiB arriving in small chunks (as a slow or chunking client
   * sends it), and events whose amount strings hold up to 64 Ki digits, are answered in budget.
   */
  @Property(tries = 60)
  void largeBodiesAndLongDigitStringsAreAnsweredInTime(
      @ForAll("carrierEvents") Valid event,
      @ForAll("seeds") long seed,
      @ForAll @IntRange(min = 1, max = 8) int events,
      @ForAll boolean digits) {
    // Sizes drawn uniformly (jqwik's integers favour the small end): 16 KiB to 1 MiB, in chunks of 64 B to 4 KiB.
    Random r = new Random(seed);
    int size = 16 * 1024 + r.nextInt(1024 * 1024 - 16 * 1024 + 1);
    int chunk = 64 + r.nextInt(4096 - 64 + 1);
    byte[] bytes;
    if (digits) {
      // A batch of events whose amounts are long digit strings (up to the string limit).
      StringBuilder b = new StringBuilder("[");
      int length = Math.min(size / events, EventGen.STRING_MAX);
      for (int i = 0; i < events; i++) {
        b.append(i == 0 ? "" : ",").append("{\"entityKey\":\"e\",\"idempotencyKey\":\"k").append(i)
            .append("\",\"eventTime\":\"2026-11-21T11:59:00Z\",\"amount\":\"").append(r.nextInt(9) + 1)
            .append("7".repeat(length - 1)).append("\"}");
      }
      bytes = b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    } else {
      // One valid event, padded with whitespace to the size.
      String text = event.text(false);
      bytes = ("{" + " \n\t\r".repeat(Math.max(0, size - text.length()) / 4) + text.substring(1)).getBytes(StandardCharsets.UTF_8);
    }
    Statistics.label("body").collect(digits ? "digit strings" : "padded event",
        bytes.length < 256 * 1024 ? "< 256 KiB" : bytes.length < 768 * 1024 ? "< 768 KiB" : ">= 768 KiB");
    Answer answer = driver.post(Body.of(JSON, bytes).chunked(IngestDriver.chunkSizes(r, bytes.length, chunk, chunk)));
    driver.assertSound(answer);
    if (!digits) {
      check(answer.status() == 202, answer, "a padded valid event was not accepted");
    }
  }

  // ------------------------------------------------------------------------------ generators

  @Provide
  Arbitrary<Valid> validEvents() {
    return EventGen.validEvents();
  }

  @Provide
  Arbitrary<Valid> carrierEvents() {
    return EventGen.carrierEvents();
  }

  @Provide
  Arbitrary<Long> seeds() {
    return EventGen.seeds();
  }

  /** Chunk sizes for the body: none (sent whole) or random, from single bytes up. */
  @Provide
  Arbitrary<int[]> chunking() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(new int[0])),
        Tuple.of(1, Arbitraries.integers().between(1, 64).array(int[].class).ofMinSize(1).ofMaxSize(32)),
        Tuple.of(1, Arbitraries.integers().between(1, 4096).array(int[].class).ofMinSize(1).ofMaxSize(8)));
  }

  @Provide
  Arbitrary<String> numberTokens() {
    Arbitrary<String> sign = Arbitraries.of("", "", "-", "+", "--");
    Arbitrary<String> integer = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just("0")),
        Tuple.of(5, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(70)),
        Tuple.of(1, Arbitraries.just("")));
    Arbitrary<String> fraction = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just("")),
        Tuple.of(3, Arbitraries.strings().numeric().ofMaxLength(70).map(d -> "." + d)));
    Arbitrary<String> exponent = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just("")),
        Tuple.of(4, Combinators.combine(Arbitraries.of("e", "E"), Arbitraries.of("", "+", "-"),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20))
            .as((e, s, d) -> e + s + d)));
    Arbitrary<String> random = Combinators.combine(sign, integer, fraction, exponent).as((s, i, f, e) -> s + i + f + e);
    return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(EventGen.NUMBER_EDGES)), Tuple.of(2, random));
  }

  @Provide
  Arbitrary<String> numberPlaces() {
    return Arbitraries.of("amount", "amount", "attributes", "attributes", "sequence", "schemaVersion", "eventTime",
        "entityKey", "type");
  }

  /** Random bytes, JSON-looking token soup, and bad UTF-8 around an event. */
  @Provide
  Arbitrary<byte[]> noise() {
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
    List<String> tokens = new ArrayList<>(List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "false",
        " ", "\n", "\"entityKey\"", "\"amount\"", "\"attributes\"", "\"eventTime\"", "\"x\"", "\"\\ud800\"", "\"\\u0000\"",
        "1", "-0", "1e999999999", "1e-2147483648", "0e999999999999", "NaN", "\u00ff", "\ufeff", "/*", "*/", "//", "'"));
    Arbitrary<byte[]> soup = Arbitraries.of(tokens).list().ofMaxSize(200)
        .map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> damagedEvent = Combinators.combine(EventGen.carrierEvents(), EventGen.seeds())
        .as((v, seed) -> {
          Random r = new Random(seed);
          byte[] b = v.text(false).getBytes(StandardCharsets.UTF_8);
          for (int i = 1 + r.nextInt(3); i > 0; i--) {
            b = EventGen.damage(b, r);
          }
          return b;
        });
    return Arbitraries.frequencyOf(Tuple.of(2, bytes), Tuple.of(2, soup), Tuple.of(2, damagedEvent));
  }

  // ------------------------------------------------------------------------------ helpers

  private static Body body(List<Valid> events, Delivery delivery, int[] chunks) {
    return switch (delivery) {
      case SINGLE -> Body.of(JSON, events.get(0).text(false)).chunked(chunks);
      case ARRAY -> Body.of(JSON, "[" + String.join(",", events.stream().map(e -> e.text(false)).toList()) + "]").chunked(chunks);
      case NDJSON -> Body.of(NDJSON, String.join("\n", events.stream().map(e -> e.text(true)).toList())
          + (events.size() % 2 == 0 ? "\n" : "")).chunked(chunks);
    };
  }

  /** {@code item} alone, in an array between other items (valid events and junk), or as an NDJSON line among others. */
  private static Body bodyAround(byte[] item, Delivery delivery, Random r) {
    if (delivery == Delivery.SINGLE) {
      return Body.of(JSON, item);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String separator = delivery == Delivery.ARRAY ? "," : "\n";
    out.writeBytes(delivery == Delivery.ARRAY ? "[".getBytes(StandardCharsets.UTF_8) : new byte[0]);
    int before = r.nextInt(3);
    int after = r.nextInt(3);
    for (int i = 0; i < before + after + 1; i++) {
      if (i > 0) {
        out.writeBytes(separator.getBytes(StandardCharsets.UTF_8));
      }
      if (i == before) {
        out.writeBytes(item);
      } else {
        Val neighbour = r.nextInt(3) == 0 ? EventGen.randomValue(r, 2)
            : new Raw("{\"entityKey\":\"n" + i + "\",\"idempotencyKey\":\"k" + i + "\",\"eventTime\":\"2026-11-21T11:00:00Z\"}");
        out.writeBytes(EventGen.write(neighbour, r, delivery == Delivery.NDJSON).getBytes(StandardCharsets.UTF_8));
      }
    }
    out.writeBytes(delivery == Delivery.ARRAY ? "]".getBytes(StandardCharsets.UTF_8) : new byte[0]);
    return Body.of(delivery == Delivery.ARRAY ? JSON : NDJSON, out.toByteArray());
  }

  private static List<JsonNode> results(Answer answer) {
    List<JsonNode> results = new ArrayList<>();
    if (answer.input().ndjson()) {
      for (String line : answer.text().split("\n")) {
        results.add(answerLine(answer, line));
      }
    } else {
      answer.json().path("results").forEach(results::add);
    }
    return results;
  }

  private static JsonNode answerLine(Answer answer, String line) {
    try {
      return IngestDriver.STRICT.readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + line + " in " + answer.text(), e);
    }
  }

  private static void check(boolean ok, Answer answer, String what) {
    if (!ok) {
      throw new AssertionError(what + ": " + answer.status() + " " + answer.text() + "\nfor " + answer.input().describe());
    }
  }
}
