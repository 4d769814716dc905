package io.tally.http.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a change is in its database's log, from the change's {@code source} block, as text: the
 * same for every delivery of the change (a redelivery, a replay after the connector restarts from
 * an older offset, the same change read from Kafka instead of HTTP), different for two changes.
 * Per connector ({@code source.connector}):
 *
 * <ul>
 *   <li>{@code postgresql}: {@code lsn} (required) and {@code txId}
 *   <li>{@code mysql}, {@code mariadb}: {@code file} and {@code pos} (required) and {@code row} (a
 *       binlog event holds several rows)
 *   <li>{@code sqlserver}: {@code change_lsn} and {@code commit_lsn} (required) and {@code
 *       event_serial_no} (an update's before and after share a change_lsn)
 *   <li>any other: every scalar field of {@code source} but those that describe rather than place
 *       the change ({@link #DESCRIPTIVE}); at least one
 * </ul>
 *
 * The text is {@code name=value} per field present, in that order (the generic ones by name),
 * joined with {@code ,}.
 */
final class ChangePosition {

  private record Fields(List<String> required, List<String> optional) {}

  private static final Map<String, Fields> BY_CONNECTOR = Map.of(
      "postgresql", new Fields(List.of("lsn"), List.of("txId")),
      "mysql", new Fields(List.of("file", "pos"), List.of("row")),
      "mariadb", new Fields(List.of("file", "pos"), List.of("row")),
      "sqlserver", new Fields(List.of("change_lsn", "commit_lsn"), List.of("event_serial_no")));

  /**
   * Fields of {@code source} that say what and when, not where: left out of a generic position.
   * {@code version} changes with a Debezium upgrade, and a position must not.
   */
  static final Set<String> DESCRIPTIVE = Set.of("version", "connector", "name", "ts_ms", "ts_us", "ts_ns",
      "snapshot", "db", "schema", "table", "collection", "sequence", "query");

  private ChangePosition() {}

  /**
   * The position of the change {@code source} describes.
   *
   * @throws ChangeProblem naming the missing field when there is none
   */
  static String of(JsonNode source, String connector) {
    Fields fields = BY_CONNECTOR.get(connector);
    List<String> parts = new ArrayList<>();
    if (fields != null) {
      for (String name : fields.required()) {
        if (!present(source, name)) {
          throw new ChangeProblem("source." + name, "position", "a " + connector + " change is placed by source."
              + String.join(" and source.", fields.required()) + "; source." + name + " is missing");
        }
        parts.add(part(source, name));
      }
      for (String name : fields.optional()) {
        if (present(source, name)) {
          parts.add(part(source, name));
        }
      }
      return String.join(",", parts);
    }
    Set<String> names = new TreeSet<>();
    for (Iterator<String> it = source.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!DESCRIPTIVE.contains(name) && present(source, name)) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      throw new ChangeProblem("source", "position", "source holds no field that places the change in the "
          + "database's log (connector '" + connector + "'); the idempotency key needs one");
    }
    names.forEach(name -> parts.add(part(source, name)));
    return String.join(",", parts);
  }

  private static boolean present(JsonNode source, String name) {
    JsonNode value = source.get(name);
    return value != null && !value.isNull() && value.isValueNode();
  }

  private static String part(JsonNode source, String name) {
    return name + "=" + source.get(name).asText();
  }
}
