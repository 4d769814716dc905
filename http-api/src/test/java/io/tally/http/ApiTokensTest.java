package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class ApiTokensTest {

  @Test
  public void parsesTokensWithScopesAndAdminImpliesTheRest() {
    ApiTokens tokens = ApiTokens.parse("alpha-token-0123456789=ingest+read, beta-token-0123456789=admin");
    Caller alpha = tokens.authenticate("alpha-token-0123456789").orElseThrow();
    assertEquals(Set.of(Scope.INGEST, Scope.READ), alpha.scopes());
    assertFalse(alpha.may(Scope.ADMIN));
    Caller beta = tokens.authenticate("beta-token-0123456789").orElseThrow();
    assertTrue(beta.may(Scope.INGEST) && beta.may(Scope.READ) && beta.may(Scope.ADMIN));
    assertNotEquals(alpha.id(), beta.id());
    assertFalse(tokens.authenticate("alpha-token-012345678").isPresent());
    assertFalse(tokens.authenticate("").isPresent());
  }

  @Test
  public void malformedSpecificationsNameTheEntryButNeverTheToken() {
    for (String spec : List.of("secret-token-0123456789", "secret-token-0123456789=owner", "short=admin", "=admin")) {
      try {
        ApiTokens.parse(spec);
        fail("accepted " + spec);
      } catch (IllegalArgumentException expected) {
        assertTrue(expected.getMessage().contains("entry 1"));
        assertFalse(expected.getMessage().contains("secret-token"));
      }
    }
  }

  @Test
  public void devRunGeneratesOneAdminTokenAndAnnouncesIt() {
    List<String> announced = new ArrayList<>();
    ApiTokens tokens = ApiTokenSource.load(new HttpSettings.Auth("", true), Map.of(), announced::add);
    assertEquals(1, announced.size());
    assertTrue(tokens.authenticate(announced.get(0)).orElseThrow().may(Scope.ADMIN));
  }

  @Test
  public void environmentIsUsedWhenConfigHasNoTokens() {
    ApiTokens tokens = ApiTokenSource.load(new HttpSettings.Auth("", false),
        Map.of("TALLY_API_TOKENS", "env-token-0123456789=read"), t -> fail("must not generate"));
    assertTrue(tokens.authenticate("env-token-0123456789").isPresent());
  }

  @Test
  public void withoutTokensOrDevGenerationTheNodeRefusesToStart() {
    try {
      ApiTokenSource.load(new HttpSettings.Auth("", false), Map.of(), t -> { });
      fail("started open");
    } catch (IllegalStateException expected) {
      assertTrue(expected.getMessage().contains("never runs without authentication"));
    }
  }
}
