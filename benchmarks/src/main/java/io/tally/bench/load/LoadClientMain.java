package io.tally.bench.load;

import java.time.Clock;

/**
 * The HTTP load client, in a JVM of its own (started by {@link LoadClientProcess}): so that its
 * threads, allocation and GC do not run inside the node it measures. Runs one cell against the
 * node ({@link LoadSpec} on the command line, the token in {@value LoadSpec#TOKEN_VARIABLE}) and
 * prints its result as one {@link LoadResultLine}. It stops with the harness: it exits if its
 * parent process does.
 */
public final class LoadClientMain {

  /** The writer's name in the tables: Tally over HTTP. */
  public static final String WRITER = "tally-http";
  private static final int PARENT_GONE = 3;
  private static final int FAILED = 1;

  private LoadClientMain() {}

  public static void main(String[] args) {
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(PARENT_GONE)));
    try {
      LoadSpec spec = LoadSpec.parse(args);
      String token = System.getenv(LoadSpec.TOKEN_VARIABLE);
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException(LoadSpec.TOKEN_VARIABLE + " is not set");
      }
      System.out.println(LoadResultLine.of(run(spec, token)));
      System.out.flush();
      System.exit(0);
    } catch (Exception e) {
      System.err.println("load client: " + e);
      System.exit(FAILED);
    }
  }

  static LoadResult run(LoadSpec spec, String token) throws InterruptedException {
    HttpIngestClient client = new HttpIngestClient(spec.url(), token);
    IngestRequests requests = new IngestRequests(spec, Clock.systemUTC());
    if (spec.cell().openLoop()) {
      return OpenLoop.run(WRITER, spec.cell(), spec.rate(), spec.warmUp(), spec.measured(),
          n -> client.sendAsync(requests.openLoop(n)));
    }
    return ClosedLoop.run(WRITER, spec.cell(), spec.warmUp(), spec.measured(),
        (worker, n) -> client.send(requests.closedLoop(worker, n)));
  }
}
