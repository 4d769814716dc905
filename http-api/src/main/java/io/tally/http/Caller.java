package io.tally.http;

import java.util.Set;

/**
 * An authenticated client: its stable id (used as the default {@code source} of its events) and
 * its scopes.
 */
public record Caller(String id, Set<Scope> scopes) {

  public Caller {
    scopes = Set.copyOf(scopes);
  }

  public boolean may(Scope required) {
    return scopes.contains(Scope.ADMIN) || scopes.contains(required);
  }
}
