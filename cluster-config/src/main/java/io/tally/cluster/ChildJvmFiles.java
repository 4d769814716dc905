package io.tally.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the launchers of the dev/test servers (Cassandra, Kafka) share about their child JVM's
 * files: the configuration resources they copy out, and the last lines of its logs, which a
 * failed start reports.
 */
final class ChildJvmFiles {

  private ChildJvmFiles() {}

  /** The bytes of a classpath resource of this module. */
  static byte[] resourceBytes(String name) {
    try (InputStream in = ChildJvmFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last {@code lines} lines of each named log in {@code logDir} that exists, with its path. */
  static String tail(Path logDir, List<String> names, int lines) {
    StringBuilder out = new StringBuilder();
    for (String name : names) {
      Path file = logDir.resolve(name);
      if (!Files.exists(file)) {
        continue;
      }
      try {
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        out.append("--- ").append(file).append('\n');
        all.subList(Math.max(0, all.size() - lines), all.size()).forEach(line -> out.append(line).append('\n'));
      } catch (IOException e) {
        out.append("(cannot read ").append(file).append(": ").append(e).append(")\n");
      }
    }
    return out.toString();
  }
}
