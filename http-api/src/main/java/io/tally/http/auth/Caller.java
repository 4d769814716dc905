package io.tally.http.auth;

import java.util.Set;

/**
 * An authenticated client: its name from the token specification (the {@code source} of its
 * events and the actor of its repairs) and its scopes.
 */
public record Caller(String id, Set<Scope> scopes) {

  public Caller {
    scopes = Set.copyOf(scopes);
  }

  public boolean may(Scope required) {
    return scopes.contains(Scope.ADMIN) || scopes.contains(required);
  }
}
