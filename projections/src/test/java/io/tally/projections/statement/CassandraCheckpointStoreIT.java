package io.tally.projections.statement;

import static io.tally.projections.ReadSideNode.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.datastax.oss.driver.api.core.cql.Row;
import com.typesafe.config.Config;
import io.tally.projections.CqlStore;
import io.tally.projections.ProjectionSettings;
import io.tally.projections.ReadSideNode;
import io.tally.projections.ViewsSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Reconciliation checkpoints on the shared test Cassandra: windows of many entities written in
 * chunked single-partition batches and read back per entity; checkpoints listed page by page, of
 * one source by batch id and of all by the driver's paging state, with bad tokens refused.
 */
public class CassandraCheckpointStoreIT {

  private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-02T00:00:00Z");
  /** Small batches and few in flight, so that one saveWindows call takes many of each. */
  private static final CheckpointSettings SMALL_BATCHES = new CheckpointSettings(3, 4, 32 * 1024);
  private static final int ENTITIES = 25;
  private static final int WINDOWS_PER_ENTITY = 10;

  private static ActorTestKit testKit;
  private static CqlStore cql;
  private static CassandraCheckpointStore store;

  @BeforeClass
  public static void start() throws Exception {
    Config config = ReadSideNode.config(CassandraCheckpointStoreIT.class, "");
    testKit = ActorTestKit.create("checkpoint-store-it", config);
    cql = await(CqlStore.start(testKit.system(), ProjectionSettings.create(config)));
    await(CheckpointSchema.create(cql));
    store = new CassandraCheckpointStore(cql, SMALL_BATCHES);
  }

