package io.tally.http.batch;

import java.util.Optional;

/** The rows of one batch file, read one at a time; a {@link BadFile} ends them. */
interface BatchRows extends AutoCloseable {

  /** The next row, or empty at the end of the file. */
  Optional<BatchRow> next();

  /** The file's name for an event field ({@code amount}, {@code attributes.memo}) in a rejection. */
  default String columnOf(String field) {
    return field;
  }

  /** Bytes of the file read so far. */
  long bytesRead();

  @Override
  void close();
}
