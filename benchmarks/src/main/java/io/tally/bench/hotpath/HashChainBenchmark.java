package io.tally.bench.hotpath;

import io.tally.ledger.EventRecorded;
import io.tally.ledger.HashChain;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Sealing one event into the chain: canonical form plus SHA-256, done once per accepted event. */
@State(Scope.Benchmark)
public class HashChainBenchmark {

  private EventRecorded event;

  @Setup
  public void setUp() {
    Instant now = Instant.parse("2026-11-21T10:15:30Z");
    event = new EventRecorded("account-42", "payment-000123", now, now, now.minusSeconds(30), false,
        new BigDecimal("12.50"), Map.of(), Optional.empty(), "bench-source", HashChain.GENESIS, "");
  }

  @Benchmark
  public String hashEvent() {
    return HashChain.hash(HashChain.GENESIS, event);
  }
}