  @AfterClass
  public static void stop() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
  }

  private static ReconciledWindow window(String entity, String batch, int hour, Optional<Instant> to) {
    return new ReconciledWindow(entity, batch, "bank", Optional.of(FROM), to, FROM.plusSeconds(3600L * hour),
        hour + 1, new BigDecimal(hour + ".25"), -31L * hour);
  }

  private static ReconciliationCheckpoint checkpoint(String source, String batch) {
    return new ReconciliationCheckpoint(batch, source, Optional.of(FROM), Optional.of(TO), "bank-csv",
        Map.of("matched", 7L, "missing-in-ledger", 2L), 3, 9, TO.plusSeconds(60));
  }

  /** Every checkpoint of a listing, page by page, with the sizes of the pages. */
  private static List<ReconciliationCheckpoint> all(CheckpointStore listed, Optional<String> source, int limit,
      List<Integer> pageSizes) throws Exception {
    List<ReconciliationCheckpoint> found = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      CheckpointPage page = await(listed.list(source, limit, token));
      pageSizes.add(page.checkpoints().size());
      found.addAll(page.checkpoints());
      token = page.next();
      token.ifPresent(t -> assertTrue(t, t.matches("[A-Za-z0-9_.-]+") && t.length() <= PageToken.MAX_LENGTH));
    } while (token.isPresent());
    return found;
  }

  @Test
  public void windowsOfManyEntitiesAreUpsertedAndReadBackPerEntityInBatchThenWindowOrder() throws Exception {
    List<ReconciledWindow> chunk = new ArrayList<>();
    for (int e = 0; e < ENTITIES; e++) {
      for (int hour = WINDOWS_PER_ENTITY - 1; hour >= 0; hour--) {
        chunk.add(window("w-" + e, "b2", hour, Optional.of(TO)));
      }
    }
    await(store.saveWindows(chunk));
    await(store.saveWindows(List.of(window("w-0", "b1", 5, Optional.empty()))));
    ReconciledWindow restated = new ReconciledWindow("w-0", "b2", "bank", Optional.of(FROM), Optional.of(TO),
        FROM, 99, new BigDecimal("-12.50"), Long.MIN_VALUE);
    await(store.saveWindows(List.of(restated)));
    await(store.saveWindows(List.of()));

    List<ReconciledWindow> first = await(store.windowsOf("w-0"));
    assertEquals(1 + WINDOWS_PER_ENTITY, first.size());
    assertEquals(window("w-0", "b1", 5, Optional.empty()), first.get(0));
    assertEquals(restated, first.get(1));
    assertEquals(window("w-0", "b2", 1, Optional.of(TO)), first.get(2));
    for (int e = 1; e < ENTITIES; e++) {
      String entity = "w-" + e;
      List<ReconciledWindow> expected = new ArrayList<>();
      for (int hour = 0; hour < WINDOWS_PER_ENTITY; hour++) {
        expected.add(window(entity, "b2", hour, Optional.of(TO)));
      }
      assertEquals(expected, await(store.windowsOf(entity)));
    }
    assertEquals(List.of(), await(store.windowsOf("never-reconciled")));

    Row open = await(cql.execute("SELECT period_to FROM %s." + CheckpointSchema.WINDOWS_TABLE
        + " WHERE entity_key = ? AND batch_id = ?", "w-0", "b1")).one();
    assertTrue("an open end is not written", open.isNull("period_to"));
  }

  @Test
  public void checkpointsAreListedPageByPageOfOneSourceAndOfAll() throws Exception {
    // Its own sources, so that the other tests' checkpoints do not count; listed by batch id.
    Map<String, List<String>> batches = Map.of("list-a", List.of("a3", "a1", "a5", "a2", "a4"),
        "list-b", List.of("b1", "b2"), "list-c", List.of("c1", "c2", "c3"));
    for (Map.Entry<String, List<String>> source : batches.entrySet()) {
      for (String batch : source.getValue()) {
        await(store.save(checkpoint(source.getKey(), batch)));
      }
    }
    ReconciliationCheckpoint restated = new ReconciliationCheckpoint("a2", "list-a", Optional.empty(),
        Optional.empty(), "bank-csv", Map.of(), 0, 0, TO);
    await(store.save(restated));

    List<Integer> sizes = new ArrayList<>();
    List<ReconciliationCheckpoint> a = all(store, Optional.of("list-a"), 2, sizes);
    assertEquals(List.of("a1", "a2", "a3", "a4", "a5"), a.stream().map(ReconciliationCheckpoint::batchId).toList());
    assertEquals(List.of(2, 2, 1), sizes);
    assertEquals(checkpoint("list-a", "a1"), a.get(0));
    assertEquals(restated, a.get(1));
    CheckpointPage whole = await(store.list(Optional.of("list-c"), 3, Optional.empty()));
    assertEquals(3, whole.checkpoints().size());
    assertEquals("one row more than asked tells that this was the last page", Optional.empty(), whole.next());

    List<ReconciliationCheckpoint> everything = all(store, Optional.empty(), 2, new ArrayList<>());
    Map<String, List<String>> bySource = everything.stream().filter(c -> c.source().startsWith("list-"))
        .collect(Collectors.groupingBy(ReconciliationCheckpoint::source,
            Collectors.mapping(ReconciliationCheckpoint::batchId, Collectors.toList())));
    assertEquals(Map.of("list-a", List.of("a1", "a2", "a3", "a4", "a5"), "list-b", List.of("b1", "b2"),
        "list-c", List.of("c1", "c2", "c3")), bySource);
    assertEquals("each checkpoint once", everything.size(),
        everything.stream().map(c -> c.source() + "/" + c.batchId()).distinct().count());
    assertFalse(await(CheckpointsInForce.read(store, 2, 1000)).isEmpty());
  }

  @Test
  public void aTokenOfAnotherListingOrNotOfThisStoreIsRefusedByName() throws Exception {
    await(store.save(checkpoint("tokens", "t1")));
    await(store.save(checkpoint("tokens", "t2")));
    await(store.save(checkpoint("tokens-too", "t1")));
    String ofSource = await(store.list(Optional.of("tokens"), 1, Optional.empty())).next().orElseThrow();
    String ofAll = await(store.list(Optional.empty(), 1, Optional.empty())).next().orElseThrow();

    assertTrue(refusal(Optional.empty(), Optional.of(ofSource)).contains("not a token of a listing of all sources"));
    assertTrue(refusal(Optional.of("tokens"), Optional.of(ofAll)).contains("not a token of a listing of one source"));
    assertTrue(refusal(Optional.empty(), Optional.of("pAAAA")).contains("invalid page token"));
    assertTrue(refusal(Optional.empty(), Optional.of("p" + ofAll.substring(1, ofAll.length() / 2)))
        .contains("invalid page token"));
    String ofOtherKeyspace = otherKeyspaceToken();
    assertTrue(refusal(Optional.empty(), Optional.of(ofOtherKeyspace)).contains("not a token of a listing of all"));
    assertEquals("t2", await(store.list(Optional.of("tokens"), 1, Optional.of(ofSource))).checkpoints().get(0)
        .batchId());
  }

  /** A paging state of the same listing in another keyspace: another statement to the driver. */
  private static String otherKeyspaceToken() throws Exception {
    CqlStore other = fresh("o");
    CassandraCheckpointStore otherStore = new CassandraCheckpointStore(other, SMALL_BATCHES);
    await(otherStore.save(checkpoint("x", "1")));
    await(otherStore.save(checkpoint("y", "1")));
    return await(otherStore.list(Optional.empty(), 1, Optional.empty())).next().orElseThrow();
  }

  private static CqlStore fresh(String suffix) throws Exception {
    CqlStore other = CqlStore.onJournalSession(testKit.system(), cql.keyspace() + "_" + suffix,
        ProjectionSettings.create(testKit.system().settings().config()).cqlProfile());
    await(await(cql.session()).executeAsync(ViewsSchema.keyspace(other.keyspace())));
    await(CheckpointSchema.create(other));
    return other;
  }

  @Test
  public void noCheckpointIsInForceInAKeyspaceWithoutCheckpointsAndExistsTellsTheTablesApart() throws Exception {
    CqlStore empty = fresh("e");
    CassandraCheckpointStore emptyStore = new CassandraCheckpointStore(empty, SMALL_BATCHES);
    assertTrue(await(CheckpointsInForce.read(emptyStore, 2, 1000)).isEmpty());
    await(emptyStore.saveWindows(List.of(window("e", "unfinished", 0, Optional.of(TO)))));
    assertTrue("windows alone are not a checkpoint",
        await(CheckpointsInForce.read(emptyStore, 2, 1000)).isEmpty());
    await(emptyStore.save(checkpoint("bank", "done")));
    assertFalse(await(CheckpointsInForce.read(emptyStore, 2, 1000)).isEmpty());

    assertTrue(await(CheckpointSchema.exists(empty)));
    CqlStore withoutTables = CqlStore.onJournalSession(testKit.system(), cql.keyspace() + "_n",
        ProjectionSettings.create(testKit.system().settings().config()).cqlProfile());
    assertFalse(await(CheckpointSchema.exists(withoutTables)));
  }

  private static String refusal(Optional<String> source, Optional<String> token) {
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> await(store.list(source, 1, token)));
    Throwable cause = failed.getCause() instanceof CompletionException c ? c.getCause() : failed.getCause();
    assertTrue(String.valueOf(cause), cause instanceof IllegalArgumentException);
    return cause.getMessage();
  }
}
