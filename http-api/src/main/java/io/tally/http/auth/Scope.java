package io.tally.http.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a bearer token may do. {@code relay} lets an ingest caller name another {@code source} in
 * its events (a gateway forwarding for producers); {@code admin} implies all the others.
 */
public enum Scope {
  INGEST,
  READ,
  RELAY,
  ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Scope> fromWireName(String name) {
    for (Scope scope : values()) {
      if (scope.wireName().equals(name)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }
}
