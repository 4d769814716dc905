package io.tally.http.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops Akka HTTP's warning that a 2xx was sent before the end of the request, for streamed
 * ingest only: an NDJSON ingest answers each line while the client still sends, so every one of
 * them would log it, while the same warning on any other route still means something.
 */
public final class StreamedIngestWarningFilter extends Filter<ILoggingEvent> {

  static final String EARLY_RESPONSE = "Sending an 2xx 'early' response before end of request";
  static final String INGEST_PATH = "/v1/events ";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    return message != null && message.startsWith(EARLY_RESPONSE) && message.contains(INGEST_PATH)
        ? FilterReply.DENY
        : FilterReply.NEUTRAL;
  }
}
