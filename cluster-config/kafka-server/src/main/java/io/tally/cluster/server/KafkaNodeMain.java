package io.tally.cluster.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;

/**
 * Entry point of the dev/test Kafka broker's JVM: formats the broker's storage when the launcher
 * asks for it (what {@code kafka-storage.sh format} does), then runs the broker ({@code
 * kafka-server-start.sh}) in this same JVM, so a first start costs one JVM, not two.
 *
 * <p>Arguments: {@code <server.properties> [<cluster id>]}; the cluster id is given only when the
 * storage is not formatted yet (the launcher looks for {@code meta.properties}).
 *
 * <p>Beside the broker it watches standard input: the launcher holds the other end of that pipe, so
 * end-of-file means the launching JVM is gone (even after SIGKILL) and the broker must not outlive
 * it as an orphan. Exiting runs Kafka's own shutdown hook, which closes the logs cleanly.
 *
 * <p>Compiled against the JDK only; Kafka is reached by reflection so that this class can live in a
 * jar that carries none of Kafka's dependencies.
 */
public final class KafkaNodeMain {

  private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
  private static final String BROKER = "kafka.Kafka";
  /** Exit status when the parent vanished; distinct so the logs tell it apart from a crash. */
  private static final int PARENT_GONE_EXIT = 3;
  /** Exit status when formatting the storage failed; the broker was not started. */
  private static final int FORMAT_FAILED_EXIT = 4;
  /** Exit status for arguments this class does not understand. */
  private static final int USAGE_EXIT = 2;

  private KafkaNodeMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: KafkaNodeMain <server.properties> [<cluster id to format with>]");
      System.exit(USAGE_EXIT);
    }
    if (Boolean.getBoolean("tally.kafka.watch-parent")) {
      Thread watchdog = new Thread(KafkaNodeMain::exitWhenParentGone, "tally-parent-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
    }
    String serverProperties = args[0];
    if (args.length == 2) {
      int status = format(serverProperties, args[1]);
      if (status != 0) {
        System.err.println("tally: formatting the Kafka storage failed with status " + status);
        System.exit(FORMAT_FAILED_EXIT);
      }
    }
    Class.forName(BROKER).getMethod("main", String[].class).invoke(null, (Object) new String[] {
      serverProperties
    });
  }

  /**
   * {@code kafka-storage format}, through {@code StorageTool.execute}: unlike its {@code main}, it
   * returns a status instead of exiting the JVM.
   */
  private static int format(String serverProperties, String clusterId) throws Exception {
    String[] arguments = {"format", "--config", serverProperties, "--cluster-id", clusterId};
    try {
      Object status =
          Class.forName(STORAGE_TOOL)
              .getMethod("execute", String[].class, PrintStream.class)
              .invoke(null, arguments, System.out);
      return (Integer) status;
    } catch (InvocationTargetException e) {
      // FormatterException, TerseFailure: the tool's main prints the message and exits with 1.
      e.getCause().printStackTrace();
      return 1;
    }
  }

  private static void exitWhenParentGone() {
    try (InputStream in = System.in) {
      byte[] buffer = new byte[64];
      while (in.read(buffer) >= 0) {
        // The launcher never writes; any bytes are ignored.
      }
    } catch (IOException e) {
      // A broken pipe means the same as end-of-file: the parent is gone.
    }
    System.err.println("tally: launching process is gone; stopping Kafka");
    System.exit(PARENT_GONE_EXIT);
  }
}
