package io.tally.http;

import static akka.http.javadsl.server.Directives.mapRequest;
import static akka.http.javadsl.server.Directives.mapResponse;
import static akka.http.javadsl.server.Directives.optionalHeaderValueByName;

import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.Route;
import akka.util.ByteString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.function.Function;

/**
 * Request ids at the edge of the API. {@link #withRequestId} wraps every route once: it takes the
 * client's {@code X-Request-Id} when {@link RequestId#fromHeader} accepts it and generates one
 * otherwise (an unsafe id is replaced, never refused: the response names the id that was used),
 * passes it on to the routes inside in place of the client's header, and returns it on every
 * response, as a header and as {@code requestId} in the API's JSON error bodies.
 */
public final class RequestIds {

  /** An {@code ErrorBody} as ApiJson writes it (its first property): only those get the id. */
  private static final ByteString ERROR_BODY_START = ByteString.fromString("{\"error\":");

  private RequestIds() {}

  /** The outermost directive of the API (see the class comment). */
  public static Route withRequestId(ApiJson json, Function<RequestId, Route> inner) {
    return optionalHeaderValueByName(RequestId.HEADER, given -> {
      RequestId id = given.flatMap(RequestId::fromHeader).orElseGet(RequestId::generate);
      return mapRequest(request -> carrying(request, id),
          () -> mapResponse(response -> identified(json, response, id), () -> inner.apply(id)));
    });
  }

  /**
   * The request's id for a route inside {@link #withRequestId}; routes mounted without it (some
   * route tests) get a new one.
   */
  public static Route requestId(Function<RequestId, Route> inner) {
    return optionalHeaderValueByName(RequestId.HEADER,
        header -> inner.apply(header.flatMap(RequestId::fromHeader).orElseGet(RequestId::generate)));
  }

  /** The id of a request that went through {@link #withRequestId} (e.g. in a timeout handler). */
  public static RequestId of(HttpRequest request) {
    return request.getHeader(RequestId.HEADER).flatMap(h -> RequestId.fromHeader(h.value()))
        .orElseGet(RequestId::generate);
  }

  private static HttpRequest carrying(HttpRequest request, RequestId id) {
    return request.removeHeader(RequestId.HEADER).addHeader(RawHeader.create(RequestId.HEADER, id.value()));
  }

  /**
   * {@code response} naming {@code id}: the header, and {@code requestId} in an API error body. For
   * responses built outside the route tree too (the request timeout's).
   */
  public static HttpResponse identified(ApiJson json, HttpResponse response, RequestId id) {
    return withErrorBodyId(json, response.removeHeader(RequestId.HEADER), id)
        .addHeader(RawHeader.create(RequestId.HEADER, id.value()));
  }

  private static HttpResponse withErrorBodyId(ApiJson json, HttpResponse response, RequestId id) {
    if (!(response.entity() instanceof HttpEntity.Strict strict) || !strict.getData().take(ERROR_BODY_START.size()).equals(ERROR_BODY_START)) {
      return response;
    }
    try {
      JsonNode body = json.mapper().readTree(strict.getData().toArray());
      if (!(body instanceof ObjectNode error) || error.has("requestId")) {
        return response;
      }
      error.put("requestId", id.value());
      return response.withEntity(strict.getContentType(), json.mapper().writeValueAsBytes(error));
    } catch (IOException e) {
      return response;
    }
  }
}
