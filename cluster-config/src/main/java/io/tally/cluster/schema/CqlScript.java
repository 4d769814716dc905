package io.tally.cluster.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of a CQL file, as cqlsh would run them: {@code --} and {@code //} line comments
 * dropped, statements split at {@code ;} outside string literals, whitespace collapsed.
 */
public record CqlScript(String name, List<String> statements) {

  public CqlScript {
    statements = List.copyOf(statements);
  }

  /** A script on the classpath, e.g. {@code cql/tally-journal.cql}. */
  public static CqlScript fromResource(String resource) {
    try (InputStream in = CqlScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no CQL script on the classpath: " + resource);
      }
      return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  public static CqlScript parse(String name, String text) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inString = false;
    for (String line : text.split("\n", -1)) {
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (!inString && (line.startsWith("--", i) || line.startsWith("//", i))) {
          break;
        }
        if (c == '\'') {
          inString = !inString;
        }
        if (c == ';' && !inString) {
          addIfNotBlank(statements, current);
          current.setLength(0);
        } else {
          current.append(c);
        }
      }
      current.append(' ');
    }
    if (inString) {
      throw new IllegalArgumentException(name + ": unterminated string literal");
    }
    if (!current.toString().isBlank()) {
      throw new IllegalArgumentException(name + ": last statement has no ';': " + current.toString().trim());
    }
    return new CqlScript(name, statements);
  }

  private static void addIfNotBlank(List<String> statements, StringBuilder statement) {
    String collapsed = statement.toString().replaceAll("\\s+", " ").trim();
    if (!collapsed.isEmpty()) {
      statements.add(collapsed);
    }
  }
}
