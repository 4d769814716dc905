package io.tally.http.ingest;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.extractRequestEntity;
import static akka.http.javadsl.server.Directives.mapRouteResultFuture;
import static akka.http.javadsl.server.Directives.onComplete;
import static akka.http.javadsl.server.Directives.withSizeLimit;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.RequestEntity;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.util.ByteString;
import io.tally.http.ApiErrors;
import io.tally.http.ApiJson;
import io.tally.http.HttpSettings;
import io.tally.http.RequestId;
import io.tally.http.auth.Caller;
import io.tally.http.dto.ErrorBody;
import io.tally.http.dto.EventResult;
import io.tally.ledger.ContractViolation;
import io.tally.ledger.ProposedEvent;
import io.tally.projections.metrics.TallyMetrics;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every JSON ingest request goes through, whatever its body holds (v1 events, Debezium change
 * events): admitted by the bytes its body may hold before it is read, read whole within {@code
 * max-body-size} and {@code body-read-timeout}, and, once its events are known, admitted for the
 * entity commands they drive before any entity is asked; then ingested through the one {@link
 * EventIngestion} (contract, source, idempotency, outcomes, quarantine). One place, so that every
 * way into the ledger over HTTP is bounded and answered alike (429 with Retry-After, 413, 400).
 */
public final class JsonIngest {

  private final EventIngestion ingestion;
  private final IngestAdmission admission;
  private final HttpSettings settings;
  private final ApiJson json;
  private final TallyMetrics metrics;
  private final ActorSystem<?> system;

  public JsonIngest(EventIngestion ingestion, IngestAdmission admission, HttpSettings settings, ApiJson json,
      TallyMetrics metrics, ActorSystem<?> system) {
    this.ingestion = ingestion;
    this.admission = admission;
    this.settings = settings;
    this.json = json;
    this.metrics = metrics;
    this.system = system;
  }

  /**
   * Reads the request body whole and hands its bytes to {@code inner}, holding the request's
   * admission (JSON requests, bytes of bodies) until the answer is ready: 429 when the node holds
   * as much as it admits, 413 past {@code max-body-size} (its detail ending with {@code
   * tooLargeAdvice}: what the client can do instead), 400 when the body cannot be read.
   */
  public Route body(String tooLargeAdvice, Function<ByteString, Route> inner) {
    return extractRequestEntity(entity -> {
      // A body of unknown length may grow to the limit; a declared one holds what it declares.
      long bytes = Math.min(settings.limits().maxBodyBytes(),
          entity.getContentLengthOption().orElse(settings.limits().maxBodyBytes()));
      return admittedUntilAnswered(bytes,
          () -> withSizeLimit(settings.limits().maxBodyBytes(), () -> extractRequestEntity(limited -> onComplete(
              readStrict(limited),
              body -> body.isFailure()
                  ? complete(bodyFailure(body.failed().get(), tooLargeAdvice))
                  : inner.apply(body.get())))));
    });
  }

  /** One event read from a request, checked against the contract and the caller's right to its source. */
  public SubmittedEvent submit(long index, ProposedEvent event, RawEvent raw, Caller caller) {
    return ingestion.check(index, new EventJsonReader.Parsed(event), raw, caller);
  }

  /**
   * One item of a request that could not be read as an event (a rule of the request's format
   * rather than the contract's), refused before any entity; quarantined like a contract refusal.
   */
  public SubmittedEvent refused(long index, ContractViolation violation, String entityKey, String idempotencyKey,
      RawEvent raw) {
    return SubmittedEvent.rejected(index, violation.toOutcome(), entityKey, idempotencyKey, raw);
  }

  /** The results of {@code submitted} in input order, refusals quarantined on behalf of {@code caller}. */
  public CompletionStage<List<EventResult>> ingest(List<SubmittedEvent> submitted, Caller caller,
      RequestId requestId) {
    return ingestion.ingest(submitted, caller, requestId);
  }

  /**
   * Runs {@code inner} holding the entity commands these events need, taken before any entity is
   * asked; refused (429) when the node drives as many as it admits. Events all refused by the
   * contract need none.
   */
  public Route withEntityWork(List<SubmittedEvent> submitted, Supplier<Route> inner) {
    int commands = ingestion.commandsAtOnce(submitted);
    if (commands == 0) {
      return inner.get();
    }
    return admitted(admission.admitEntityWork(commands), permit -> mapRouteResultFuture(
        result -> result.whenComplete((r, e) -> permit.release()), inner));
  }

  /** Runs {@code inner} with the permit {@code admission} gave, or answers its refusal: 429 at once. */
  Route admitted(IngestAdmission.Admission admission, Function<IngestAdmission.Permit, Route> inner) {
    if (admission instanceof IngestAdmission.Refused refused) {
      metrics.refused(refused.bound());
      return complete(ApiErrors.busy(json, settings.retryAfter(), refused.reason()));
    }
    return inner.apply(((IngestAdmission.Admitted) admission).permit());
  }

  /** A JSON request holds its permit until its response is ready. */
  private Route admittedUntilAnswered(long bytes, Supplier<Route> inner) {
    return admitted(admission.admitRequest(bytes), permit -> mapRouteResultFuture(
        result -> result.whenComplete((r, e) -> permit.release()), inner));
  }

  private CompletionStage<ByteString> readStrict(RequestEntity entity) {
    return entity
        .toStrict(settings.limits().bodyReadTimeout().toMillis(), settings.limits().maxBodyBytes(), system)
        .thenApply(HttpEntity.Strict::getData);
  }

  private HttpResponse bodyFailure(Throwable failure, String tooLargeAdvice) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (isTooLarge(cause)) {
      return error(StatusCodes.PAYLOAD_TOO_LARGE, "payload_too_large",
          "the body is larger than " + settings.limits().maxBodyBytes() + " bytes; " + tooLargeAdvice);
    }
    return error(StatusCodes.BAD_REQUEST, "unreadable_body", "the body could not be read: " + cause.getMessage());
  }

  /**
   * Akka HTTP signals an oversized body as EntityStreamSizeException while streaming, and as an
   * EntityStreamException "Request too large" when the body had already arrived whole.
   */
  private static boolean isTooLarge(Throwable cause) {
    return cause instanceof EntityStreamSizeException
        || (cause instanceof akka.http.scaladsl.model.EntityStreamException e
            && e.info().summary().startsWith("Request too large"));
  }

  /** The API's error body with {@code status}. */
  public HttpResponse error(StatusCode status, String code, String detail) {
    return json.response(status, ErrorBody.of(code, detail));
  }

  /** {@code response} with the Retry-After every 429 and 503 of the API carries. */
  public HttpResponse retryLater(HttpResponse response) {
    return response.addHeader(ApiErrors.retryAfterHeader(settings.retryAfter()));
  }
}
