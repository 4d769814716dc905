package io.tally.ledger;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/** The canonical form as documented, and chain verification. */
public class HashChainTest {

  private static final Instant T = Instant.parse("2024-05-01T12:00:10.123456789Z");
  private static final Instant INGESTED = Instant.parse("2024-05-01T12:00:20.000001Z");
  private static final Instant WINDOW = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  public void genesisIs32ZeroBytes() {
    assertEquals("0".repeat(64), HashChain.GENESIS);
  }

  @Test
  public void canonicalFormFollowsTheDocumentedLayout() throws IOException {
    EntityTombstoned event = new EntityTombstoned("acct-1", "d-1", T, INGESTED, WINDOW, true,
        Optional.of(9L), "crm", "ignored-prev", "ignored-hash");

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(expected); // big-endian, as documented
    out.writeByte(1);
    string(out, "tombstoned");
    string(out, "acct-1");
    string(out, "d-1");
    instant(out, T);
    instant(out, INGESTED);
    instant(out, WINDOW);
    out.writeByte(1);
    out.writeByte(1);
    out.writeLong(9);
    string(out, "crm");

    assertArrayEquals(expected.toByteArray(), CanonicalForm.of(event));
  }

  @Test
  public void hashIsSha256OfPreviousHashBytesThenCanonicalForm() throws Exception {
    EventRecorded event = recorded("k1", "12.50", Map.of("tier", AttributeValue.text("gold")));

    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(new byte[32]);
    sha.update(CanonicalForm.of(event));

    assertEquals(HexFormat.of().formatHex(sha.digest()), HashChain.hash(HashChain.GENESIS, event));
  }

  @Test
  public void hashOfAKnownEventIsPinned() {
    // Guards the format: if this changes, every stored chain stops verifying.
    EventRecorded event = recorded("k1", "12.50", Map.of(
        "tier", AttributeValue.text("gold"),
        "vip", AttributeValue.bool(true),
        "weight", AttributeValue.number(new BigDecimal("1.5")),
        "gone", AttributeValue.NULL_VALUE));

    assertEquals(PINNED_RECORDED_HASH, HashChain.hash(HashChain.GENESIS, event));
  }

  private static final String PINNED_RECORDED_HASH =
      "da7146129aa4270f4618ea549192e0fb6b87f3c5bdeceb9cdce1b988018f2625";

  @Test
  public void attributesAreSortedByUtf8BytesWhateverTheMapOrder() {
    // U+FF5E sorts before U+1F600 in UTF-8 (EF.. < F0..) but after it in UTF-16 (FF5E > D83D).
    Map<String, AttributeValue> one = new LinkedHashMap<>();
    one.put("\uD83D\uDE00", AttributeValue.text("a"));
    one.put("\uFF5E", AttributeValue.text("b"));
    Map<String, AttributeValue> other = new LinkedHashMap<>();
    other.put("\uFF5E", AttributeValue.text("b"));
    other.put("\uD83D\uDE00", AttributeValue.text("a"));

    byte[] canonical = CanonicalForm.of(recorded("k", "1", one));

    assertArrayEquals(canonical, CanonicalForm.of(recorded("k", "1", other)));
    String text = new String(canonical, StandardCharsets.ISO_8859_1);
    String fullwidthTilde = new String("\uFF5E".getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1);
    String emoji = new String("\uD83D\uDE00".getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1);
    assertTrue(text.indexOf(fullwidthTilde) < text.indexOf(emoji));
  }

  @Test
  public void everyFieldChangesTheHashButTheChainFieldsDoNot() {
    EventRecorded base = recorded("k1", "12.50", Map.of("tier", AttributeValue.text("gold")));
    List<EventRecorded> variants = List.of(
        new EventRecorded("acct-2", "k1", T, INGESTED, WINDOW, false, base.amount(),
            base.attributes(), base.sequence(), "billing", "", ""),
        new EventRecorded("acct-1", "k2", T, INGESTED, WINDOW, false, base.amount(),
            base.attributes(), base.sequence(), "billing", "", ""),
        new EventRecorded("acct-1", "k1", T.plusNanos(1), INGESTED, WINDOW, false, base.amount(),
            base.attributes(), base.sequence(), "billing", "", ""),
        new EventRecorded("acct-1", "k1", T, INGESTED.plusNanos(1000), WINDOW, false,
            base.amount(), base.attributes(), base.sequence(), "billing", "", ""),
        new EventRecorded("acct-1", "k1", T, INGESTED, WINDOW.plusSeconds(60), false,
            base.amount(), base.attributes(), base.sequence(), "billing", "", ""),
        new EventRecorded("acct-1", "k1", T, INGESTED, WINDOW, true, base.amount(),
            base.attributes(), base.sequence(), "billing", "", ""),
        new EventRecorded("acct-1", "k1", T, INGESTED, WINDOW, false, new BigDecimal("12.5"),
            base.attributes(), base.sequence(), "billing", "", ""),
        new EventRecorded("acct-1", "k1", T, INGESTED, WINDOW, false, base.amount(),
            Map.of("tier", AttributeValue.text("gold ")), base.sequence(), "billing", "", ""),
        new EventRecorded("acct-1", "k1", T, INGESTED, WINDOW, false, base.amount(),
            base.attributes(), Optional.empty(), "billing", "", ""),
        new EventRecorded("acct-1", "k1", T, INGESTED, WINDOW, false, base.amount(),
            base.attributes(), base.sequence(), "crm", "", ""));

    String hash = HashChain.hash(HashChain.GENESIS, base);
    for (EventRecorded variant : variants) {
      assertNotEquals(variant.toString(), hash, HashChain.hash(HashChain.GENESIS, variant));
    }
    assertEquals(hash, HashChain.hash(HashChain.GENESIS, base.withChain("x", "y")));
    assertNotEquals(hash, HashChain.hash("11".repeat(32), base));
  }

