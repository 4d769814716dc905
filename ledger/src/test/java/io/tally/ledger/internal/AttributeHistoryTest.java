package io.tally.ledger.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.tally.ledger.AttributeValue;
import java.time.Instant;
import org.junit.Test;

public class AttributeHistoryTest {

  private static final Instant T = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  public void newestEventTimeWinsAndTiesGoToTheLaterEvent() {
    AttributeHistory h = AttributeHistory.NONE
        .with(write(10, 1, "a"), 8)
        .with(write(5, 2, "older"), 8)
        .with(write(10, 3, "tie-later"), 8);

    assertEquals(AttributeValue.text("tie-later"), h.currentValue());
    assertEquals(3, h.writes().size());
  }

  @Test
  public void removingTheWinnerRestoresTheNextAndTheBoundDropsTheOldest() {
    AttributeHistory h = AttributeHistory.NONE;
    for (int i = 1; i <= 4; i++) {
      h = h.with(write(i, i, "v" + i), 3);
    }

    assertTrue(h.truncated());
    assertFalse(h.wrote(1));
    assertEquals(AttributeValue.text("v3"), h.without(4).currentValue());
    assertEquals(AttributeValue.text("v4"), h.without(2).currentValue());
    assertEquals(AttributeValue.NULL_VALUE, h.without(4).without(3).without(2).currentValue());
  }

  @Test
  public void anOlderWriteThanEverythingKeptIsDroppedWhenFull() {
    AttributeHistory h = AttributeHistory.NONE.with(write(10, 1, "a"), 1).with(write(5, 2, "b"), 1);

    assertEquals(AttributeValue.text("a"), h.currentValue());
    assertTrue(h.truncated());
  }

  private static AttributeWrite write(long second, long seqNr, String value) {
    return new AttributeWrite(T.plusSeconds(second), seqNr, AttributeValue.text(value));
  }
}
