package io.tally.http.auth;

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
import io.tally.http.HttpSettings;

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
  public void aNamedTokensCallerIsItsNameAndNothingOfTheTokenIsShown() {
    ApiTokens tokens = ApiTokens.parse("billing:alpha-token-0123456789=ingest, ops@team:beta-token-0123456789=admin+relay");
    Caller billing = tokens.authenticate("alpha-token-0123456789").orElseThrow();
    assertEquals("billing", billing.id());
    assertFalse(billing.may(Scope.RELAY));
    Caller ops = tokens.authenticate("beta-token-0123456789").orElseThrow();
    assertEquals("ops@team", ops.id());
    assertTrue(ops.may(Scope.RELAY));
    assertEquals(0, tokens.unnamed());
  }

  @Test
  public void unnamedEntriesAreNamedByTheirPositionNeverByTheirHash() {
    ApiTokens tokens = ApiTokens.parse("crm:alpha-token-0123456789=ingest,beta-token-0123456789=read");
    assertEquals("token-2", tokens.authenticate("beta-token-0123456789").orElseThrow().id());
    assertEquals(1, tokens.unnamed());
  }

  @Test
  public void malformedSpecificationsNameTheEntryButNeverTheToken() {
    for (String spec : List.of("secret-token-0123456789", "secret-token-0123456789=owner", "short=admin", "=admin",
        "bad name:secret-token-0123456789=read", ":secret-token-0123456789=read", "ok:short=read")) {
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
    Caller dev = tokens.authenticate(announced.get(0)).orElseThrow();
    assertTrue(dev.may(Scope.ADMIN));
    assertEquals("dev", dev.id());
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
