package io.tally.http.auth;

import java.util.Map;
import java.util.function.Consumer;
import io.tally.http.HttpSettings;

/**
 * Where this node's tokens come from: {@code tally.http.auth.tokens}, else the
 * {@code TALLY_API_TOKENS} environment variable, else (dev only) one generated admin token that is
 * printed once. With none of these the node does not start: it never runs open.
 */
public final class ApiTokenSource {

  static final String ENVIRONMENT_VARIABLE = "TALLY_API_TOKENS";

  private ApiTokenSource() {}

  public static ApiTokens load(HttpSettings.Auth auth, Map<String, String> environment, Consumer<String> announce) {
    String configured = auth.tokens().isBlank()
        ? environment.getOrDefault(ENVIRONMENT_VARIABLE, "")
        : auth.tokens();
    ApiTokens tokens = ApiTokens.parse(configured);
    if (!tokens.isEmpty()) {
      return tokens;
    }
    if (!auth.generateDevToken()) {
      throw new IllegalStateException(
          "no API tokens: set tally.http.auth.tokens or " + ENVIRONMENT_VARIABLE
              + " (name:token=scope+scope,...); this node never runs without authentication");
    }
    String token = ApiTokens.generateToken();
    announce.accept(token);
    return ApiTokens.parse(ApiTokens.DEV_CALLER + ":" + token + "=" + Scope.ADMIN.wireName());
  }
}
