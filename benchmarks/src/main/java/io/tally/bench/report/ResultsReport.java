package io.tally.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The Markdown of one run: sections of headings, notes and tables, printed as they are measured
 * and written whole to {@code results-<timestamp>.md} (rewritten after every section, so an
 * interrupted run keeps what it measured).
 */
public final class ResultsReport {

  private static final DateTimeFormatter FILE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final StringBuilder markdown = new StringBuilder();
  private final Path file;

  public ResultsReport(Path dir, Instant start) {
    this.file = dir.resolve("results-" + FILE_STAMP.format(start) + ".md");
  }

  public Path file() {
    return file;
  }

  public void heading(String title) {
    append("\n#### " + title + "\n\n");
  }

  public void note(String text) {
    append(text + "\n\n");
  }

  public void table(MarkdownTable table) {
    append(table.render() + "\n");
  }

  public String markdown() {
    return markdown.toString();
  }

  private void append(String text) {
    System.out.print(text);
    System.out.flush();
    markdown.append(text);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, markdown);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
