package io.tally.http.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;

/**
 * Debezium change events as Kafka Connect's JsonConverter writes them, for tests: a Postgres table
 * of balances (shop.public.accounts), a MySQL table of entries with a composite key
 * (shop.entries), with or without the schema part.
 */
public final class Changes {

  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** When the changes were made: a minute before the route fixture's clock. */
  public static final Instant CHANGED_AT = Instant.parse("2026-11-21T11:59:00Z");
  /** When Debezium processed them (the envelope's ts_ms): after the change. */
  public static final Instant PROCESSED_AT = CHANGED_AT.plusMillis(250);
  /** The scale of the accounts' balance column (NUMERIC(12, 2)). */
  public static final int BALANCE_SCALE = 2;

  /** The tables the tests map. */
  public static final Config TABLES = ConfigFactory.parseString("""
      tally.cdc.tables {
        "shop.public.accounts" {
          key-columns = ["id"]
          entity-key-prefix = "account/"
          amount-column = "balance"
          attribute-columns = ["currency"]
        }
        "shop.public.meters" { key-columns = ["id"], entity-key-prefix = "meter/", amount-column = "reading",
          amount = value }
        "shop.entries" { key-columns = ["tenant", "id"], amount-column = "amount" }
        "shop.public.imported" { key-columns = ["id"], snapshot-reads = skip, source = "erp" }
      }
      """);

  private Changes() {}

  public static CdcSettings settings(Config overrides) {
    return CdcSettings.fromConfig(overrides.withFallback(TABLES).withFallback(ConfigFactory.load()));
  }

  /** A row of shop.public.accounts; a null balance or currency is SQL NULL. */
  public static ObjectNode account(long id, String balance, String currency) {
    ObjectNode row = NODES.objectNode();
    row.put("id", id);
    if (balance == null) {
      row.putNull("balance");
    } else {
      row.put("balance", balance);
    }
    row.put("currency", currency);
    row.put("note", "a column the mapping does not name");
    return row;
  }

  /** A change of shop.public.accounts (or of {@code table} in schema public) at {@code lsn}. */
  public static ObjectNode postgres(String table, String op, long lsn, JsonNode before, JsonNode after) {
    ObjectNode source = NODES.objectNode();
    source.put("version", "2.5.0.Final");
    source.put("connector", "postgresql");
    source.put("name", "shop");
    source.put("ts_ms", CHANGED_AT.toEpochMilli());
    source.put("snapshot", op.equals("r") ? "true" : "false");
    source.put("db", "shop");
    source.put("sequence", "[null,\"" + lsn + "\"]");
    source.put("schema", "public");
    source.put("table", table);
    source.put("txId", 771);
    source.put("lsn", lsn);
    source.putNull("xmin");
    return envelope(op, before, after, source);
  }

  public static ObjectNode postgres(String op, long lsn, JsonNode before, JsonNode after) {
    return postgres("accounts", op, lsn, before, after);
  }

  /** A row of shop.entries, keyed by (tenant, id). */
  public static ObjectNode entry(String tenant, long id, String amount) {
    ObjectNode row = NODES.objectNode();
    row.put("tenant", tenant);
    row.put("id", id);
    row.put("amount", amount);
    return row;
  }

  /** A change of shop.entries at binlog {@code file}:{@code pos}, row {@code row} of its event. */
  public static ObjectNode mysql(String op, String file, long pos, int row, JsonNode before, JsonNode after) {
    ObjectNode source = NODES.objectNode();
    source.put("version", "2.5.0.Final");
    source.put("connector", "mysql");
    source.put("name", "shop");
    source.put("ts_ms", CHANGED_AT.toEpochMilli());
    source.put("snapshot", "false");
    source.put("db", "shop");
    source.putNull("sequence");
    source.put("table", "entries");
    source.put("server_id", 223344);
    source.putNull("gtid");
    source.put("file", file);
    source.put("pos", pos);
    source.put("row", row);
    source.put("thread", 7);
    source.putNull("query");
    return envelope(op, before, after, source);
  }

  private static ObjectNode envelope(String op, JsonNode before, JsonNode after, ObjectNode source) {
    ObjectNode change = NODES.objectNode();
    change.set("before", before == null ? NODES.nullNode() : before);
    change.set("after", after == null ? NODES.nullNode() : after);
    change.set("source", source);
    change.put("op", op);
    change.put("ts_ms", PROCESSED_AT.toEpochMilli());
    change.putNull("transaction");
    return change;
  }

  /**
   * {@code change} of shop.public.accounts as JsonConverter writes it with schemas: the schema part
   * first, and the balance as the base64 bytes of its unscaled value (decimal.handling.mode =
   * precise, Debezium's default).
   */
  public static ObjectNode withSchema(ObjectNode change) {
    ObjectNode payload = change.deepCopy();
    for (String image : new String[] {"before", "after"}) {
      if (payload.get(image).isObject() && payload.get(image).get("balance").isTextual()) {
        BigDecimal balance = new BigDecimal(payload.get(image).get("balance").textValue()).setScale(BALANCE_SCALE);
        ((ObjectNode) payload.get(image)).put("balance",
            Base64.getEncoder().encodeToString(balance.unscaledValue().toByteArray()));
      }
    }
    ObjectNode schema = NODES.objectNode();
    schema.put("type", "struct");
    ArrayNode fields = schema.putArray("fields");
    fields.add(rowSchema("before"));
    fields.add(rowSchema("after"));
    ObjectNode source = fields.addObject();
    source.put("type", "struct");
    source.putArray("fields").addObject().put("type", "string").put("optional", false).put("field", "connector");
    source.put("optional", false).put("name", "io.debezium.connector.postgresql.Source").put("field", "source");
    fields.addObject().put("type", "string").put("optional", false).put("field", "op");
    fields.addObject().put("type", "int64").put("optional", true).put("field", "ts_ms");
    schema.put("optional", false).put("name", "shop.public.accounts.Envelope").put("version", 1);
    ObjectNode message = NODES.objectNode();
    message.set("schema", schema);
    message.set("payload", payload);
    return message;
  }

  private static ObjectNode rowSchema(String field) {
    ObjectNode row = NODES.objectNode();
    row.put("type", "struct");
    ArrayNode columns = row.putArray("fields");
    columns.addObject().put("type", "int64").put("optional", false).put("field", "id");
    ObjectNode balance = columns.addObject().put("type", "bytes").put("optional", true)
        .put("name", "org.apache.kafka.connect.data.Decimal").put("version", 1);
    balance.putObject("parameters").put("scale", Integer.toString(BALANCE_SCALE))
        .put("connect.decimal.precision", "12");
    balance.put("field", "balance");
    columns.addObject().put("type", "string").put("optional", true).put("field", "currency");
    columns.addObject().put("type", "string").put("optional", true).put("field", "note");
    row.put("optional", true).put("name", "shop.public.accounts.Value").put("field", field);
    return row;
  }

  /** The record key of an accounts row, with its schema (as Kafka carries it). */
  public static ObjectNode accountKey(long id) {
    ObjectNode key = NODES.objectNode();
    ObjectNode schema = key.putObject("schema");
    schema.put("type", "struct");
    schema.putArray("fields").addObject().put("type", "int64").put("optional", false).put("field", "id");
    schema.put("optional", false).put("name", "shop.public.accounts.Key");
    key.putObject("payload").put("id", id);
    return key;
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
