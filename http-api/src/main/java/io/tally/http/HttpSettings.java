package io.tally.http;

import com.typesafe.config.Config;
import java.time.Duration;

/** The {@code tally.http} section, read once at start-up. */
public record HttpSettings(
    String networkInterface, int port, Duration readinessTimeout, Duration shutdownHardDeadline) {

  public static HttpSettings fromConfig(Config config) {
    Config http = config.getConfig("tally.http");
    return new HttpSettings(
        http.getString("interface"),
        http.getInt("port"),
        http.getDuration("readiness-timeout"),
        http.getDuration("shutdown-hard-deadline"));
  }
}
