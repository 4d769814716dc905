package io.tally.cluster.server;

import java.io.IOException;
import java.io.InputStream;

/**
 * Entry point of the dev/test Cassandra JVM. It runs Cassandra's own daemon and, beside it, watches
 * standard input: the launcher holds the other end of that pipe, so end-of-file means the launching
 * JVM is gone (even after SIGKILL) and the node must not outlive it as an orphan.
 *
 * <p>Compiled against the JDK only; Cassandra is reached by reflection so that this class can live
 * in a jar that carries none of Cassandra's dependencies.
 */
public final class CassandraNodeMain {

  private static final String DAEMON = "org.apache.cassandra.service.CassandraDaemon";
  /** Exit status when the parent vanished; distinct so the logs tell it apart from a crash. */
  private static final int PARENT_GONE_EXIT = 3;

  private CassandraNodeMain() {}

  public static void main(String[] args) throws Exception {
    if (Boolean.getBoolean("tally.cassandra.watch-parent")) {
      Thread watchdog = new Thread(CassandraNodeMain::exitWhenParentGone, "tally-parent-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
    }
    Class.forName(DAEMON).getMethod("main", String[].class).invoke(null, (Object) args);
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
    System.err.println("tally: launching process is gone; stopping Cassandra");
    System.exit(PARENT_GONE_EXIT);
  }
}
