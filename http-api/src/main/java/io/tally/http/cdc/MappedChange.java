package io.tally.http.cdc;

import io.tally.ledger.ContractViolation;
import io.tally.ledger.ProposedEvent;
import java.util.Optional;

/**
 * What one Debezium message maps to: a ledger event, a message counted and skipped, or a
 * rejection naming the field and rule at fault. A mapped event still goes through the event
 * contract and the entity's rules, like any event.
 */
public sealed interface MappedChange permits MappedChange.Mapped, MappedChange.Skipped, MappedChange.Rejected {

  /** The op as a metric label: its code, or {@code none} when no known op could be read. */
  String opLabel();

  /** The table's qualified name, when it could be read. */
  Optional<String> table();

  /** A row change that becomes {@code event} (a record, or a tombstone for a delete). */
  record Mapped(ChangeOp op, String tableName, ProposedEvent event) implements MappedChange {
    @Override
    public String opLabel() {
      return op.code();
    }

    @Override
    public Optional<String> table() {
      return Optional.of(tableName);
    }
  }

  /** Counted and answered, never applied; {@code detail} says why, for people. */
  record Skipped(SkipReason reason, Optional<ChangeOp> op, Optional<String> table, String detail)
      implements MappedChange {
    @Override
    public String opLabel() {
      return op.map(ChangeOp::code).orElse(NO_OP);
    }
  }

  /**
   * Not a change Tally can map: {@code violation} names the field (within the change event: {@code
   * op}, {@code source.table}, {@code after.balance}), the rule and why. The keys are there when
   * they could be worked out before the problem was found.
   */
  record Rejected(ContractViolation violation, Optional<ChangeOp> op, Optional<String> table,
      Optional<String> entityKey, Optional<String> idempotencyKey) implements MappedChange {
    @Override
    public String opLabel() {
      return op.map(ChangeOp::code).orElse(NO_OP);
    }
  }

  /** The op label of a message without a known op. */
  String NO_OP = "none";
}
