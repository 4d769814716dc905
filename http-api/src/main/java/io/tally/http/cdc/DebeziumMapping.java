package io.tally.http.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.ledger.AttributeValue;
import io.tally.ledger.ContractViolation;
import io.tally.ledger.EntityKeyRule;
import io.tally.ledger.EventType;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.ProposedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Maps one Debezium change event to a v1 ledger event, by the mapping configured for its table
 * ({@code tally.cdc.tables}): the row is the entity (its key columns the entity key), the change is
 * the event (a record for create, update and snapshot read; a tombstone for delete), its
 * idempotency key a function of where the change is in the database's log and of the row's key
 * ({@link ChangeKeys}), so that a change delivered twice is applied once. Stateless and
 * thread-safe; used by {@code POST /v1/cdc/debezium} and meant for a Kafka consumer as it is: give
 * it each record ({@link #map(ChangeMessage, String)}) and send the {@link MappedChange.Mapped}
 * events through the ingest.
 *
 * <p>Reads both forms Kafka Connect's JsonConverter writes: the envelope alone ({@code {"before",
 * "after", "source", "op", "ts_ms"}}) and with its schema ({@code {"schema", "payload"}}), whose
 * types let encoded decimals be read exactly. Truncates, Kafka tombstones, schema changes,
 * heartbeats, transaction markers and logical messages are skipped (counted, never applied).
 * Anything else is rejected naming the field (within the change event: {@code op}, {@code
 * source.table}, {@code after.balance}) and the rule, like a contract violation.
 */
public final class DebeziumMapping {

  /** Names a problem with the message as a whole. */
  public static final String WHOLE_CHANGE = "$";
  /** Input echoed in a message is cut here, so that an answer stays small whatever was sent. */
  private static final int ECHO_MAX = 64;
  private static final String SCHEMA = "schema";
  private static final String PAYLOAD = "payload";
  private static final String BEFORE = "before";
  private static final String AFTER = "after";
  private static final String SOURCE = "source";
  private static final String OP = "op";
  private static final String TS_MS = "ts_ms";
  private static final String KEY = "key";

  private final CdcSettings settings;
  private final DebeziumJson json;
  private final EntityKeyRule entityKeys;
  private final int entityKeyMaxLength;
  private final RowImage.Bounds bounds;

  /**
   * @throws IllegalArgumentException when a table's mapping cannot work under the contract (more
   *     attribute columns than an event may hold, a prefix no entity key may begin with)
   */
  public DebeziumMapping(CdcSettings settings, LedgerSettings.ContractLimits contract) {
    this.settings = settings;
    this.json = new DebeziumJson(settings.limits());
    this.entityKeys = new EntityKeyRule(contract.entityKeyMaxLength());
    this.entityKeyMaxLength = contract.entityKeyMaxLength();
    // A number's text is at most attribute-value-max-length characters, so its unscaled digits fit
    // in fewer bytes than that: a longer encoded decimal is refused before it is decoded.
    this.bounds = new RowImage.Bounds(settings.limits().maxNumberLength(), contract.attributeValueMaxLength(),
        contract.amountMaxPrecision(), contract.amountMaxScale(), settings.unavailableValuePlaceholder());
    for (TableMapping t : settings.tables().values()) {
      String where = "tally.cdc.tables.\"" + t.table() + "\": ";
      if (t.attributeColumns().size() > contract.maxAttributes()) {
        throw new IllegalArgumentException(where + t.attributeColumns().size() + " attribute columns; an event "
            + "holds at most tally.ledger.contract.max-attributes (" + contract.maxAttributes() + ")");
      }
      if (!t.entityKeyPrefix().isEmpty()) {
        entityKeys.check("entity-key-prefix", t.entityKeyPrefix() + "0").ifPresent(v -> {
          throw new IllegalArgumentException(where + "entity-key-prefix '" + t.entityKeyPrefix()
              + "' cannot begin an entity key: " + v.message());
        });
      }
    }
  }

  /** The reader of Debezium JSON under {@code tally.cdc.limits}. */
  public DebeziumJson json() {
    return json;
  }

  /**
   * One message as a Kafka consumer receives it.
   *
   * @param defaultSource the events' source when neither the table nor {@code
   *     tally.cdc.default-source} names one (over HTTP: the caller)
   */
  public MappedChange map(ChangeMessage message, String defaultSource) {
    if (message.value().isEmpty()) {
      return kafkaTombstone(message.origin());
    }
    JsonNode value;
    try {
      value = json.change(message.value().get());
    } catch (DebeziumJson.Unreadable e) {
      return rejected(new ContractViolation(WHOLE_CHANGE, e.code(), e.getMessage()), new Progress());
    }
    return map(message.origin(), value, () -> message.key().map(bytes -> {
      try {
        return json.change(bytes);
      } catch (DebeziumJson.Unreadable e) {
        throw new ChangeProblem(KEY, e.code(), "the record key: " + e.getMessage());
      }
    }), defaultSource);
  }

