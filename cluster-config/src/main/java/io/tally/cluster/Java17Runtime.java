package io.tally.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the {@code java} binary for the Cassandra node. Cassandra 5.0 does not start on JDK 25, so
 * even when the application runs on a newer JDK the node gets a Java 17.
 */
final class Java17Runtime {

  private static final int REQUIRED_FEATURE = 17;
  private static final Path JVM_ROOT = Path.of("/usr/lib/jvm");

  private Java17Runtime() {}

  static Path javaBinary(Optional<Path> configuredHome) {
    if (configuredHome.isPresent()) {
      return binaryIn(configuredHome.get())
          .orElseThrow(() -> new IllegalStateException("no bin/java under " + configuredHome.get()));
    }
    if (Runtime.version().feature() == REQUIRED_FEATURE) {
      return binaryIn(Path.of(System.getProperty("java.home"))).orElseThrow();
    }
    return installedJdk17()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Cassandra needs Java 17: set tally.cassandra.embedded.java-home "
                        + "(or TALLY_CASSANDRA_JAVA_HOME) to a JDK 17"));
  }

  private static Optional<Path> installedJdk17() {
    if (!Files.isDirectory(JVM_ROOT)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(JVM_ROOT)) {
      return homes
          .filter(home -> home.getFileName().toString().matches(".*(jdk|java)-?17.*|.*-17-.*"))
          .sorted(Comparator.comparing(Path::toString))
          .map(Java17Runtime::binaryIn)
          .flatMap(Optional::stream)
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> binaryIn(Path home) {
    Path java = home.resolve("bin").resolve("java");
    return Files.isExecutable(java) ? Optional.of(java) : Optional.empty();
  }
}
