package io.tally.http.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cluster-config/bin/tally-batch}: posts a batch file to a node (streamed from disk), then
 * follows the batch with a progress bar (share of bytes, rows, rows/s, outcomes) until it is
 * finished, and prints its first rejected rows; for a statement, its report and first differences.
 * Exit status: 0 done with every row stored (a statement: reconciled, nothing rejected), 1 done
 * with rejected rows or differences, 2 failed, or a usage or connection error.
 */
public final class BatchCli {

  private static final int BAR_WIDTH = 30;
  private static final int REJECTIONS_SHOWN = 20;
  private static final int DIFFERENCES_SHOWN = 20;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final String USAGE = "usage: tally-batch FILE [--url http://127.0.0.1:8080] [--token T | env TALLY_TOKEN]"
      + " [--id ID] [--source S] [--mode load|statement] [--form records|totals] [--from INSTANT] [--to INSTANT]"
      + " [--map FIELD=COLUMN]... [--attributes A,B]"
      + " [--ignore C,D] [--interval 1s] [--max-wait 24h]";

  private BatchCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command; the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, List<String>> options = new LinkedHashMap<>();
    List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        if (i + 1 >= args.length) {
          err.println("tally-batch: " + args[i] + " needs a value\n" + USAGE);
          return 2;
        }
        options.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
      } else {
        files.add(args[i]);
      }
    }
    String token = one(options, "token", System.getenv("TALLY_TOKEN"));
    if (files.size() != 1 || token == null || !Files.isRegularFile(Path.of(files.get(0)))) {
      err.println((files.size() == 1 && token != null ? "tally-batch: no file " + files.get(0) + "\n" : "") + USAGE);
      return 2;
    }
    Path file = Path.of(files.get(0));
    String url = one(options, "url", "http://127.0.0.1:8080").replaceAll("/+$", "");
    try {
      return new Follow(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build(), url, token, out)
          .run(file, query(options), Duration.parse("PT" + one(options, "interval", "1s").toUpperCase(Locale.ROOT)),
              Duration.parse("PT" + one(options, "max-wait", "24h").toUpperCase(Locale.ROOT)));
    } catch (Exception e) {
      err.println("tally-batch: " + e.getMessage());
      return 2;
    }
  }

  private static String one(Map<String, List<String>> options, String name, String otherwise) {
    List<String> values = options.get(name);
    return values == null ? otherwise : values.get(values.size() - 1);
  }

  private static String query(Map<String, List<String>> options) {
    List<String> params = new ArrayList<>();
    for (String name : List.of("id", "source", "mode", "form", "from", "to", "attributes", "ignore")) {
      if (options.containsKey(name)) {
        params.add(name + "=" + encode(one(options, name, "")));
      }
    }
    for (String mapping : options.getOrDefault("map", List.of())) {
      String[] fieldColumn = mapping.split("=", 2);
      if (fieldColumn.length != 2) {
        throw new IllegalArgumentException("--map takes FIELD=COLUMN, not " + mapping);
      }
      params.add("map." + encode(fieldColumn[0]) + "=" + encode(fieldColumn[1]));
    }
    return String.join("&", params);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** One batch, posted and followed. */
  private record Follow(HttpClient http, String url, String token, PrintStream out) {

    private static final ObjectMapper JSON = new ObjectMapper();

    int run(Path file, String query, Duration interval, Duration maxWait) throws Exception {
      String contentType = file.toString().endsWith(".ndjson") || file.toString().endsWith(".jsonl")
          ? "application/x-ndjson" : "text/csv";
      HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/batches?" + query))
          .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
          .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode batch = JSON.readTree(posted.body());
      if (posted.statusCode() != 200 && posted.statusCode() != 202) {
        throw new IllegalStateException(posted.statusCode() + " " + batch.path("error").asText() + ": "
            + batch.path("detail").asText());
      }
      String id = batch.get("id").asText();
      out.println("batch " + id + " (" + batch.get("fileBytes").asLong() + " bytes, sha256 "
          + batch.get("contentHash").asText() + ")");
      long deadline = System.nanoTime() + maxWait.toNanos();
      while (!finished(batch)) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("batch " + id + " still " + batch.get("status").asText() + " after " + maxWait);
        }
        Thread.sleep(interval.toMillis());
        batch = JSON.readTree(get("/v1/batches/" + id));
        out.print("\r" + line(batch));
        out.flush();
      }
      out.println("\r" + line(batch));
      if (batch.has("error")) {
        JsonNode error = batch.get("error");
        out.println("stopped at line " + error.path("line").asLong() + ", column " + error.path("column").asLong()
            + ": " + error.path("code").asText() + ": " + error.path("detail").asText());
      }
      long rejected = batch.get("rejectionsKept").asLong();
      if (rejected > 0) {
        JsonNode page = JSON.readTree(get("/v1/batches/" + id + "/rejections?limit=" + REJECTIONS_SHOWN));
        page.get("rows").forEach(r -> out.println("  line " + r.get("line").asLong() + ", " + r.get("column").asText()
            + ": " + r.get("outcome").asText() + ": " + r.get("detail").asText()));
      }
      boolean differences = batch.has("statement") && report(id, batch.get("statement"));
      return batch.get("status").asText().equals("failed") ? 2 : rejected > 0 || differences ? 1 : 0;
    }

    /** Prints a statement's report and its first differences; whether it found any. */
    private boolean report(String id, JsonNode statement) throws Exception {
      out.println("statement (" + statement.get("form").asText() + "): " + statement.get("entitiesCompared").asLong()
          + " entities compared, " + statement.get("counts") + ", amount " + statement.path("statementAmount").asText()
          + " in the statement, " + statement.path("ledgerAmount").asText() + " in the ledger");
      if (statement.get("reconciled").asBoolean()) {
        out.println("reconciled: no differences");
        return false;
      }
      JsonNode page = JSON.readTree(get("/v1/batches/" + id + "/differences?limit=" + DIFFERENCES_SHOWN));
      page.get("differences").forEach(d -> out.println("  " + d.get("kind").asText() + " " + d.get("entityKey").asText()
          + " " + d.get("item").asText() + (d.has("line") ? " (line " + d.get("line").asLong() + ")" : "") + ": "
          + d.get("detail").asText()));
      return true;
    }

    private static boolean finished(JsonNode batch) {
      String status = batch.get("status").asText();
      return status.equals("done") || status.equals("failed");
    }

    private static String line(JsonNode batch) {
      double percent = batch.get("percentOfBytes").asDouble();
      int filled = (int) Math.round(percent / 100 * BAR_WIDTH);
      String comparing = batch.path("statement").path("phase").asText().equals("comparing")
          ? String.format(Locale.ROOT, "  comparing: %,d entities", batch.get("statement").get("entitiesCompared").asLong())
          : "";
      return String.format(Locale.ROOT, "[%s%s] %5.1f%%  %,d rows  %s rows/s  %s  %s%s", "#".repeat(filled),
          ".".repeat(BAR_WIDTH - filled), percent, batch.get("rows").asLong(),
          batch.has("rowsPerSecond") ? String.format(Locale.ROOT, "%,.0f", batch.get("rowsPerSecond").asDouble()) : "-",
          batch.get("outcomes"), batch.get("status").asText(), comparing);
    }

    private String get(String path) throws Exception {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(REQUEST_TIMEOUT)
          .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
      }
      return response.body();
    }
  }
}
