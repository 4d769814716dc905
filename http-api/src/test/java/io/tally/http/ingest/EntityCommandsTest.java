package io.tally.http.ingest;

import static org.junit.Assert.assertEquals;

import io.tally.ledger.AttributeValue;
import io.tally.ledger.EventBytes;
import io.tally.ledger.ProposedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class EntityCommandsTest {

  private static final Instant T = Instant.parse("2026-11-21T12:00:00Z");

  @Test
  public void commandsCloseAtTheEventLimitAndKeepTheOrder() {
    List<SubmittedEvent> events = events(250, 0);

    List<List<SubmittedEvent>> commands = new EntityCommands(100, Long.MAX_VALUE).split(events);

    assertEquals(List.of(100, 100, 50), commands.stream().map(List::size).toList());
    assertEquals(events, commands.stream().flatMap(List::stream).toList());
  }

  @Test
  public void commandsCloseBeforeAnEventThatWouldPassTheByteLimit() {
    List<SubmittedEvent> events = events(10, 1000);
    long each = EventBytes.estimate(events.get(0).event().orElseThrow());

    List<List<SubmittedEvent>> commands = new EntityCommands(100, 3 * each + each / 2).split(events);

    assertEquals(List.of(3, 3, 3, 1), commands.stream().map(List::size).toList());
    assertEquals(events, commands.stream().flatMap(List::stream).toList());
  }

  @Test
  public void anEventLargerThanTheByteLimitGoesAlone() {
    List<SubmittedEvent> events = events(3, 1000);

    List<List<SubmittedEvent>> commands = new EntityCommands(100, 10).split(events);

    assertEquals(List.of(1, 1, 1), commands.stream().map(List::size).toList());
  }

  @Test
  public void noEventsNoCommands() {
    assertEquals(List.of(), new EntityCommands(100, 1000).split(List.of()));
  }

  private static List<SubmittedEvent> events(int count, int valueLength) {
    List<SubmittedEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ProposedEvent event = ProposedEvent.record("a", "k" + i, T, BigDecimal.ONE, "src")
          .withAttributes(Map.of("note", AttributeValue.text("€".repeat(valueLength))));
      events.add(SubmittedEvent.toIngest(i, event, RawEvent.line(akka.util.ByteString.emptyByteString())));
    }
    return events;
  }
}
