package io.tally.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens this node accepts, kept only as SHA-256 hashes. A presented token is hashed and
 * compared with every stored hash in constant time ({@link MessageDigest#isEqual}), without
 * stopping at the first match, so timing tells nothing about which token or prefix matched.
 *
 * <p>Specification format (config {@code tally.http.auth.tokens} or env {@code TALLY_API_TOKENS}):
 * {@code token=scope+scope,token2=scope}, scopes from {@code ingest}, {@code read}, {@code admin}.
 */
public final class ApiTokens {

  /** Characters of the token hash used as the caller id ("token-1a2b3c4d5e6f"). */
  private static final int CALLER_ID_HEX = 12;
  private static final int GENERATED_TOKEN_BYTES = 32;
  private static final int MIN_TOKEN_LENGTH = 16;

  private record Entry(byte[] hash, Caller caller) {}

  private final List<Entry> entries;

  private ApiTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Parses a specification.
   *
   * @throws IllegalArgumentException naming the malformed entry (never echoing a token)
   */
  public static ApiTokens parse(String specification) {
    List<Entry> entries = new ArrayList<>();
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
            "API token entry " + position + " is not token=scope[+scope]");
      }
      String token = entry.substring(0, eq);
      if (token.length() < MIN_TOKEN_LENGTH) {
        throw new IllegalArgumentException(
            "API token entry " + position + " is shorter than " + MIN_TOKEN_LENGTH + " characters");
      }
      Set<Scope> scopes = EnumSet.noneOf(Scope.class);
      int entryNumber = position;
      for (String name : entry.substring(eq + 1).split("\\+")) {
        scopes.add(
            Scope.fromWireName(name.trim())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "API token entry " + entryNumber + " has unknown scope '" + name.trim()
                                + "' (ingest, read, admin)")));
      }
      byte[] hash = sha256(token);
      entries.add(new Entry(hash, new Caller(callerId(hash), scopes)));
    }
    return new ApiTokens(entries);
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

  private static String callerId(byte[] hash) {
    return "token-" + HexFormat.of().formatHex(hash).substring(0, CALLER_ID_HEX);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
