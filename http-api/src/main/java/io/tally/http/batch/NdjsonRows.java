package io.tally.http.batch;

import akka.util.ByteString;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The rows of an NDJSON file: one v1 event per line, read by the event contract's own reader
 * (blank lines skipped). The file's text is checked as UTF-8 and its lines bounded as a CSV's.
 */
final class NdjsonRows implements BatchRows {

  private final Utf8Text text;
  private final BufferedReader lines;
  private long line;

  NdjsonRows(InputStream file, BatchSettings.Limits limits) {
    this.text = new Utf8Text(file, limits.maxLineChars());
    this.lines = new BufferedReader(text);
  }

  @Override
  public Optional<BatchRow> next() {
    try {
      for (String next = lines.readLine(); next != null; next = lines.readLine()) {
        line++;
        if (!next.isBlank()) {
          return Optional.of(new BatchRow.Line(line, ByteString.fromString(next)));
        }
      }
      if (line == 0) {
        throw new BadFile(1, 1, "empty_file", "the file is empty");
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public long bytesRead() {
    return text.bytesRead();
  }

  @Override
  public void close() {
    try {
      lines.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
