package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A page of a batch's rejected rows by line; {@code nextAfter} is the {@code after} of the next page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchRejectionsPage(List<Row> rows, Long nextAfter) {

  /** One rejected row: its line, the column at fault ("$" for the whole row), outcome, sentence and text. */
  public record Row(long line, String column, String outcome, String detail, String raw) {}
}
