package io.tally.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bearer tokens this node accepts, kept only as SHA-256 hashes. A presented token is hashed and
 * compared with every stored hash in constant time ({@link MessageDigest#isEqual}), without
 * stopping at the first match, so timing tells nothing about which token or prefix matched.
 *
 * <p>Specification format (config {@code tally.http.auth.tokens} or env {@code TALLY_API_TOKENS}):
 * {@code name:token=scope+scope,name2:token2=scope}, scopes from {@code ingest}, {@code read},
 * {@code relay}, {@code admin}. The name is the caller: the {@code source} of its events and the
 * actor of its repairs. Nothing derived from a token (its hash or a prefix) is ever shown. An entry
 * without a name ({@code token=scope}) is still read, named by its position ({@code token-1}); the
 * node warns about it, because reordering the entries would then rename the callers.
 */
public final class ApiTokens {

  /** Caller names: what a source may be, without spaces or separators of the specification. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final String POSITIONAL_NAME_PREFIX = "token-";
  private static final int GENERATED_TOKEN_BYTES = 32;
  private static final int MIN_TOKEN_LENGTH = 16;
  /** The caller name of the token a dev run generates. */
  static final String DEV_CALLER = "dev";

  private record Entry(byte[] hash, Caller caller) {}

  private final List<Entry> entries;
  private final int unnamed;

  private ApiTokens(List<Entry> entries, int unnamed) {
    this.entries = List.copyOf(entries);
    this.unnamed = unnamed;
  }

  /**
   * Parses a specification.
   *
   * @throws IllegalArgumentException naming the malformed entry (never echoing a token)
   */
  public static ApiTokens parse(String specification) {
    List<Entry> entries = new ArrayList<>();
    int unnamed = 0;
    int position = 0;
    for (String part : specification.split(",")) {
      position++;
      String entry = part.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.lastIndexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException(
            "API token entry " + position + " is not name:token=scope[+scope]");
      }
      String credential = entry.substring(0, eq);
      int colon = credential.indexOf(':');
      String name = colon < 0 ? POSITIONAL_NAME_PREFIX + position : credential.substring(0, colon);
      String token = colon < 0 ? credential : credential.substring(colon + 1);
      unnamed += colon < 0 ? 1 : 0;
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "API token entry " + position + " has a name that is not 1 to 64 of A-Z a-z 0-9 . _ @ -");
      }
      if (token.length() < MIN_TOKEN_LENGTH) {
        throw new IllegalArgumentException(
            "API token entry " + position + " has a token shorter than " + MIN_TOKEN_LENGTH + " characters");
      }
      entries.add(new Entry(sha256(token), new Caller(name, scopes(entry.substring(eq + 1), position))));
    }
    return new ApiTokens(entries, unnamed);
  }

  private static Set<Scope> scopes(String names, int position) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String name : names.split("\\+")) {
      scopes.add(
          Scope.fromWireName(name.trim())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "API token entry " + position + " has unknown scope '" + name.trim()
                              + "' (ingest, read, relay, admin)")));
    }
    return scopes;
  }

  /** A fresh random admin token (for a dev run that has none configured). */
  public static String generateToken() {
    byte[] bytes = new byte[GENERATED_TOKEN_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  /** Entries without a name (named by their position). */
  public int unnamed() {
    return unnamed;
  }

  /** The caller a presented token belongs to, if any. */
  public Optional<Caller> authenticate(String presented) {
    byte[] hash = sha256(presented);
    Caller found = null;
    for (Entry entry : entries) {
      // No early exit: every stored hash is compared, whatever matched before.
      if (MessageDigest.isEqual(entry.hash(), hash)) {
        found = entry.caller();
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
