package io.tally.cluster;

import io.tally.cluster.server.KafkaNodeMain;
import java.io.File;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classpath of the Kafka broker's own JVM: the jars Maven resolved for {@code kafka_2.13}
 * (listed at build time by the {@code tally-kafka-server} module) plus that module's own jar, which
 * holds {@link KafkaNodeMain}. None of these jars is on the application's classpath: the broker's
 * Scala library and Jackson are its own.
 */
record KafkaClasspath(List<Path> entries) {

  private static final String LISTING = "/io/tally/cluster/server/kafka.classpath";
  private static final Pattern CORE_JAR = Pattern.compile("kafka_2\\.13-(.+)\\.jar");
  /** How many missing jars an error names; the rest are missing for the same reason. */
  private static final int MISSING_SHOWN = 3;

  static KafkaClasspath resolve() {
    List<Path> entries = new ArrayList<>();
    entries.add(nodeMainLocation());
    try (InputStream in = KafkaNodeMain.class.getResourceAsStream(LISTING)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing " + LISTING + ": build the project with Maven first (mvn package)");
      }
      String listing = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      Arrays.stream(listing.split(File.pathSeparator))
          .filter(s -> !s.isBlank())
          .map(Path::of)
          .forEach(entries::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Path> missing = entries.stream().filter(p -> !Files.exists(p)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "Kafka jars missing from the local Maven repository (run mvn package again): "
              + missing.subList(0, Math.min(MISSING_SHOWN, missing.size())));
    }
    return new KafkaClasspath(List.copyOf(entries));
  }

  /** The broker's release, read from the name of its core jar (e.g. "4.1.1"). */
  Optional<String> brokerVersion() {
    return entries.stream()
        .map(p -> CORE_JAR.matcher(p.getFileName().toString()))
        .filter(Matcher::matches)
        .map(m -> m.group(1))
        .findFirst();
  }

  String asArgument() {
    return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
  }

  private static Path nodeMainLocation() {
    try {
      return Path.of(KafkaNodeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the tally-kafka-server jar", e);
    }
  }
}
