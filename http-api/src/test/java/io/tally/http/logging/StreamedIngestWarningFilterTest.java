package io.tally.http.logging;

import static org.junit.Assert.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.Test;

public class StreamedIngestWarningFilterTest {

  private static LoggingEvent warning(String message) {
    return new LoggingEvent("akka.actor.ActorSystemImpl", new LoggerContext().getLogger("akka.actor.ActorSystemImpl"),
        Level.WARN, message, null, null);
  }

  @Test
  public void theEarlyResponseWarningIsDroppedForStreamedIngestOnly() {
    StreamedIngestWarningFilter filter = new StreamedIngestWarningFilter();
    assertEquals(FilterReply.DENY, filter.decide(warning("Sending an 2xx 'early' response before end of request for "
        + "http://127.0.0.1/v1/events received... Note that the connection will be closed after this response.")));
    assertEquals(FilterReply.NEUTRAL, filter.decide(warning("Sending an 2xx 'early' response before end of request for "
        + "http://127.0.0.1/v1/quarantine/x/resubmit received... Note that the connection will be closed after this response.")));
    assertEquals(FilterReply.NEUTRAL, filter.decide(warning("something else about /v1/events ")));
  }
}