  /**
   * One change already read as JSON (a posted body, an element of a posted array).
   *
   * @param key the record key, when there is one (read only for a delete without {@code before})
   */
  public MappedChange map(String origin, JsonNode value, Optional<JsonNode> key, String defaultSource) {
    return map(origin, value, () -> key, defaultSource);
  }

  private MappedChange map(String origin, JsonNode value, Supplier<Optional<JsonNode>> key, String defaultSource) {
    Progress progress = new Progress();
    try {
      return change(origin, value, key, defaultSource, progress);
    } catch (ChangeProblem problem) {
      return rejected(problem.violation(), progress);
    }
  }

  /** What was worked out before a problem: said with the rejection, and kept in the quarantine. */
  private static final class Progress {
    private Optional<ChangeOp> op = Optional.empty();
    private Optional<String> table = Optional.empty();
    private Optional<String> entityKey = Optional.empty();
    private Optional<String> idempotencyKey = Optional.empty();
  }

  private static MappedChange rejected(ContractViolation violation, Progress p) {
    return new MappedChange.Rejected(violation, p.op, p.table, p.entityKey, p.idempotencyKey);
  }

  private MappedChange change(String origin, JsonNode value, Supplier<Optional<JsonNode>> key, String defaultSource,
      Progress progress) {
    if (value == null || value.isNull()) {
      return kafkaTombstone(origin);
    }
    if (!value.isObject()) {
      throw new ChangeProblem(WHOLE_CHANGE, "type", "a Debezium change event is a JSON object, not "
          + RowImage.kind(value));
    }
    JsonNode payload = value;
    JsonNode schema = null;
    if (value.size() == 2 && value.has(SCHEMA) && value.has(PAYLOAD)) {
      schema = value.get(SCHEMA);
      payload = value.get(PAYLOAD);
      if (payload.isNull()) {
        return kafkaTombstone(origin);
      }
      if (!payload.isObject()) {
        throw new ChangeProblem(PAYLOAD, "type", "payload must be the change event's object, not "
            + RowImage.kind(payload));
      }
    }
    JsonNode opNode = payload.get(OP);
    if (opNode == null || opNode.isNull()) {
      return notARowChange(payload);
    }
    if (!opNode.isTextual()) {
      throw new ChangeProblem(OP, "type", "op must be a string such as \"c\", not " + RowImage.kind(opNode));
    }
    ChangeOp op = ChangeOp.fromCode(opNode.textValue()).orElseThrow(() -> new ChangeProblem(OP, "enum",
        "op must be one of c (create), u (update), r (read), d (delete), t (truncate) or m (message); not '"
            + echo(opNode.textValue()) + "'"));
    progress.op = Optional.of(op);
    JsonNode source = payload.get(SOURCE);
    if (op == ChangeOp.MESSAGE) {
      return new MappedChange.Skipped(SkipReason.MESSAGE, progress.op, Optional.empty(),
          "a logical decoding message names no row: counted, never applied");
    }
    if (source == null || !source.isObject()) {
      throw new ChangeProblem(SOURCE, "required", "a change event names its table and its place in the database's "
          + "log in source, an object; it has " + (source == null ? "none" : RowImage.kind(source)));
    }
    String table = tableName(source);
    progress.table = Optional.of(table);
    if (op == ChangeOp.TRUNCATE) {
      return new MappedChange.Skipped(SkipReason.TRUNCATE, progress.op, progress.table, "table '" + table
          + "' was truncated: reported, never applied (the ledger keeps its entities; tombstone them one by one "
          + "if they are gone)");
    }
    TableMapping mapping = settings.table(table).orElseThrow(() -> new ChangeProblem(SOURCE + ".table", "unmapped",
        "table '" + table + "' is not mapped: configure tally.cdc.tables.\"" + table + "\", or leave the table "
            + "out of the connector's table.include.list"));
    if (op == ChangeOp.READ && !mapping.recordSnapshotReads()) {
      return new MappedChange.Skipped(SkipReason.SNAPSHOT_READ, progress.op, progress.table, "table '" + table
          + "' is mapped with snapshot-reads = skip: its snapshot reads are counted, never applied");
    }
    Instant eventTime = eventTime(source, payload);
    Map<String, JsonNode> types = rowTypes(schema);
    Optional<RowImage> before = image(BEFORE, payload, types);
    Optional<RowImage> after = image(AFTER, payload, types);
    RowImage row = op == ChangeOp.DELETE
        ? before.or(() -> keyImage(key.get())).orElseThrow(() -> new ChangeProblem(BEFORE, "required",
            "a delete names its row in before (or in the record key); this one has neither"))
        : after.orElseThrow(() -> new ChangeProblem(AFTER, "required", "a change with op " + op.code()
            + " carries the row in after; it is null"));
    List<String> keyValues = keyValues(mapping, row);
    String entityKey = entityKey(mapping, row, keyValues);
    progress.entityKey = Optional.of(entityKey);
    String position = op == ChangeOp.READ ? "" : ChangePosition.of(source, source.path("connector").asText(""));
    String idempotencyKey = ChangeKeys.idempotencyKey(table, op, position, keyValues);
    progress.idempotencyKey = Optional.of(idempotencyKey);
    String eventSource = mapping.source().or(settings::defaultSource).orElse(defaultSource);
    if (op == ChangeOp.DELETE) {
      return new MappedChange.Mapped(op, table, ProposedEvent.tombstone(entityKey, idempotencyKey, eventTime,
          eventSource));
    }
    BigDecimal amount = amount(mapping, op, before, row);
    Map<String, AttributeValue> attributes = new LinkedHashMap<>();
    for (String column : mapping.attributeColumns()) {
      row.attribute(column).ifPresent(v -> attributes.put(column, v));
    }
    return new MappedChange.Mapped(op, table, new ProposedEvent(entityKey, idempotencyKey, EventType.RECORD,
        eventTime, null, amount, attributes, null, eventSource, null));
  }

