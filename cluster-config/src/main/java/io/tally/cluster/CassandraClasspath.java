package io.tally.cluster;

import io.tally.cluster.server.CassandraNodeMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The classpath of the Cassandra node's own JVM: the jars Maven resolved for {@code cassandra-all}
 * (listed at build time by the {@code tally-cassandra-server} module) plus that module's own jar,
 * which holds {@link CassandraNodeMain}. None of these jars is on the application's classpath.
 */
record CassandraClasspath(List<Path> entries) {

  private static final String LISTING = "/io/tally/cluster/server/cassandra.classpath";

  static CassandraClasspath resolve() {
    List<Path> entries = new ArrayList<>();
    entries.add(nodeMainLocation());
    try (InputStream in = CassandraNodeMain.class.getResourceAsStream(LISTING)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing " + LISTING + ": build the project with Maven first (mvn package)");
      }
      String listing = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      Arrays.stream(listing.split(java.io.File.pathSeparator))
          .filter(s -> !s.isBlank())
          .map(Path::of)
          .forEach(entries::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Path> missing = entries.stream().filter(p -> !Files.exists(p)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "Cassandra jars missing from the local Maven repository (run mvn package again): "
              + missing.subList(0, Math.min(3, missing.size())));
    }
    return new CassandraClasspath(List.copyOf(entries));
  }

  /** The jamm agent Cassandra needs for memtable sizing; it ships among Cassandra's jars. */
  Optional<Path> jammAgent() {
    return entries.stream()
        .filter(p -> p.getFileName().toString().matches("jamm-[0-9.]+\\.jar"))
        .findFirst();
  }

  String asArgument() {
    return String.join(
        java.io.File.pathSeparator, entries.stream().map(Path::toString).toList());
  }

  private static Path nodeMainLocation() {
    try {
      return Path.of(
          CassandraNodeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the tally-cassandra-server jar", e);
    }
  }
}
