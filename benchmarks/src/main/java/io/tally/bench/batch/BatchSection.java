package io.tally.bench.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.bench.BenchNode;
import io.tally.bench.entity.HeapUsage;
import io.tally.bench.report.MarkdownTable;
import io.tally.bench.report.ResultsReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A CSV batch file ({@code rows} rows, {@code rowsPerEntity} per entity, an entity's rows together
 * as in a file sorted by account, or spread through it as in one sorted by time) loaded through
 * {@code POST /v1/batches}, against a producer posting the same rows in file order to
 * {@code POST /v1/events} ({@link BatchedEvents}) in the same run (on other entities). Then the same file is posted again as a statement
 * ({@code mode=statement}, records) and compared with the ledger it was loaded into. The node runs
 * in this JVM: its heap is sampled through the load and the comparison (used, and after full
 * collections before and after), to show that a file of any size is streamed, not held.
 */
public final class BatchSection {

  public static final String NODE_OVERRIDES = String.join("\n",
      "tally.projections.drift.interval = 0s",
      "tally.batches.spool-directory = \"benchmarks/target/bench-batch-spool\"");
  /** The file's columns, as a bank statement names them. */
  private static final String MAPPING = "map.entityKey=account&map.idempotencyKey=transaction_id"
      + "&map.eventTime=booked_at&map.amount=amount&attributes=memo";
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration HEAP_SAMPLE = Duration.ofMillis(500);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /** The baseline's volume: enough requests for a steady rate, a tenth of the file at most. */
  private static final int BASELINE_ROWS_MAX = 200_000;
  private static final double MB = 1e6;