  private static MappedChange kafkaTombstone(String origin) {
    return new MappedChange.Skipped(SkipReason.KAFKA_TOMBSTONE, Optional.empty(), Optional.empty(),
        "a Kafka tombstone (null value) on " + origin + ": the compaction marker after a delete, which the delete "
            + "itself recorded");
  }

  /**
   * A message without {@code op}: one of the other messages a Debezium stream carries (skipped),
   * or not a change event at all.
   */
  private static MappedChange notARowChange(JsonNode payload) {
    if (payload.has("ddl") || payload.has("tableChanges")) {
      return new MappedChange.Skipped(SkipReason.SCHEMA_CHANGE, Optional.empty(), Optional.empty(),
          "a schema change event: counted, never applied");
    }
    JsonNode status = payload.get("status");
    if (status != null && (status.asText().equals("BEGIN") || status.asText().equals("END")) && payload.has("id")) {
      return new MappedChange.Skipped(SkipReason.TRANSACTION, Optional.empty(), Optional.empty(),
          "a transaction " + status.asText() + " marker: counted, never applied");
    }
    if (payload.size() == 1 && payload.has(TS_MS)) {
      return new MappedChange.Skipped(SkipReason.HEARTBEAT, Optional.empty(), Optional.empty(),
          "a heartbeat: counted, never applied");
    }
    throw new ChangeProblem(OP, "required", "not a Debezium change event: it has no op. A row flattened by the "
        + "ExtractNewRecordState transform has lost its op and position: send the full envelope");
  }

  /** {@code <db>.<schema>.<table>}, parts the source does not send left out. */
  private static String tableName(JsonNode source) {
    JsonNode table = source.get("table");
    if (table == null || !table.isTextual() || table.textValue().isEmpty()) {
      throw new ChangeProblem(SOURCE + ".table", "required", "source.table names the changed table; it is "
          + (table == null ? "missing" : RowImage.kind(table)));
    }
    List<String> parts = new ArrayList<>();
    for (String part : List.of("db", SCHEMA)) {
      JsonNode value = source.get(part);
      if (value != null && value.isTextual() && !value.textValue().isEmpty()) {
        parts.add(value.textValue());
      }
    }
    parts.add(table.textValue());
    return String.join(".", parts);
  }

  /** When the change was made in the database: {@code source.ts_ms}, else the envelope's {@code ts_ms}. */
  private static Instant eventTime(JsonNode source, JsonNode payload) {
    for (JsonNode holder : List.of(source, payload)) {
      JsonNode ts = holder.get(TS_MS);
      if (ts != null && !ts.isNull()) {
        if (!ts.isIntegralNumber() || !ts.canConvertToLong()) {
          throw new ChangeProblem(holder == source ? SOURCE + "." + TS_MS : TS_MS, "type",
              "ts_ms must be milliseconds since the epoch, an integer; not " + RowImage.kind(ts));
        }
        return Instant.ofEpochMilli(ts.longValue());
      }
    }
    throw new ChangeProblem(SOURCE + "." + TS_MS, "required", "the event time is source.ts_ms (when the change "
        + "was made), else ts_ms; this change has neither");
  }

  /** The row's column types from the envelope's schema: those of its {@code after} (or {@code before}) struct. */
  private static Map<String, JsonNode> rowTypes(JsonNode schema) {
    if (schema == null || !schema.isObject() || !schema.path("fields").isArray()) {
      return Map.of();
    }
    for (String image : List.of(AFTER, BEFORE)) {
      for (JsonNode field : schema.get("fields")) {
        if (image.equals(field.path("field").asText())) {
          return RowImage.columnTypes(field);
        }
      }
    }
    return Map.of();
  }

