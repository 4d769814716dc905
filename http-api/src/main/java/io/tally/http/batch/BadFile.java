package io.tally.http.batch;

/**
 * A batch file that cannot be read on from here: where (1-based line and column, in characters),
 * a code and a sentence. Rows before it were taken; the batch stops with this as its error.
 */
public final class BadFile extends RuntimeException {

  private final long line;
  private final long column;
  private final String code;

  BadFile(long line, long column, String code, String detail) {
    super(detail, null, false, false);
    this.line = line;
    this.column = column;
    this.code = code;
  }

  public long line() {
    return line;
  }

  public long column() {
    return column;
  }

  public String code() {
    return code;
  }

  /** The detail with its position, for people. */
  public String describe() {
    return "line " + line + ", column " + column + ": " + getMessage();
  }
}
