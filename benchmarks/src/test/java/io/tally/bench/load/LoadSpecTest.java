package io.tally.bench.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.Test;

public class LoadSpecTest {

  @Test
  public void aSpecSurvivesTheClientsCommandLine() {
    LoadSpec closed = new LoadSpec("http://127.0.0.1:18080", new LoadCell(LoadCell.Shape.SPREAD, 256, 100), 0,
        Duration.ofSeconds(3), Duration.ofSeconds(8), "spread", 3_000_000_000L);
    assertEquals(closed, LoadSpec.parse(closed.args().toArray(String[]::new)));
    LoadSpec open = new LoadSpec("http://127.0.0.1:18080", new LoadCell(LoadCell.Shape.ENTITY, 0, 1), 1_234.5,
        Duration.ofSeconds(3), Duration.ofSeconds(8), "open", 0);
    assertEquals(open, LoadSpec.parse(open.args().toArray(String[]::new)));
  }

  @Test(expected = IllegalArgumentException.class)
  public void theClientSendsToLoopbackOnly() {
    LoadSpec.parse("--url", "http://example.org:8080", "--concurrency", "8", "--measured-ms", "1000", "--run", "x");
  }

  @Test(expected = IllegalArgumentException.class)
  public void anOpenLoopNeedsARate() {
    LoadSpec.parse("--url", "http://127.0.0.1:8080", "--concurrency", "0", "--measured-ms", "1000", "--run", "x");
  }

  @Test
  public void theClientsJvmIsItsOwnAndTheTokenNeverOnItsCommandLine() {
    LoadSpec spec = new LoadSpec("http://127.0.0.1:18080", new LoadCell(8, 1), 0, Duration.ofSeconds(1),
        Duration.ofSeconds(2), "ingest-tally-http", 0);
    List<String> command = LoadClientProcess.command(spec, "/jdk/bin/java", "a.jar:b.jar", " -XX:+FlightRecorder  ");
    assertEquals("/jdk/bin/java", command.get(0));
    assertTrue(command.contains("-Xmx" + LoadClientProcess.CLIENT_HEAP));
    assertTrue(command.contains("-XX:+FlightRecorder"));
    assertFalse(command.contains(""));
    assertEquals(LoadClientMain.class.getName(), command.get(command.indexOf("a.jar:b.jar") + 1));
    assertFalse(String.join(" ", command).contains("token"));
  }
}
