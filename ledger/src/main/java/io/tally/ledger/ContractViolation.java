package io.tally.ledger;

/**
 * One broken contract rule: the contract {@code field} it concerns (e.g. {@code eventTime},
 * {@code attributes.tier}), a stable {@code rule} id (e.g. {@code future-skew}) and a message for
 * people.
 */
public record ContractViolation(String field, String rule, String message) {

  /** As an ingest outcome: reason {@code "<field>.<rule>: <message>"}, naming the field. */
  public IngestOutcome.Rejected toOutcome() {
    return IngestOutcome.Rejected.of(field + "." + rule + ": " + message, field);
  }
}
