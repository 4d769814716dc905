package io.tally.http.cdc;

import io.tally.ledger.ContractViolation;

/**
 * Unwinds the mapping of one change at its first problem; carries the field (within the change
 * event), the rule id and the message.
 */
final class ChangeProblem extends RuntimeException {

  private final String field;
  private final String rule;

  ChangeProblem(String field, String rule, String message) {
    super(message, null, false, false);
    this.field = field;
    this.rule = rule;
  }

  ContractViolation violation() {
    return new ContractViolation(field, rule, getMessage());
  }
}
