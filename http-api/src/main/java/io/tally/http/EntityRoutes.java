package io.tally.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.parameterOptional;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import io.tally.http.dto.ErrorBody;
import io.tally.http.dto.EventPage;
import io.tally.http.dto.JournalEvent;
import io.tally.ledger.LedgerService;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/entities/{key}} (state) and {@code GET /v1/entities/{key}/events?from=&limit=}
 * (the journal, paged). Keys containing '/' are sent URL-encoded ({@code a%2Fb}).
 */
public final class EntityRoutes {

  private static final Pattern ENTITY_KEY = Pattern.compile("[A-Za-z0-9._:@/-]{1,200}");
  private static final String FIELD = "entityKey";

  private final LedgerService ledger;
  private final EntityHistory history;
  private final BearerAuth auth;
  private final ApiJson json;
  private final int maxPage;

  public EntityRoutes(LedgerService ledger, EntityHistory history, BearerAuth auth, ApiJson json, int maxPage) {
    this.ledger = ledger;
    this.history = history;
    this.auth = auth;
    this.json = json;
    this.maxPage = maxPage;
  }

  public Route routes() {
    return pathPrefix("entities", () -> pathPrefix(segment(), key -> auth.require(Scope.READ, caller ->
        ENTITY_KEY.matcher(key).matches()
            ? concat(pathEnd(() -> get(() -> state(key))), path("events", () -> get(() -> events(key))))
            : complete(badRequest(FIELD, "entityKey must be 1-200 characters of [A-Za-z0-9._:@/-]")))));
  }

  private Route state(String key) {
    return parameterOptional("asOf", asOf -> asOf.isPresent()
        ? complete(json.response(StatusCodes.NOT_IMPLEMENTED, new ErrorBody("not_implemented",
            "point-in-time state (asOf) is not available yet; the current state is at /v1/entities/{key}", "asOf")))
        : onSuccess(ledger.state(key), summary -> complete(json.response(StatusCodes.OK, EntityViews.state(summary)))));
  }

  private Route events(String key) {
    return parameterOptional("from", from -> parameterOptional("limit", limit -> {
      Optional<Long> fromSeqNr = positiveLong(from, 1);
      Optional<Long> size = positiveLong(limit, maxPage);
      if (fromSeqNr.isEmpty()) {
        return complete(badRequest("from", "from must be an integer >= 1"));
      }
      if (size.isEmpty() || size.get() > maxPage) {
        return complete(badRequest("limit", "limit must be an integer from 1 to " + maxPage));
      }
      int pageSize = size.get().intValue();
      return onSuccess(history.events(key, fromSeqNr.get(), pageSize + 1), entries -> {
        List<JournalEvent> events = entries.stream().limit(pageSize)
            .map(e -> EntityViews.event(e.seqNr(), e.event())).toList();
        Long next = entries.size() > pageSize ? entries.get(pageSize).seqNr() : null;
        return complete(json.response(StatusCodes.OK, new EventPage(key, fromSeqNr.get(), events, next)));
      });
    }));
  }

  private static Optional<Long> positiveLong(Optional<String> text, long whenAbsent) {
    if (text.isEmpty()) {
      return Optional.of(whenAbsent);
    }
    try {
      long value = Long.parseLong(text.get());
      return value >= 1 ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private HttpResponse badRequest(String field, String detail) {
    return json.response(StatusCodes.BAD_REQUEST, new ErrorBody("bad_request", detail, field));
  }
}
