package io.tally.bench.load;

import java.time.Duration;

/**
 * What one request got back, counted by event: how many of its events were accepted, answered
 * duplicate or unavailable, or anything else (conflict, gone, rejected). A request refused at
 * admission (429) did no entity work: none of its events is counted, only the refusal and the
 * delay the node asked for before the next try.
 */
public record Answer(int accepted, int duplicate, int unavailable, int other, boolean refused, Duration retryAfter) {

  public static Answer accepted(int events) {
    return new Answer(events, 0, 0, 0, false, Duration.ZERO);
  }

  public static Answer refused(Duration retryAfter) {
    return new Answer(0, 0, 0, 0, true, retryAfter);
  }
}
