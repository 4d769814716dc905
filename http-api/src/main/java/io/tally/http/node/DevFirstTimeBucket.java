package io.tally.http.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The eventsByTag first time bucket of a dev data folder. It must not be after the folder's first
 * event (those events would be invisible to a fresh projection) and should be recent (a fresh
 * projection scans every bucket from it). So the first start of a folder records the current time
 * bucket in the folder, and every later start reuses it.
 */
public final class DevFirstTimeBucket {

  static final String SETTING = "akka.persistence.cassandra.events-by-tag.first-time-bucket";
  private static final String MARKER = "tally-first-time-bucket";
  private static final DateTimeFormatter BUCKET = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm");

  private DevFirstTimeBucket() {}

  public static Config forDataDir(Path dataDir, Clock clock) {
    Path marker = dataDir.resolve(MARKER);
    try {
      String bucket;
      if (Files.exists(marker)) {
        bucket = Files.readString(marker, StandardCharsets.UTF_8).trim();
      } else {
        bucket = clock.instant().atZone(ZoneOffset.UTC).format(BUCKET);
        Files.createDirectories(dataDir);
        Files.writeString(marker, bucket + "\n", StandardCharsets.UTF_8);
      }
      return ConfigFactory.empty().withValue(SETTING, ConfigValueFactory.fromAnyRef(bucket));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + marker, e);
    }
  }
}
