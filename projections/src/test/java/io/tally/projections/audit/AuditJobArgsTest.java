package io.tally.projections.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class AuditJobArgsTest {

  @Test
  public void parsesEveryOption() {
    AuditJobArgs args = AuditJobArgs.parse("--contact-point", "127.0.0.1:9042,127.0.0.1:9142", "--keyspace", "prod",
        "--from-key", "a", "--to-key", "m", "--since", "2026-11-01T00:00:00Z", "--until", "2026-11-02T00:00:00Z",
        "--report", "/tmp/r.json", "--no-snapshots", "--datacenter", "dc2", "--views-keyspace", "prod_read");
    assertEquals(List.of("127.0.0.1:9042", "127.0.0.1:9142"), args.contactPoints());
    assertEquals("prod_snapshot", args.snapshotKeyspace());
    assertEquals("prod_read", args.viewsKeyspace());
    assertEquals("the read side's keyspace beside the journal's", "prod_views",
        AuditJobArgs.parse("--contact-point", "127.0.0.1:9042", "--keyspace", "prod").viewsKeyspace());
    assertEquals(new AuditScope("a", "m", Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z")),
        args.scope());
    assertEquals(Path.of("/tmp/r.json"), args.report());
    assertEquals("dc2", args.datacenter());
    assertTrue(!args.compareSnapshots());
  }

  @Test
  public void rejectsBadInputNamingTheOption() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> AuditJobArgs.parse("--keyspace", "x"))
        .getMessage().contains("--contact-point"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> AuditJobArgs.parse("--contact-point", "h:1", "--since", "yesterday")).getMessage().contains("--since"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> AuditJobArgs.parse("--contact-point", "h:1", "--from-key", "z", "--to-key", "a")).getMessage().contains("fromKey"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> AuditJobArgs.parse("--contact-point", "h:1", "--bogus", "1")).getMessage().contains("--bogus"));
  }
}
