package io.tally.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Markdown of one run: sections of headings, notes and tables, printed as they are measured
 * and written whole to {@code results-<timestamp>.md} (rewritten after every part, so an
 * interrupted run keeps what it measured). Header blocks (the command, the machine, the isolation
 * checks) stay at the top of the file whenever they are set or replaced.
 */
public final class ResultsReport {

  private static final DateTimeFormatter FILE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Map<String, String> header = new LinkedHashMap<>();
  private final StringBuilder markdown = new StringBuilder();
  private final Path file;

  public ResultsReport(Path dir, Instant start) {
    this.file = dir.resolve("results-" + FILE_STAMP.format(start) + ".md");
  }

  public Path file() {
    return file;
  }

  /** Sets (or replaces) the header block {@code key}: blocks keep the order in which they were first set. */
  public void header(String key, String text) {
    System.out.print(text + "\n\n");
    System.out.flush();
    header.put(key, text);
    write();
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
    StringBuilder all = new StringBuilder();
    header.values().forEach(block -> all.append(block).append("\n\n"));
    return all.append(markdown).toString();
  }

  private void append(String text) {
    System.out.print(text);
    System.out.flush();
    markdown.append(text);
    write();
  }

  private void write() {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, markdown());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
