package io.tally.http.auth;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.optionalHeaderValueByName;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.Route;
import io.tally.http.dto.ErrorBody;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import io.tally.http.ApiJson;

/**
 * Bearer-token authentication and scope checks: 401 (with {@code WWW-Authenticate}) when the token
 * is missing or unknown, 403 when it lacks the scope the route needs.
 */
public final class BearerAuth {

  private static final String BEARER = "bearer ";
  private static final String CHALLENGE = "Bearer realm=\"tally\"";

  private final ApiTokens tokens;
  private final ApiJson json;

  public BearerAuth(ApiTokens tokens, ApiJson json) {
    this.tokens = tokens;
    this.json = json;
  }

  /** Runs {@code inner} with the caller when the request carries a token with {@code scope}. */
  public Route require(Scope scope, Function<Caller, Route> inner) {
    return requireAnyOf(List.of(scope), inner);
  }

  /** As {@link #require}, for a route that one of {@code scopes} opens (it may check more itself). */
  public Route requireAnyOf(List<Scope> scopes, Function<Caller, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        header -> {
          Optional<String> token = header.flatMap(BearerAuth::bearerToken);
          if (token.isEmpty()) {
            return complete(unauthorized(header.isPresent()
                ? "the Authorization header must be 'Bearer <token>'"
                : "this route needs a bearer token (Authorization: Bearer <token>)"));
          }
          Optional<Caller> caller = tokens.authenticate(token.get());
          if (caller.isEmpty()) {
            return complete(unauthorized("the bearer token is not valid"));
          }
          if (scopes.stream().noneMatch(caller.get()::may)) {
            return complete(
                json.response(
                    StatusCodes.FORBIDDEN,
                    ErrorBody.of(
                        "forbidden",
                        "this route needs scope " + scopes.stream().map(s -> "'" + s.wireName() + "'")
                            .collect(java.util.stream.Collectors.joining(" or ")) + " (or 'admin'); the token has "
                            + caller.get().scopes().stream().map(Scope::wireName).sorted().toList())));
          }
          return inner.apply(caller.get());
        });
  }

  private HttpResponse unauthorized(String detail) {
    return json.response(StatusCodes.UNAUTHORIZED, ErrorBody.of("unauthorized", detail))
        .addHeader(RawHeader.create("WWW-Authenticate", CHALLENGE));
  }

  private static Optional<String> bearerToken(String header) {
    if (header.length() <= BEARER.length()
        || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return Optional.empty();
    }
    String token = header.substring(BEARER.length()).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}
