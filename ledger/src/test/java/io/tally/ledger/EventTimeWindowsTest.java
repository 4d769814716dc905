package io.tally.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.Test;

public class EventTimeWindowsTest {

  private final EventTimeWindows windows =
      new EventTimeWindows(Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofDays(30));

  @Test
  public void windowStartIsTheFloorOfEventTime() {
    assertEquals(at("12:00:00"), windows.startOf(at("12:00:00")));
    assertEquals(at("12:00:00"), windows.startOf(Instant.parse("2024-05-01T12:00:59.999999999Z")));
    assertEquals(at("12:01:00"), windows.startOf(at("12:01:00")));
  }

  @Test
  public void windowStartFloorsBeforeTheEpochToo() {
    assertEquals(Instant.parse("1969-12-31T23:59:00Z"),
        windows.startOf(Instant.parse("1969-12-31T23:59:59.5Z")));
    assertEquals(Instant.parse("1969-12-31T23:59:00Z"),
        windows.startOf(Instant.parse("1969-12-31T23:59:59.999999999Z")));
  }

  @Test
  public void windowsAreAlignedToTheEpoch() {
    EventTimeWindows ninety = new EventTimeWindows(Duration.ofSeconds(90), Duration.ZERO,
        Duration.ofDays(1));

    assertEquals(Instant.ofEpochSecond(90), ninety.startOf(Instant.ofEpochSecond(179)));
    assertEquals(Instant.ofEpochSecond(180), ninety.startOf(Instant.ofEpochSecond(180)));
  }

  @Test
  public void lateIsStrictlyAfterWindowEndPlusAllowedLateness() {
    Instant start = at("12:00:00");
    assertEquals(at("12:01:00"), windows.endOf(start));
    assertEquals(at("12:01:30"), windows.closesAt(start));

    assertFalse(windows.isLate(start, at("12:01:30")));
    assertTrue(windows.isLate(start, at("12:01:30").plusNanos(1)));
  }

  @Test
  public void tooLateIsStrictlyAfterWindowEndPlusMaxLateness() {
    Instant start = at("12:00:00");
    Instant limit = at("12:01:00").plus(Duration.ofDays(30));

    assertFalse(windows.isBeyondMaxLateness(start, limit));
    assertTrue(windows.isBeyondMaxLateness(start, limit.plusNanos(1)));
  }

  private static Instant at(String time) {
    return Instant.parse("2024-05-01T" + time + "Z");
  }
}
