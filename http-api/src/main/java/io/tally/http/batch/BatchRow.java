package io.tally.http.batch;

import akka.util.ByteString;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One row of a batch file by the line it starts on: an event to check, or why it is not one. */
sealed interface BatchRow {

  long line();

  /** A CSV row mapped to a v1 event object. */
  record Event(long line, ObjectNode event) implements BatchRow {}

  /** An NDJSON line, read by the event contract's own reader. */
  record Line(long line, ByteString text) implements BatchRow {}

  /** Where the file could not be read on: the rows before it are taken, then the batch stops. */
  record Broken(BadFile error) implements BatchRow {
    @Override
    public long line() {
      return error.line();
    }
  }

  /** A row that cannot become an event: its column (or "$"), rule and sentence, and its text. */
  record Unreadable(long line, String column, String rule, String detail, ByteString raw) implements BatchRow {}
}
