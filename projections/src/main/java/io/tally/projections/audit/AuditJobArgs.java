package io.tally.projections.audit;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link AuditJob}, parsed and validated.
 *
 * @param viewsKeyspace where the reconciliation checkpoints are (the read side's keyspace)
 */
public record AuditJobArgs(
    List<String> contactPoints,
    String datacenter,
    String keyspace,
    String snapshotKeyspace,
    String viewsKeyspace,
    AuditScope scope,
    Path report,
    boolean compareSnapshots) {

  public static final String USAGE = String.join(System.lineSeparator(),
      "usage: AuditJob --contact-point host:port [--contact-point ...] [--datacenter datacenter1]",
      "                [--keyspace tally] [--snapshot-keyspace <keyspace>_snapshot]",
      "                [--views-keyspace <keyspace>_views]",
      "                [--from-key K] [--to-key K] [--since ISO-instant] [--until ISO-instant]",
      "                [--report audit-report.json] [--no-snapshots]",
      "exit status: 0 clean, 1 findings, 2 usage or run error");

  public static AuditJobArgs parse(String... args) {
    List<String> contactPoints = new ArrayList<>();
    String datacenter = "datacenter1";
    String keyspace = "tally";
    String snapshotKeyspace = null;
    String viewsKeyspace = null;
    String fromKey = null;
    String toKey = null;
    Instant since = null;
    Instant until = null;
    Path report = Path.of("audit-report.json");
    boolean snapshots = true;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--no-snapshots")) {
        snapshots = false;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String value = args[++i];
      switch (name) {
        case "--contact-point" -> contactPoints.addAll(List.of(value.split(",")));
        case "--datacenter" -> datacenter = value;
        case "--keyspace" -> keyspace = value;
        case "--snapshot-keyspace" -> snapshotKeyspace = value;
        case "--views-keyspace" -> viewsKeyspace = value;
        case "--from-key" -> fromKey = value;
        case "--to-key" -> toKey = value;
        case "--since" -> since = instant(name, value);
        case "--until" -> until = instant(name, value);
        case "--report" -> report = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    if (contactPoints.isEmpty()) {
      throw new IllegalArgumentException("--contact-point is required");
    }
    return new AuditJobArgs(List.copyOf(contactPoints), datacenter, keyspace,
        snapshotKeyspace == null ? keyspace + "_snapshot" : snapshotKeyspace,
        viewsKeyspace == null ? keyspace + "_views" : viewsKeyspace,
        new AuditScope(fromKey, toKey, since, until), report, snapshots);
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an ISO-8601 instant, e.g. 2026-11-21T12:00:00Z");
    }
  }
}
