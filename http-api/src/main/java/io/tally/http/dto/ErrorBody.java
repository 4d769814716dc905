package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every error the API returns: a stable machine-readable {@code error} code, a human-readable
 * {@code detail}, and the request {@code field} it concerns when there is one. On the way out
 * {@link io.tally.http.RequestIds} adds the response's {@code requestId}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String detail, String field) {

  public static ErrorBody of(String error, String detail) {
    return new ErrorBody(error, detail, null);
  }
}
