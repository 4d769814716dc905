package io.tally.projections.statement;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** Of each source and period, the checkpoint compared last is the one in force. */
public class CheckpointsInForceTest {

  private static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

  private static ReconciliationCheckpoint compared(String batch, String source, Instant from, Instant at) {
    return new ReconciliationCheckpoint(batch, source, Optional.of(from), Optional.of(from.plusSeconds(86_400)),
        "records", Map.of("matched", 1L), 1, 1, at);
  }

  @Test
  public void aLaterComparisonOfTheSameSourceAndPeriodSupersedesTheEarlierOne() {
    CheckpointsInForce inForce = CheckpointsInForce.of(List.of(
        compared("nov-1", "bank", NOV, DEC),
        compared("nov-2", "bank", NOV, DEC.plusSeconds(60)),        // the same period again, later
        compared("nov-ops", "ops", NOV, DEC),                        // another source
        compared("dec-1", "bank", DEC, DEC.plusSeconds(86_400))));   // another period
    assertEquals(Set.of("nov-2", "nov-ops", "dec-1"), inForce.batchIds());
    assertTrue(CheckpointsInForce.of(List.of()).isEmpty());
  }

  @Test
  public void readListsEveryPageAndRefusesMoreThanItsBound() throws Exception {
    InMemoryCheckpointStore store = new InMemoryCheckpointStore();
    for (int i = 0; i < 5; i++) {
      store.save(compared("b" + i, "s" + i, NOV, DEC)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    assertEquals(5, CheckpointsInForce.read(store, 2, 5).toCompletableFuture().get(5, TimeUnit.SECONDS)
        .batchIds().size());
    ExecutionException tooMany = assertThrows(ExecutionException.class,
        () -> CheckpointsInForce.read(store, 2, 4).toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertTrue(tooMany.getMessage(), tooMany.getCause().getMessage().contains("max-reconciliation-checkpoints"));
  }
}
