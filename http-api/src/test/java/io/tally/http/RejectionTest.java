package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.tally.http.dto.EventResult;
import io.tally.ledger.ContractViolation;
import java.util.Optional;
import org.junit.Test;

public class RejectionTest {

  private static EventResult result(String status, String detail, String field) {
    return new EventResult(0, "acc-1", "k1", status, null, null, null, null, null, status, detail, field, null);
  }

  @Test
  public void theReasonIsTheRuleAfterTheFieldEvenWhenTheFieldHoldsDotsOrColons() {
    assertEquals("late", Rejection.ruleOf("eventTime.late: window closed", "eventTime"));
    assertEquals("owner", Rejection.ruleOf(new ContractViolation("attributes.tier.x", "owner", "owned by crm")
        .toOutcome().reason(), "attributes.tier.x"));
    assertEquals("unknown-field", Rejection.ruleOf(new ContractViolation("a: b.c", "unknown-field", "not a field")
        .toOutcome().reason(), "a: b.c"));
    assertEquals("malformed_json", Rejection.ruleOf("$.malformed_json: not valid JSON", "$"));
  }

  @Test
  public void aReasonThatIsNotRuleShapedIsUncoded() {
    assertEquals(Rejection.UNCODED, Rejection.ruleOf("no rule here", "eventTime"));
    assertEquals(Rejection.UNCODED, Rejection.ruleOf("eventTime.Some Label!: x", "eventTime"));
    assertEquals(Rejection.UNCODED, Rejection.ruleOf("eventTime.late", "eventTime"));
    assertEquals(Rejection.UNCODED, Rejection.ruleOf("x.late: y", null));
  }

  @Test
  public void onlyRefusalsAreKept() {
    assertEquals(Optional.of(new Rejection("conflict", Optional.of("idempotencyKey"))),
        Rejection.of(result("conflict", "used with other content", null)));
    assertEquals(Optional.of(new Rejection("gone", Optional.empty())), Rejection.of(result("gone", "tombstoned", null)));
    assertEquals(Optional.of(new Rejection("late", Optional.of("eventTime"))),
        Rejection.of(result("rejected", "eventTime.late: closed", "eventTime")));
    for (String kept : new String[] {"accepted", "duplicate", "unavailable"}) {
      assertTrue(kept, Rejection.of(result(kept, null, null)).isEmpty());
    }
  }
}