  @Test
  public void eventKindsHaveDistinctCanonicalForms() {
    EntityTombstoned tombstone = new EntityTombstoned("a", "k", T, INGESTED, WINDOW, false,
        Optional.empty(), "s", "", "");
    EntityRestored restore = new EntityRestored("a", "k", T, INGESTED, WINDOW, false,
        Optional.empty(), "s", "", "");

    assertFalse(Arrays.equals(CanonicalForm.of(tombstone), CanonicalForm.of(restore)));
    assertEquals("tombstoned", CanonicalForm.kindOf(tombstone));
    assertEquals("restored", CanonicalForm.kindOf(restore));
  }

  @Test
  public void verifyAcceptsAnIntactChainAndFindsTheFirstBrokenLink() {
    List<LedgerEvent> chain = chainOf(5);
    assertTrue(HashChain.verify(HashChain.GENESIS, chain).intact());
    assertEquals(5, HashChain.verify(HashChain.GENESIS, chain).checked());
    assertEquals(chain.get(4).hash(), HashChain.verify(HashChain.GENESIS, chain).lastHash());

    List<LedgerEvent> tampered = new ArrayList<>(chain);
    EventRecorded third = (EventRecorded) chain.get(2);
    tampered.set(2, new EventRecorded(third.entityKey(), third.idempotencyKey(),
        third.eventTime(), third.ingestedAt(), third.windowStart(), third.late(),
        new BigDecimal("1000"), third.attributes(), third.sequence(), third.source(),
        third.prevHash(), third.hash()));
    HashChain.Verification changed = HashChain.verify(HashChain.GENESIS, tampered);
    assertFalse(changed.intact());
    assertEquals(2, changed.brokenAt());

    List<LedgerEvent> removed = new ArrayList<>(chain);
    removed.remove(1);
    assertEquals(1, HashChain.verify(HashChain.GENESIS, removed).brokenAt());

    List<LedgerEvent> swapped = new ArrayList<>(chain);
    swapped.set(3, chain.get(4));
    swapped.set(4, chain.get(3));
    assertEquals(3, HashChain.verify(HashChain.GENESIS, swapped).brokenAt());

    List<LedgerEvent> rehashed = new ArrayList<>(chain);
    rehashed.set(2, HashChain.seal(tampered.get(2), chain.get(1).hash()));
    assertEquals(3, HashChain.verify(HashChain.GENESIS, rehashed).brokenAt());
  }

  @Test
  public void verifyCanStartMidChain() {
    List<LedgerEvent> chain = chainOf(4);

    assertTrue(HashChain.verify(chain.get(1).hash(), chain.subList(2, 4)).intact());
  }

  private static List<LedgerEvent> chainOf(int n) {
    List<LedgerEvent> chain = new ArrayList<>();
    String prev = HashChain.GENESIS;
    for (int i = 0; i < n; i++) {
      LedgerEvent event = HashChain.seal(recorded("k" + i, Integer.toString(i), Map.of()), prev);
      chain.add(event);
      prev = event.hash();
    }
    return chain;
  }

  private static EventRecorded recorded(
      String key, String amount, Map<String, AttributeValue> attributes) {
    return new EventRecorded("acct-1", key, T, INGESTED, WINDOW, false, new BigDecimal(amount),
        attributes, Optional.of(3L), "billing", "", "");
  }

  private static void string(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static void instant(DataOutputStream out, Instant value) throws IOException {
    out.writeLong(value.getEpochSecond());
    out.writeInt(value.getNano());
  }
}
