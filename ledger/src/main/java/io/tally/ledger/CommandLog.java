package io.tally.ledger;

import akka.actor.typed.javadsl.ActorContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The entity's log lines about one command, with the command's request id and the entity key in
 * the MDC. Set around each line rather than with {@code Behaviors.withMdc}: a command stashed while
 * the entity persists is handled later, inside another message, where an interceptor's MDC would
 * be the wrong one (or none). Akka clears the MDC after every message.
 */
public final class CommandLog {

  /** MDC key of the request id, the same on the HTTP side. */
  public static final String REQUEST_ID = "requestId";
  /** MDC key of the entity key. */
  public static final String ENTITY_KEY = "entityKey";

  private final ActorContext<?> context;
  private final String entityKey;

  CommandLog(ActorContext<?> context, String entityKey) {
    this.context = context;
    this.entityKey = entityKey;
  }

  /** Rejected events at INFO (what a producer got wrong); every other decision at DEBUG. */
  void decided(Optional<String> requestId, IngestPlan plan) {
    List<IngestOutcome> outcomes = plan.outcomes();
    long accepted = count(outcomes, IngestOutcome.Accepted.class);
    long late = outcomes.stream().filter(o -> o instanceof IngestOutcome.Accepted a && a.late()).count();
    long refused = outcomes.size() - accepted - plan.duplicates();
    if (refused > 0) {
      line(requestId, log -> log.info("Ingest of {} events: {} accepted ({} late), {} duplicate, {} refused ({})",
          outcomes.size(), accepted, late, plan.duplicates(), refused, firstRefusal(outcomes)));
    } else {
      line(requestId, log -> log.debug("Ingest of {} events: {} accepted ({} late), {} duplicate",
          outcomes.size(), accepted, late, plan.duplicates()));
    }
  }

  /** A command over max-batch-size: the sender split it wrongly, nothing was decided. */
  void refused(Optional<String> requestId, int events, int maxBatchSize) {
    line(requestId, log -> log.warn("Ingest of {} events refused: more than max-batch-size {}", events, maxBatchSize));
  }

  private void line(Optional<String> requestId, Consumer<Logger> write) {
    MDC.put(ENTITY_KEY, entityKey);
    requestId.ifPresent(id -> MDC.put(REQUEST_ID, id));
    try {
      write.accept(context.getLog());
    } finally {
      MDC.remove(REQUEST_ID);
      MDC.remove(ENTITY_KEY);
    }
  }

  private static long count(List<IngestOutcome> outcomes, Class<? extends IngestOutcome> type) {
    return outcomes.stream().filter(type::isInstance).count();
  }

  /**
   * The first refusal's kind, and for a rejection its rule id ({@code field.rule}, the reason's
   * prefix): enough to find the rule, without writing producer-supplied text into the log.
   */
  private static String firstRefusal(List<IngestOutcome> outcomes) {
    for (IngestOutcome o : outcomes) {
      if (o instanceof IngestOutcome.Rejected r) {
        int end = r.reason().indexOf(':');
        return "first: rejected " + (end > 0 ? r.reason().substring(0, end) : "");
      }
      if (o instanceof IngestOutcome.Conflict) {
        return "first: conflict";
      }
      if (o instanceof IngestOutcome.Gone) {
        return "first: gone";
      }
    }
    return "none";
  }
}
