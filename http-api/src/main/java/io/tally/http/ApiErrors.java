package io.tally.http;

import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.RejectionHandler;
import io.tally.http.dto.ErrorBody;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every rejection and unexpected exception into the API's JSON error body, so that unknown
 * routes, wrong methods and server faults answer in the same {@code {error, detail, field?}} shape
 * as validation errors ({@link RequestIds} adds {@code requestId} on the way out).
 */
public final class ApiErrors {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  private final ApiJson json;
  private final java.time.Duration retryAfter;

  public ApiErrors(ApiJson json, java.time.Duration retryAfter) {
    this.json = json;
    this.retryAfter = retryAfter;
  }

  public ApiJson json() {
    return json;
  }

  /** Akka HTTP's default rejection handling (statuses, Allow headers), re-rendered as JSON. */
  public RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handle(StoreGate.StoreUnavailable.class,
            unavailable -> akka.http.javadsl.server.Directives.complete(storeUnavailable(json, retryAfter)))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(this::asJson);
  }

  /** Anything thrown and not handled by a route: 500, logged, with no internals in the body. */
  public ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .matchAny(
            e -> {
              if (isTimeout(e)) {
                return akka.http.javadsl.server.Directives.complete(
                    json.response(
                            StatusCodes.SERVICE_UNAVAILABLE,
                            ErrorBody.of("unavailable", "the ledger did not answer in time; retry later"))
                        .addHeader(retryAfterHeader(retryAfter)));
              }
              // Runs where the failure surfaced (often a future's thread): the id comes from the request.
              return akka.http.javadsl.server.Directives.extractRequest(request -> {
                RequestIds.of(request).inMdc(() -> {
                  log.error("Unhandled error in a request", e);
                  return null;
                });
                return akka.http.javadsl.server.Directives.complete(
                    json.response(
                        StatusCodes.INTERNAL_SERVER_ERROR,
                        ErrorBody.of("internal_error", "the request failed on the server; see its log")));
              });
            })
        .build();
  }

  /**
   * The answer to a request still running at {@code akka.http.server.request-timeout}: a JSON 503
   * with {@code Retry-After} (Akka HTTP's own is plain text without it). The work may still finish,
   * so an ingest is retried with the same idempotency keys.
   */
  public HttpResponse requestTimedOut(HttpRequest request) {
    return json.response(
            StatusCodes.SERVICE_UNAVAILABLE,
            ErrorBody.of("request_timeout", "the server did not answer " + request.method().value() + " "
                + request.getUri().path() + " within its request timeout; it may still complete: retry later "
                + "(ingest with the same idempotency keys)"))
        .addHeader(retryAfterHeader(retryAfter));
  }

  /** 429 with {@code Retry-After}: the node does as much of this work as it admits already. */
  public static HttpResponse busy(ApiJson json, java.time.Duration retryAfter, String detail) {
    return json.response(StatusCodes.TOO_MANY_REQUESTS, ErrorBody.of("too_many_requests",
            detail + "; retry after the Retry-After delay"))
        .addHeader(retryAfterHeader(retryAfter));
  }

  /** 503 with {@code Retry-After}: no Cassandra node answers this node; nothing was attempted. */
  static HttpResponse storeUnavailable(ApiJson json, java.time.Duration retryAfter) {
    return json.response(StatusCodes.SERVICE_UNAVAILABLE, ErrorBody.of("store_unavailable",
            "this node reaches no Cassandra node at the moment; nothing was done: retry after the Retry-After "
                + "delay (ingest with the same idempotency keys)"))
        .addHeader(retryAfterHeader(retryAfter));
  }

  /** {@code Retry-After} in whole seconds (at least 1), as every 429/503 of the API sends it. */
  public static akka.http.javadsl.model.HttpHeader retryAfterHeader(java.time.Duration retryAfter) {
    return akka.http.javadsl.model.headers.RawHeader.create(
        "Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** The machine-readable code of a status: its reason phrase in snake case ("not_found"). */
  public static String codeOf(StatusCode status) {
    return status.reason().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }

  private HttpResponse asJson(HttpResponse response) {
    if (response.entity() instanceof HttpEntity.Strict strict
        && !strict.getContentType().mediaType().toString().equals("application/json")) {
      String detail = strict.getData().decodeString(StandardCharsets.UTF_8);
      return json.response(response.status(), ErrorBody.of(codeOf(response.status()), detail))
          .withHeaders(response.getHeaders());
    }
    return response;
  }
}
