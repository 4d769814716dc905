package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A page of an entity's journal, oldest first; {@code nextFrom} is the {@code from} of the next
 * page, absent on the last one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventPage(String entityKey, long from, List<JournalEvent> events, Long nextFrom) {

  public EventPage {
    events = List.copyOf(events);
  }
}
