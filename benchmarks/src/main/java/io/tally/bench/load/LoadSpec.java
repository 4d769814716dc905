package io.tally.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the load client is told on its command line: where to send, the cell, how long, and, for
 * an open loop, the rate. {@code run} names its entities (the keys' prefix); {@code firstEvent}
 * numbers its events (idempotency keys {@code bench-<n>}), so that loads sharing entities never
 * send a key twice. The token is not an argument (a command line is visible to every user): the
 * client reads it from {@value #TOKEN_VARIABLE}.
 *
 * <pre>
 * --url http://127.0.0.1:PORT --shape entity|spread --concurrency N (0 = open loop) --batch N
 * --warm-up-ms N --measured-ms N [--rate EVENTS_PER_S] --run NAME --first-event N
 * </pre>
 */
public record LoadSpec(String url, LoadCell cell, double rate, Duration warmUp, Duration measured, String run,
    long firstEvent) {

  public static final String TOKEN_VARIABLE = "TALLY_BENCH_TOKEN";
  /** Only this machine: the harness never sends anywhere else. */
  private static final String LOOPBACK = "http://127.0.0.1:";

  public LoadSpec {
    if (!url.startsWith(LOOPBACK)) {
      throw new IllegalArgumentException("the load client sends to 127.0.0.1 only, not " + url);
    }
    if (cell.openLoop() != rate > 0) {
      throw new IllegalArgumentException("an open loop (concurrency 0) needs a rate, a closed loop none: "
          + cell + ", rate " + rate);
    }
  }

  public List<String> args() {
    List<String> args = new ArrayList<>(List.of(
        "--url", url,
        "--shape", cell.shape().name().toLowerCase(java.util.Locale.ROOT),
        "--concurrency", Integer.toString(cell.concurrency()),
        "--batch", Integer.toString(cell.batchSize()),
        "--warm-up-ms", Long.toString(warmUp.toMillis()),
        "--measured-ms", Long.toString(measured.toMillis()),
        "--run", run,
        "--first-event", Long.toString(firstEvent)));
    if (rate > 0) {
      args.addAll(List.of("--rate", Double.toString(rate)));
    }
    return args;
  }

  public static LoadSpec parse(String... args) {
    String url = null;
    LoadCell.Shape shape = LoadCell.Shape.ENTITY;
    int concurrency = -1;
    int batch = 1;
    Duration warmUp = Duration.ZERO;
    Duration measured = null;
    double rate = 0;
    String run = null;
    long firstEvent = 0;
    for (int i = 0; i < args.length; i++) {
      String value = value(args, ++i);
      switch (args[i - 1]) {
        case "--url" -> url = value;
        case "--shape" -> shape = LoadCell.Shape.parse(value);
        case "--concurrency" -> concurrency = Integer.parseInt(value);
        case "--batch" -> batch = Integer.parseInt(value);
        case "--warm-up-ms" -> warmUp = Duration.ofMillis(Long.parseLong(value));
        case "--measured-ms" -> measured = Duration.ofMillis(Long.parseLong(value));
        case "--rate" -> rate = Double.parseDouble(value);
        case "--run" -> run = value;
        case "--first-event" -> firstEvent = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + " (see LoadSpec)");
      }
    }
    if (url == null || concurrency < 0 || measured == null || run == null) {
      throw new IllegalArgumentException("--url, --concurrency, --measured-ms and --run are required");
    }
    return new LoadSpec(url, new LoadCell(shape, concurrency, batch), rate, warmUp, measured, run, firstEvent);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
