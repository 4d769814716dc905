package io.tally.projections.statement;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The in-memory checkpoint store, as other modules' tests use it: upserts, one entity's windows
 * across batches, listings paged by opaque tokens, and bad tokens refused by name.
 */
public class InMemoryCheckpointStoreTest {

  private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-02T00:00:00Z");
  private static final int TIMEOUT_SECONDS = 5;

  private final InMemoryCheckpointStore store = new InMemoryCheckpointStore();

  static ReconciledWindow window(String entity, String batch, String windowStart, long count, String amount) {
    return new ReconciledWindow(entity, batch, "bank", Optional.of(FROM), Optional.of(TO),
        Instant.parse("2026-11-01T" + windowStart + "Z"), count, new BigDecimal(amount), count * 31);
  }

  static ReconciliationCheckpoint checkpoint(String source, String batch) {
    return new ReconciliationCheckpoint(batch, source, Optional.of(FROM), Optional.empty(), "bank-csv",
        Map.of("matched", 3L, "missing-in-ledger", 1L), 2, 4, TO.plusSeconds(60));
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Every checkpoint of a listing, page by page, with the sizes of the pages. */
  static List<ReconciliationCheckpoint> all(CheckpointStore store, Optional<String> source, int limit,
      List<Integer> pageSizes) throws Exception {
    List<ReconciliationCheckpoint> found = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      CheckpointPage page = await(store.list(source, limit, token));
      pageSizes.add(page.checkpoints().size());
      found.addAll(page.checkpoints());
      token = page.next();
      token.ifPresent(t -> assertTrue(t, t.matches("[A-Za-z0-9_.-]+") && t.length() <= PageToken.MAX_LENGTH));
    } while (token.isPresent());
    return found;
  }

  @Test
  public void windowsAreUpsertedAndReadBackByBatchThenWindowAcrossCheckpoints() throws Exception {
    await(store.saveWindows(List.of(window("e1", "b2", "10:00:00", 1, "1"), window("e1", "b1", "11:00:00", 2, "2"),
        window("e2", "b1", "10:00:00", 5, "5"), window("e1", "b1", "10:00:00", 3, "3"))));
    await(store.saveWindows(List.of(window("e1", "b1", "11:00:00", 4, "4.50"))));

    assertEquals(List.of(window("e1", "b1", "10:00:00", 3, "3"), window("e1", "b1", "11:00:00", 4, "4.50"),
        window("e1", "b2", "10:00:00", 1, "1")), await(store.windowsOf("e1")));
    assertEquals(List.of(window("e2", "b1", "10:00:00", 5, "5")), await(store.windowsOf("e2")));
    assertEquals(List.of(), await(store.windowsOf("unknown")));
  }

  @Test
  public void noCheckpointIsInForceUntilOneIsSavedWindowsAlone() throws Exception {
    assertTrue(await(CheckpointsInForce.read(store, 2, 1000)).isEmpty());
    await(store.saveWindows(List.of(window("e1", "b1", "10:00:00", 1, "1"))));
    assertTrue("windows of a batch that has not finished are not a checkpoint",
        await(CheckpointsInForce.read(store, 2, 1000)).isEmpty());
    await(store.save(checkpoint("bank", "b1")));
    assertFalse(await(CheckpointsInForce.read(store, 2, 1000)).isEmpty());
  }

  @Test
  public void aCheckpointIsUpsertedAndListedPageByPageOfOneSourceOrOfAll() throws Exception {
    for (String batch : List.of("b3", "b1", "b5", "b2", "b4")) {
      await(store.save(checkpoint("bank", batch)));
    }
    await(store.save(checkpoint("card", "c1")));
    await(store.save(checkpoint("card", "c2")));
    ReconciliationCheckpoint restated = new ReconciliationCheckpoint("b2", "bank", Optional.empty(), Optional.empty(),
        "bank-csv", Map.of("matched", 4L), 2, 4, TO.plusSeconds(120));
    await(store.save(restated));

    List<Integer> sizes = new ArrayList<>();
    List<ReconciliationCheckpoint> bank = all(store, Optional.of("bank"), 2, sizes);
    assertEquals(List.of("b1", "b2", "b3", "b4", "b5"), bank.stream().map(ReconciliationCheckpoint::batchId).toList());
    assertEquals(List.of(2, 2, 1), sizes);
    assertEquals(restated, bank.get(1));

    sizes.clear();
    List<ReconciliationCheckpoint> everything = all(store, Optional.empty(), 3, sizes);
    assertEquals(List.of("bank/b1", "bank/b2", "bank/b3", "bank/b4", "bank/b5", "card/c1", "card/c2"),
        everything.stream().map(c -> c.source() + "/" + c.batchId()).toList());
    assertEquals(List.of(3, 3, 1), sizes);

    CheckpointPage exact = await(store.list(Optional.of("card"), 2, Optional.empty()));
    assertEquals(2, exact.checkpoints().size());
    assertEquals("a page that ends the listing says so", Optional.empty(), exact.next());
    assertEquals(new CheckpointPage(List.of(), Optional.empty()), await(store.list(Optional.of("none"), 5,
        Optional.empty())));
  }

  @Test
  public void aResultMapIsKeptInNameOrderAndCannotBeChanged() {
    ReconciliationCheckpoint c = checkpoint("bank", "b1");
    assertEquals(List.of("matched", "missing-in-ledger"), List.copyOf(c.result().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> c.result().put("x", 1L));
  }

  @Test
  public void aBadTokenOrLimitIsAnIllegalArgumentNamingTheProblem() throws Exception {
    await(store.save(checkpoint("bank", "b1")));
    await(store.save(checkpoint("bank", "b2")));
    String ofBank = await(store.list(Optional.of("bank"), 1, Optional.empty())).next().orElseThrow();
    String ofAll = await(store.list(Optional.empty(), 1, Optional.empty())).next().orElseThrow();

    assertTrue(refusal(Optional.of("bank"), 1, Optional.of("not base64 !")).contains("invalid page token"));
    assertTrue(refusal(Optional.of("bank"), 1, Optional.of("b***")).contains("not base64url"));
    assertTrue(refusal(Optional.of("bank"), 1, Optional.of("x" + "a".repeat(PageToken.MAX_LENGTH)))
        .contains("1 to " + PageToken.MAX_LENGTH + " characters"));
    assertTrue(refusal(Optional.of("bank"), 1, Optional.of("")).contains("invalid page token"));
    assertTrue(refusal(Optional.empty(), 1, Optional.of(ofBank)).contains("not a token of a listing of all sources"));
    assertTrue(refusal(Optional.of("bank"), 1, Optional.of(ofAll)).contains("not a token of a listing of one source"));
    assertTrue(refusal(Optional.empty(), 1, Optional.of("c" + "YmFuaw"))
        .contains("truncated"));
    assertTrue(refusal(Optional.of("bank"), 0, Optional.empty()).contains("limit must be at least 1"));
    assertEquals("b2", await(store.list(Optional.of("bank"), 1, Optional.of(ofBank))).checkpoints().get(0).batchId());
  }

  private String refusal(Optional<String> source, int limit, Optional<String> token) throws Exception {
    ExecutionException failed = assertThrows(ExecutionException.class, () -> await(store.list(source, limit, token)));
    assertTrue(String.valueOf(failed.getCause()), failed.getCause() instanceof IllegalArgumentException);
    return failed.getCause().getMessage();
  }
}
