package io.tally.ledger;

import static org.junit.Assert.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class LedgerSettingsTest {

  @Test
  public void referenceConfHoldsTheDocumentedDefaults() {
    LedgerSettings s = LedgerSettings.create(ConfigFactory.defaultReference());

    assertEquals(Duration.ofMinutes(1), s.windowSize());
    assertEquals(Duration.ofSeconds(30), s.allowedLateness());
    assertEquals(Duration.ofDays(30), s.maxLateness());
    assertEquals(LatePolicy.ACCEPT, s.latePolicy());
    assertEquals(Duration.ofMinutes(5), s.maxFutureSkew());
    assertEquals(8, s.slices());
    assertEquals(Map.of(), s.attributeOwners());
    assertEquals(1000, s.snapshotEvery());
    assertEquals(2, s.snapshotsToKeep());
    assertEquals(200, s.contract().entityKeyMaxLength());
    assertEquals(38, s.contract().amountMaxPrecision());
    assertEquals(18, s.contract().amountMaxScale());
    assertEquals(100, s.contract().maxAttributes());
    assertEquals(Set.of(1), s.contract().supportedSchemaVersions());
    assertEquals(100, s.maxBatchSize());
    assertEquals(4L * 1024 * 1024, s.maxBatchBytes());
  }

  @Test
  public void attributeOwnersKeepQuotedNamesWithDots() {
    LedgerSettings s = TestSettings.ledger(
        "tally.ledger.attribute-owners { \"customer.tier\" = crm, status = billing }",
        "tally.ledger.late-policy = REJECT");

    assertEquals(Map.of("customer.tier", "crm", "status", "billing"), s.attributeOwners());
    assertEquals("crm", s.ownerOf("customer.tier"));
    assertEquals(LatePolicy.REJECT, s.latePolicy());
  }

  @Test(expected = IllegalArgumentException.class)
  public void unquotedDottedOwnerIsAConfigError() {
    TestSettings.ledger("tally.ledger.attribute-owners { customer.tier = crm }");
  }

  @Test(expected = IllegalArgumentException.class)
  public void unknownLatePolicyIsAConfigError() {
    TestSettings.ledger("tally.ledger.late-policy = maybe");
  }

  @Test(expected = IllegalArgumentException.class)
  public void windowSizeMustBeWholeMilliseconds() {
    TestSettings.ledger("tally.ledger.window-size = 1500us");
  }

  @Test(expected = IllegalArgumentException.class)
  public void maxLatenessMayNotBeBelowAllowedLateness() {
    TestSettings.ledger("tally.ledger.max-lateness = 10s");
  }
}