  private final BenchNode node;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(REQUEST_TIMEOUT).build();
  private final ObjectMapper json = new ObjectMapper();
  private final Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS);

  public BatchSection(BenchNode node) {
    this.node = node;
  }

  /** Where an entity's rows are in the file. */
  public enum Order {
    /** Together: a file sorted by entity. */
    CONTIGUOUS,
    /** Row r belongs to entity r mod entities: a file sorted by time. */
    SPREAD;

    long entityOf(long row, int rowsPerEntity, int entities) {
      return this == CONTIGUOUS ? row / rowsPerEntity : row % entities;
    }
  }

  public void run(int rows, int rowsPerEntity, Order order, Duration maxWait, ResultsReport report) throws Exception {
    int entities = Math.max(1, rows / rowsPerEntity);
    int baselineRows = Math.min(BASELINE_ROWS_MAX, Math.max(BatchedEvents.EVENTS_PER_REQUEST, rows / 10));
    double baseline = new BatchedEvents(node, start).run(baselineRows, rowsPerEntity,
        Math.max(1, baselineRows / rowsPerEntity), order);

    Path file = Files.createDirectories(Path.of("benchmarks", "target")).resolve("bench-batch-" + rows + ".csv");
    long fileBytes = writeCsv(file, rows, rowsPerEntity, entities, order);
    Posted load = post(file, "id=bench-" + rows + "-" + System.currentTimeMillis() + "&" + MAPPING, maxWait);
    JsonNode done = load.batch();
    if (!done.get("status").asText().equals("done") || done.get("rows").asLong() != rows
        || done.get("outcomes").path("accepted").asLong() != rows) {
      throw new IllegalStateException("the batch did not load every row: " + done);
    }
    report.note(String.format(Locale.ROOT, "Upload of the %.0f MB file: %.1f s (spooled to disk, hashed).",
        fileBytes / MB, load.uploadSeconds()));
    // The same file as the other system's statement of the period, compared with the ledger it was loaded into.
    Posted statement = post(file, "id=bench-statement-" + rows + "-" + System.currentTimeMillis() + "&mode=statement&"
        + MAPPING + "&from=" + start + "&to=" + start.plusMillis(rows + 1L), maxWait);
    JsonNode compared = statement.batch();
    if (!compared.get("status").asText().equals("done")
        || compared.get("statement").get("counts").get("matched").asLong() != rows) {
      throw new IllegalStateException("the statement did not match every row: " + compared);
    }
    double seconds = load.seconds();

    report.heading("Batch files (" + String.format(Locale.ROOT, "%,d", rows) + "-row CSV, " + entities
        + " entities of " + rowsPerEntity + " rows, " + (order == Order.CONTIGUOUS ? "each entity's rows together"
        : "each entity's rows spread through the file") + ")");
    MarkdownTable table = MarkdownTable.of("path", ">rows (events)", ">rows/s", ">seconds");
    table.row("`POST /v1/batches` (CSV file, from upload to done)", rows, Math.round(rows / seconds),
        Math.round(seconds));
    table.row("`POST /v1/batches?mode=statement` (the same file compared with the ledger, from upload to report)",
        rows, Math.round(rows / statement.seconds()), Math.round(statement.seconds()));
    table.row("batched `POST /v1/events` (the same shape: " + BatchedEvents.EVENTS_PER_REQUEST + " rows in file "
        + "order per request, " + BatchedEvents.IN_FLIGHT + " in flight)", baselineRows, Math.round(baseline), "");
    report.table(table);
    JsonNode counts = compared.get("statement").get("counts");
    report.note(String.format(Locale.ROOT, "The statement: %,d entities compared; %s. Its missing_in_statement are "
        + "the baseline producer's events: the same source and period, not in the file.",
        compared.get("statement").get("entitiesCompared").asLong(), counts));
    MarkdownTable memory = MarkdownTable.of("node heap (MB)", ">load", ">statement");
    memory.row("used after full GCs, before the upload", load.heapBefore() / MB, statement.heapBefore() / MB);
    memory.row("used after full GCs, after the batch", load.heapAfter() / MB, statement.heapAfter() / MB);
    memory.row("used, highest sample during the run (every " + HEAP_SAMPLE.toMillis() + " ms)",
        load.heap().max() / MB, statement.heap().max() / MB);
    memory.row("used, mean of the samples", load.heap().mean() / MB, statement.heap().mean() / MB);
    memory.row("old generation used, highest sample (what survives young collections)", load.heap().oldMax() / MB,
        statement.heap().oldMax() / MB);
    memory.row("file size", fileBytes / MB, fileBytes / MB);
    report.table(memory);
  }

  /** One batch posted and followed to its end, with the node's heap around it. */
  private record Posted(JsonNode batch, double uploadSeconds, double seconds, long heapBefore, long heapAfter,
      HeapSampler heap) {}

  private Posted post(Path file, String query, Duration maxWait) throws Exception {
    long heapBefore = HeapUsage.afterGc();
    HeapSampler heap = HeapSampler.start(HEAP_SAMPLE);
    long started = System.nanoTime();
    JsonNode done;
    double uploaded;
    try {
      HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/batches?"
              + query)).timeout(maxWait).header("Authorization", "Bearer " + BenchNode.TOKEN)
          .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofFile(file)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (posted.statusCode() != 202) {
        throw new IllegalStateException("POST /v1/batches: " + posted.statusCode() + " " + posted.body());
      }
      uploaded = (System.nanoTime() - started) / 1e9;
      done = awaitFinished(json.readTree(posted.body()).get("id").asText(), maxWait);
    } finally {
      heap.stop();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Posted(done, uploaded, seconds, heapBefore, HeapUsage.afterGc(), heap);
  }

  private long writeCsv(Path file, int rows, int rowsPerEntity, int entities, Order order) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("account,transaction_id,booked_at,amount,memo\n");
      for (int r = 0; r < rows; r++) {
        out.write("bfile-" + order.entityOf(r, rowsPerEntity, entities) + ",t" + r + "," + start.plusMillis(r) + ",1.00,row " + r + "\n");
      }
    }
    return Files.size(file);
  }

  private JsonNode awaitFinished(String id, Duration maxWait) throws Exception {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/batches/" + id))
          .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + BenchNode.TOKEN).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode batch = json.readTree(answer.body());
      String status = batch.path("status").asText();
      if (status.equals("done") || status.equals("failed")) {
        return batch;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("batch " + id + " not finished within " + maxWait + ": " + batch);
      }
      TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
    }
  }

  /** Samples the heap's used bytes on a timer of its own. */
  private static final class HeapSampler {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong oldMax = new AtomicLong();
    private final java.util.List<java.lang.management.MemoryPoolMXBean> oldPools = ManagementFactory
        .getMemoryPoolMXBeans().stream().filter(p -> p.getName().contains("Old Gen")).toList();
    private final AtomicLong sum = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();

    static HeapSampler start(Duration every) {
      HeapSampler sampler = new HeapSampler();
      sampler.timer.scheduleAtFixedRate(sampler::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
      return sampler;
    }

    private void sample() {
      long used = memory.getHeapMemoryUsage().getUsed();
      max.accumulateAndGet(used, Math::max);
      oldMax.accumulateAndGet(oldPools.stream().mapToLong(p -> p.getUsage().getUsed()).sum(), Math::max);
      sum.addAndGet(used);
      samples.incrementAndGet();
    }

    void stop() {
      timer.shutdownNow();
    }

    long max() {
      return max.get();
    }

    long oldMax() {
      return oldMax.get();
    }

    double mean() {
      return samples.get() == 0 ? 0 : sum.get() / (double) samples.get();
    }
  }
}
