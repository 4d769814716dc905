package io.tally.ledger;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an entity key may be, everywhere a key arrives (events, URL paths, query parameters):
 * 1 to {@code entity-key-max-length} characters of {@code A-Z a-z 0-9 . _ : @ / -}, read as
 * '/'-separated segments none of which is empty, {@code .} or {@code ..}. Keys travel in URLs and
 * end up in logs, file names and other systems' paths, where such segments are resolved or collapsed
 * (so {@code a/../b} and {@code b} could name one entity there and two here).
 */
public final class EntityKeyRule {

  public static final String FIELD = "entityKey";

  private static final Pattern CHARS = Pattern.compile("[A-Za-z0-9._:@/-]+");
  private static final String SEPARATOR = "/";

  private final int maxLength;

  public EntityKeyRule(int maxLength) {
    this.maxLength = maxLength;
  }

  public static EntityKeyRule of(LedgerSettings settings) {
    return new EntityKeyRule(settings.contract().entityKeyMaxLength());
  }

  /** The rule in words, for error messages. */
  public String description() {
    return "1 to " + maxLength + " characters of A-Z a-z 0-9 . _ : @ / -, in '/'-separated segments that are "
        + "neither empty nor '.' or '..'";
  }

  /** The broken rule, naming {@code field}; empty when {@code key} is a valid entity key. */
  public Optional<ContractViolation> check(String field, String key) {
    if (key == null) {
      return Optional.of(new ContractViolation(field, "required", field + " is required"));
    }
    if (key.isEmpty() || key.length() > maxLength) {
      return Optional.of(new ContractViolation(field, "length",
          field + " must be 1 to " + maxLength + " characters, was " + key.length()));
    }
    if (!CHARS.matcher(key).matches()) {
      return Optional.of(new ContractViolation(field, "charset", field + " may only contain A-Z a-z 0-9 . _ : @ / -"));
    }
    for (String segment : key.split(SEPARATOR, -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return Optional.of(new ContractViolation(field, "segments",
            field + " must not have empty, '.' or '..' segments between '/' (was '" + key + "')"));
      }
    }
    return Optional.empty();
  }

  public boolean isValid(String key) {
    return check(FIELD, key).isEmpty();
  }
}
