package io.tally.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.Test;

public class EventBytesTest {

  @Test
  public void countsUtf8BytesOfEveryWidth() {
    for (String text : new String[] {"", "ascii", "ünï", "€漢字", "😀a😀", "mixed ü € 😀 漢"}) {
      assertEquals(text, text.getBytes(StandardCharsets.UTF_8).length, EventBytes.utf8(text));
    }
  }

  @Test
  public void anEventIsItsTextPlusAllowances() {
    ProposedEvent event = ProposedEvent.record("acct-1", "k1", Instant.EPOCH, BigDecimal.ONE, "src")
        .withAttributes(Map.of("name", AttributeValue.text("€".repeat(1000))));

    long text = "acct-1".length() + "k1".length() + "src".length() + "name".length() + 3000;
    assertEquals(EventBytes.PER_EVENT + EventBytes.PER_ATTRIBUTE + text, EventBytes.estimate(event));
    assertTrue(EventBytes.estimate(event.withAttributes(Map.of())) < EventBytes.estimate(event));
  }
}