  private Optional<RowImage> image(String name, JsonNode payload, Map<String, JsonNode> types) {
    JsonNode row = payload.get(name);
    if (row == null || row.isNull()) {
      return Optional.empty();
    }
    if (!row.isObject()) {
      throw new ChangeProblem(name, "type", name + " must be the row as an object, or null; not "
          + RowImage.kind(row));
    }
    return Optional.of(new RowImage(name, row, types, bounds));
  }

  /** The record key (the row's key columns), in either JsonConverter form. */
  private Optional<RowImage> keyImage(Optional<JsonNode> key) {
    if (key.isEmpty() || key.get().isNull()) {
      return Optional.empty();
    }
    JsonNode k = key.get();
    if (k.isObject() && k.size() == 2 && k.has(SCHEMA) && k.has(PAYLOAD)) {
      JsonNode payload = k.get(PAYLOAD);
      if (!payload.isObject()) {
        throw new ChangeProblem(KEY, "type", "the record key's payload must be an object, not "
            + RowImage.kind(payload));
      }
      return Optional.of(new RowImage(KEY, payload, RowImage.columnTypes(k.get(SCHEMA)), bounds));
    }
    if (!k.isObject()) {
      throw new ChangeProblem(KEY, "type", "the record key must be an object of key columns, not " + RowImage.kind(k));
    }
    return Optional.of(new RowImage(KEY, k, Map.of(), bounds));
  }

  private List<String> keyValues(TableMapping mapping, RowImage row) {
    List<String> values = new ArrayList<>(mapping.keyColumns().size());
    boolean composite = mapping.keyColumns().size() > 1;
    for (String column : mapping.keyColumns()) {
      String value = row.keyText(column, entityKeyMaxLength);
      if (composite && value.isEmpty()) {
        throw new ChangeProblem(row.name() + "." + column, "empty", "key column '" + column + "' is empty; the "
            + "values of a composite key are joined with '" + TableMapping.KEY_SEPARATOR + "' and none may be empty");
      }
      if (composite && value.contains(TableMapping.KEY_SEPARATOR)) {
        throw new ChangeProblem(row.name() + "." + column, "separator", "key column '" + column + "' holds '"
            + TableMapping.KEY_SEPARATOR + "' ('" + echo(value) + "'), which joins the values of a composite key: "
            + "two rows could map to one entity");
      }
      values.add(value);
    }
    return values;
  }

  private String entityKey(TableMapping mapping, RowImage row, List<String> values) {
    String key = mapping.entityKeyPrefix() + String.join(TableMapping.KEY_SEPARATOR, values);
    Optional<ContractViolation> bad = entityKeys.check(EntityKeyRule.FIELD, key);
    if (bad.isPresent()) {
      String field = mapping.keyColumns().size() == 1 ? row.name() + "." + mapping.keyColumns().get(0) : row.name();
      String columns = values.size() == 1 ? "key column " + mapping.keyColumns().get(0) + " makes"
          : "key columns " + String.join(", ", mapping.keyColumns()) + " make";
      throw new ChangeProblem(field, "entity-key", columns + " entity key '" + echo(key) + "', which is not "
          + "one: " + bad.get().message());
    }
    return key;
  }

  /**
   * The event's amount: the row's for a create and a snapshot read, and for an update either the
   * row's ({@code amount = value}) or its change ({@code amount = delta}: after - before, SQL NULL
   * counting as 0).
   */
  private static BigDecimal amount(TableMapping mapping, ChangeOp op, Optional<RowImage> before, RowImage after) {
    if (mapping.amountColumn().isEmpty()) {
      return null;
    }
    String column = mapping.amountColumn().get();
    Optional<BigDecimal> now = after.amount(column);
    if (op != ChangeOp.UPDATE || mapping.amountMode() == AmountMode.VALUE) {
      return now.orElse(null);
    }
    if (before.isEmpty() || !before.get().has(column)) {
      throw new ChangeProblem(before.isEmpty() ? BEFORE : BEFORE + "." + column, "required", "amount = delta records "
          + "an update's change of " + column + " (after - before), and this update does not carry the previous "
          + column + ": capture whole rows before the change (Postgres: ALTER TABLE ... REPLICA IDENTITY FULL; "
          + "MySQL: binlog_row_image = FULL), or map the table with amount = value");
    }
    BigDecimal was = before.get().amount(column).orElse(BigDecimal.ZERO);
    return now.orElse(BigDecimal.ZERO).subtract(was);
  }

  private static String echo(String text) {
    return text.length() <= ECHO_MAX ? text : text.substring(0, ECHO_MAX) + "…";
  }
}
