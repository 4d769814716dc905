package io.tally.http.batch;

import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of a CSV file (RFC 4180: a header row, comma-separated, double quotes around values
 * that hold commas, quotes or line breaks; CRLF or LF) parsed by Jackson's CSV module, and mapped
 * to v1 events by a {@link ColumnMapping}. Empty lines are skipped. An empty cell leaves its field
 * or attribute out. With no idempotency key column, a row's key is the file's content hash and its
 * line, so that loading the same file again under any batch id is a duplicate, row by row.
 */
final class CsvRows implements BatchRows {

  private static final String WHOLE_ROW = "$";

  private final Utf8Text text;
  private final CsvParser parser;
  private final ColumnMapping.ColumnRoles roles;
  private final String keyPrefix;
  private final int columnIndexOfKey;
  /** Of the row read last: the line it starts on, and how many values it has. */
  private long rowLine;
  private int rowCells;

  /**
   * @param required the fields the file must have a column for
   * @param keyPrefix the idempotency key's prefix for rows of a file with no key column
   * @throws BadFile when the file is empty or its header does not fit the mapping
   */
  CsvRows(InputStream file, ColumnMapping mapping, Set<String> required, String keyPrefix,
      BatchSettings.Limits limits) {
    this.text = new Utf8Text(file, limits.maxLineChars());
    this.keyPrefix = keyPrefix;
    try {
      CsvFactory factory = CsvFactory.builder()
          .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
          .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(limits.maxLineChars()).build())
          .build();
      this.parser = factory.createParser(text);
      List<String> header = nextCells(limits.maxColumns()).orElseThrow(() -> new BadFile(1, 1, "empty_file",
          "the file is empty: a CSV batch starts with a header row"));
      if (header.size() > limits.maxColumns()) {
        throw new BadFile(1, 1, "too_many_columns", "the header has more than " + limits.maxColumns() + " columns");
      }
      this.roles = mapping.resolve(header, required);
      this.columnIndexOfKey = indexOf(roles, ColumnMapping.IDEMPOTENCY_KEY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<BatchRow> next() {
    try {
      return nextCells(roles.size()).map(cells -> row(rowLine, cells));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next row's cells (at most {@code keep} of them; {@link #rowCells} counts all), or empty at the end. */
  private Optional<List<String>> nextCells(int keep) throws IOException {
    JsonToken token;
    try {
      token = parser.nextToken();
      while (token != null && token != JsonToken.START_ARRAY) {
        token = parser.nextToken();
      }
      if (token == null) {
        return Optional.empty();
      }
      // Where the parser stands after the previous row; the first value's location is the row's.
      rowLine = parser.currentLocation().getLineNr();
      List<String> cells = new ArrayList<>();
      rowCells = 0;
      for (token = parser.nextToken(); token != null && token != JsonToken.END_ARRAY; token = parser.nextToken()) {
        if (rowCells == 0) {
          rowLine = parser.currentTokenLocation().getLineNr();
        }
        if (rowCells++ < keep + 1) {
          cells.add(parser.getText());
        }
      }
      return Optional.of(cells);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
      throw new BadFile(Math.max(at.getLineNr(), 1), Math.max(at.getColumnNr(), 1), "csv_syntax",
          e.getOriginalMessage() + " (in the row that starts on line " + Math.max(rowLine, 1) + ")");
    }
  }

  private BatchRow row(long line, List<String> cells) {
    if (rowCells != roles.size()) {
      return new BatchRow.Unreadable(line, WHOLE_ROW, "columns", "the row has " + rowCells + " values, the header "
          + roles.size() + " columns", raw(cells));
    }
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    ObjectNode attributes = null;
    for (int i = 0; i < cells.size(); i++) {
      String value = cells.get(i);
      if (value.isEmpty()) {
        continue;
      }
      String field = roles.fields()[i];
      if (ColumnMapping.SEQUENCE.equals(field)) {
        try {
          event.put(field, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
          return new BatchRow.Unreadable(line, roles.names().get(i), "type",
              "sequence must be an integer, not '" + value + "'", raw(cells));
        }
      } else if (field != null) {
        event.put(field, value);
      } else if (roles.attributes()[i]) {
        if (attributes == null) {
          attributes = event.putObject("attributes");
        }
        attributes.put(roles.names().get(i), value);
      }
    }
    if (columnIndexOfKey < 0) {
      event.put(ColumnMapping.IDEMPOTENCY_KEY, keyPrefix + ":" + line);
    }
    return new BatchRow.Event(line, event);
  }

  /** The column that fills {@code field} in this file, or -1. */
  private static int indexOf(ColumnMapping.ColumnRoles roles, String field) {
    for (int i = 0; i < roles.size(); i++) {
      if (field.equals(roles.fields()[i])) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String columnOf(String field) {
    if (field.startsWith("attributes.")) {
      return field.substring("attributes.".length());
    }
    int at = indexOf(roles, field);
    return at < 0 ? field : roles.names().get(at);
  }

  private static ByteString raw(List<String> cells) {
    return ByteString.fromString(String.join(",", cells));
  }

  @Override
  public long bytesRead() {
    return text.bytesRead();
  }

  @Override
  public void close() {
    try {
      parser.close();
      text.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
