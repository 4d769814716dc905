package io.tally.http.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.cluster.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.After;
import org.junit.Test;

/**
 * A Tally process stopped in the middle of loading a CSV batch, first with SIGTERM (a rolling
 * update), then with SIGKILL, and started again each time: the batch resumes by itself from its
 * spooled file and last checkpoint, and every row is in the journal exactly once (each account
 * holds exactly its rows, each once).
 */
public class BatchRestartIT {

  private static final int ENTITIES = 300;
  private static final int ROWS_PER_ENTITY = 100;
  private static final int ROWS = ENTITIES * ROWS_PER_ENTITY;
  /** Stopped once at least this many rows are checkpointed (and the batch is not done), then killed after more. */
  private static final int TERMINATE_AFTER_ROWS = 3_000;
  private static final int KILL_AFTER_ROWS = 12_000;
  private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);

  private LocalTallyCluster cluster;

  @After
  public void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  public void aStopAndAKillMidLoadWithRestartsLeaveEveryRowInTheJournalOnce() throws Exception {
    Path spool = Path.of(System.getProperty("basedir", "."), "target", "it-cluster", "BatchRestartIT-spool")
        .toAbsolutePath();
    cluster = LocalTallyCluster.start(BatchRestartIT.class, 1, List.of(
        "tally.batches.spool-directory = \"" + spool.toString().replace("\\", "/") + "\"",
        "tally.batches.chunk-rows = 500"));
    NodeProcess node = cluster.node(1);
    TallyHttp http = cluster.http();
    String batch = node.httpBase() + "/v1/batches/restart-1";

    TallyHttp.Answer posted = http.post(node.httpBase() + "/v1/batches?id=restart-1", "text/csv", csv());
    assertEquals(posted.body().toString(), 202, posted.status());
    stopMidLoad(http, batch, TERMINATE_AFTER_ROWS, () -> node.terminate(LocalTallyCluster.STOP_TIMEOUT));
    node.start();
    cluster.awaitReady(node);
    stopMidLoad(http, batch, KILL_AFTER_ROWS, () -> node.kill(LocalTallyCluster.STOP_TIMEOUT));
    node.start();
    cluster.awaitReady(node);
    JsonNode done = Eventually.within(LOAD_TIMEOUT, Duration.ofMillis(250), "the batch resumed and done", () -> {
      JsonNode progress = http.get(batch).body();
      assertEquals(progress.toString(), "done", progress.get("status").asText());
      return progress;
    });
    assertEquals(done.toString(), ROWS, done.get("rows").asLong());
    long accepted = done.get("outcomes").path("accepted").asLong();
    long duplicate = done.get("outcomes").path("duplicate").asLong();
    // Rows sent after the last checkpoint and before a stop are answered duplicate when sent again.
    assertEquals(done.toString(), ROWS, accepted + duplicate);

    for (int e = 0; e < ENTITIES; e++) {
      JsonNode account = http.get(node.httpBase() + "/v1/entities/r-acc-" + e).body();
      assertEquals(account.toString(), ROWS_PER_ENTITY, account.get("counts").get("events").asLong());
      assertEquals(account.toString(), ROWS_PER_ENTITY, account.get("lastSeqNr").asLong());
      assertEquals(account.toString(), ROWS_PER_ENTITY + ".00", account.get("balance").asText());
    }
  }

  /** Waits until the batch has checkpointed {@code rows} rows and is still running, then stops the node. */
  private static void stopMidLoad(TallyHttp http, String batch, int rows, Runnable stop) {
    Eventually.within(LOAD_TIMEOUT, Duration.ofMillis(50), rows + " rows checkpointed", () -> {
      JsonNode progress = http.get(batch).body();
      assertEquals(progress.toString(), "running", progress.get("status").asText());
      assertTrue(progress.toString(), progress.get("rows").asLong() >= rows);
      return null;
    });
    stop.run();
  }

  private static String csv() {
    Instant day = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
    StringBuilder csv = new StringBuilder("entityKey,idempotencyKey,eventTime,amount\n");
    for (int r = 0; r < ROWS; r++) {
      csv.append("r-acc-").append(r % ENTITIES).append(",r").append(r).append(',').append(day.plusMillis(r))
          .append(",1.00\n");
    }
    return csv.toString();
  }
}
