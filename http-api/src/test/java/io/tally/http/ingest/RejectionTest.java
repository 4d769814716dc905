package io.tally.http.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.tally.http.dto.EventResult;
import io.tally.http.dto.EventStatus;
import io.tally.ledger.ContractViolation;
import java.util.Optional;
import org.junit.Test;

public class RejectionTest {

  private static EventResult result(String status, String detail, String field) {
    EventStatus parsed = EventStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT));
    return switch (parsed) {
      case ACCEPTED -> EventResult.accepted(0, "acc-1", "k1", 1, java.time.Instant.EPOCH, java.time.Instant.EPOCH, false);
      case DUPLICATE -> EventResult.duplicate(0, "acc-1", "k1", 1);
      default -> EventResult.refused(0, "acc-1", "k1", parsed, detail, field);
    };
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
