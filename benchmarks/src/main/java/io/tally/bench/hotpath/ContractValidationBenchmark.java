package io.tally.bench.hotpath;

import com.typesafe.config.ConfigFactory;
import io.tally.ledger.EventContract;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.ProposedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The contract check every ingested event goes through before it reaches an entity. */
@State(Scope.Benchmark)
public class ContractValidationBenchmark {

  private EventContract contract;
  private ProposedEvent valid;
  private ProposedEvent invalid;
  private Instant now;

  @Setup
  public void setUp() {
    contract = new EventContract(LedgerSettings.create(ConfigFactory.load()));
    now = Instant.now();
    valid = ProposedEvent.record("account-42", "payment-000123", now.minusSeconds(1),
        new BigDecimal("12.50"), "bench-source");
    invalid = valid.withEntityKey("not a valid key");
  }

  @Benchmark
  public Optional<?> validEvent() {
    return contract.firstViolation(valid, now);
  }

  @Benchmark
  public Optional<?> invalidEvent() {
    return contract.firstViolation(invalid, now);
  }
}
