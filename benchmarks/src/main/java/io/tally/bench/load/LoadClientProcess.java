package io.tally.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one cell in a load-client JVM of its own ({@link LoadClientMain}): the harness's classpath
 * and JDK, its own heap, and one GC thread so that the client takes as little of the machine's
 * cores from the node and Cassandra as it can. The client's standard error (its failures) goes to
 * the harness's; its standard output, to a file read once it exits, holds the result line. The
 * wait is bounded: the cell's length, the client's drain, and its start.
 */
public final class LoadClientProcess {

  /** The client's heap: its live set is a few thousand requests' bodies at most. */
  public static final String CLIENT_HEAP = "512m";
  /** Extra JVM options for the client (e.g. a flight recording), as BENCH_JAVA_OPTS are for the harness. */
  public static final String OPTIONS_VARIABLE = "BENCH_CLIENT_JAVA_OPTS";
  /** Start-up and exit of the client JVM, on top of the cell and its drain. */
  private static final Duration JVM_ALLOWANCE = Duration.ofSeconds(30);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private final String token;

  public LoadClientProcess(String token) {
    this.token = token;
  }

  public LoadResult run(LoadSpec spec) throws InterruptedException {
    Path output = temporaryFile();
    try {
      ProcessBuilder builder = new ProcessBuilder(command(spec))
          .redirectOutput(output.toFile())
          .redirectError(ProcessBuilder.Redirect.INHERIT);
      builder.environment().put(LoadSpec.TOKEN_VARIABLE, token);
      Process client = builder.start();
      Duration bound = spec.warmUp().plus(spec.measured()).plus(ClosedLoop.DRAIN_TIMEOUT).plus(JVM_ALLOWANCE);
      if (!client.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        client.destroyForcibly().waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        throw new IllegalStateException("load client " + spec.cell() + " did not finish within " + bound);
      }
      List<String> lines = Files.readAllLines(output);
      if (client.exitValue() != 0) {
        throw new IllegalStateException("load client " + spec.cell() + " exited with " + client.exitValue());
      }
      return LoadResultLine.parse(lines);
    } catch (IOException e) {
      throw new UncheckedIOException("load client " + spec.cell(), e);
    } finally {
      delete(output);
    }
  }

  static List<String> command(LoadSpec spec, String java, String classpath, String extraOptions) {
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + CLIENT_HEAP, "-Xms" + CLIENT_HEAP,
        "-XX:+UseSerialGC",
        // As the harness: idle connections dropped before the server's 60 s idle timeout closes them.
        "-Djdk.httpclient.keepalive.timeout=30",
        "-Dlogback.configurationFile=logback-bench.xml"));
    for (String option : extraOptions.trim().split("\\s+")) {
      if (!option.isEmpty()) {
        command.add(option);
      }
    }
    command.addAll(List.of("-cp", classpath, LoadClientMain.class.getName()));
    command.addAll(spec.args());
    return command;
  }

  private static List<String> command(LoadSpec spec) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String extra = System.getenv().getOrDefault(OPTIONS_VARIABLE, "");
    return command(spec, java, System.getProperty("java.class.path"), extra);
  }

  private static Path temporaryFile() {
    try {
      return Files.createTempFile("tally-load-client-", ".out");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      System.err.println("could not delete " + file + ": " + e);
    }
  }
}
