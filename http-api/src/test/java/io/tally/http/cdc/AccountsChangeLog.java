package io.tally.http.cdc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A Postgres balance table (shop.public.accounts) as Debezium writes its changes to a Kafka topic,
 * for tests: each row's history (creates, updates, deletes with their Kafka tombstones) at
 * increasing log positions, and what the table holds at the end, to compare the ledger with.
 */
public final class AccountsChangeLog {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** The table's mapping (HOCON), under {@code tally.cdc.tables}. */
  public static final String TABLE = "shop.public.accounts";

  /** One row as the table saw it. */
  public static final class Row {
    public final long id;
    public BigDecimal amount;
    public boolean deleted;
    /** Changes made to it: events its entity must hold once each. */
    public int changes;
    long createdAt;

    Row(long id) {
      this.id = id;
    }
  }

  /** The records to send, in order, and what they leave in the table. */
  public record History(List<ProducerRecord<byte[], byte[]>> records, Map<Long, Row> rows) {}

  private final String topic;
  private final long changedAt;
  private long lsn = 1_000;

  /** @param changedAt the changes' time (source.ts_ms), within the ledger's lateness */
  public AccountsChangeLog(String topic, long changedAt) {
    this.topic = topic;
    this.changedAt = changedAt;
  }

  /** The mapping of the table: entities {@code <prefix><id>}, balances as amounts. */
  public static String mapping(String entityKeyPrefix) {
    return "tally.cdc.tables { \"" + TABLE + "\" { key-columns = [\"id\"], entity-key-prefix = \""
        + entityKeyPrefix + "\", amount-column = \"balance\" } }";
  }

  /**
   * About {@code messages} records over {@code rowCount} rows: a create each, rounds of updates,
   * then every {@code deleteEvery}-th row deleted (with Debezium's Kafka tombstone after it); every
   * {@code redeliverEvery}-th change is sent twice (a redelivery at a later offset).
   */
  public History history(int messages, int rowCount, int deleteEvery, int redeliverEvery, Random random) {
    Map<Long, Row> rows = new LinkedHashMap<>();
    List<ProducerRecord<byte[], byte[]>> changes = new ArrayList<>();
    for (long id = 0; id < rowCount; id++) {
      Row row = new Row(id);
      rows.put(id, row);
      row.amount = amount(random);
      changes.add(change(row, "c", null, row.amount));
    }
    int updatesPerRow = Math.max(1, (int) (messages / (1 + 1.0 / redeliverEvery)) / rowCount - 1);
    for (int u = 0; u < updatesPerRow; u++) {
      for (Row row : rows.values()) {
        BigDecimal next = amount(random);
        changes.add(change(row, "u", row.amount, next));
        row.amount = next;
      }
    }
    for (Row row : rows.values()) {
      if (row.id % deleteEvery == 0) {
        changes.add(change(row, "d", row.amount, null));
        row.deleted = true;
        changes.add(new ProducerRecord<>(topic, key(row.id), null));
      }
    }
    List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      sent.add(changes.get(i));
      if (i % redeliverEvery == 0 && changes.get(i).value() != null) {
        sent.add(changes.get(i));
      }
    }
    return new History(sent, rows);
  }

  /** The row's creation again at the same log position with another balance: a conflict, not a change. */
  public ProducerRecord<byte[], byte[]> recreation(Row row, BigDecimal balance) {
    return envelope(row, "c", null, balance, row.createdAt);
  }

  /** A record keyed like {@code id}'s whose value is not JSON. */
  public ProducerRecord<byte[], byte[]> poison(long id, String text) {
    return new ProducerRecord<>(topic, key(id), text.getBytes(StandardCharsets.UTF_8));
  }

  private ProducerRecord<byte[], byte[]> change(Row row, String op, BigDecimal before, BigDecimal after) {
    if (op.equals("c")) {
      row.createdAt = lsn;
    }
    row.changes++;
    return envelope(row, op, before, after, lsn++);
  }

  private ProducerRecord<byte[], byte[]> envelope(Row row, String op, BigDecimal before, BigDecimal after,
      long position) {
    ObjectNode source = MAPPER.createObjectNode();
    source.put("connector", "postgresql").put("name", "shop").put("ts_ms", changedAt).put("db", "shop")
        .put("schema", "public").put("table", "accounts").put("txId", position).put("lsn", position);
    ObjectNode envelope = MAPPER.createObjectNode();
    envelope.set("before", before == null ? MAPPER.nullNode() : image(row.id, before));
    envelope.set("after", after == null ? MAPPER.nullNode() : image(row.id, after));
    envelope.set("source", source);
    envelope.put("op", op).put("ts_ms", changedAt + 1);
    return new ProducerRecord<>(topic, key(row.id), envelope.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode image(long id, BigDecimal balance) {
    ObjectNode image = MAPPER.createObjectNode();
    image.put("id", id);
    image.put("balance", balance.toPlainString());
    return image;
  }

  private static BigDecimal amount(Random random) {
    return BigDecimal.valueOf(random.nextInt(1_000_000), 2);
  }

  /** The row's key as Debezium keys its records (so a row's changes share a partition). */
  private static byte[] key(long id) {
    return ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** A producer that waits for every replica (one here) before a send completes. */
  public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
