package io.tally.cluster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Folders the test servers (Cassandra node, Kafka broker) keep their files in: under the folder a
 * system property names (Failsafe sets them below {@code target/}), else a new temporary folder.
 */
final class WorkDirs {

  private WorkDirs() {}

  /** The folder named by {@code property}, or a new temporary one named after {@code prefix}. */
  static Path root(String property, String prefix) {
    String configured = System.getProperty(property);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code dir} emptied of what an earlier run left there (the folder itself may not exist). */
  static Path fresh(Path dir) {
    if (!Files.exists(dir)) {
      return dir;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
    return dir;
  }
}
