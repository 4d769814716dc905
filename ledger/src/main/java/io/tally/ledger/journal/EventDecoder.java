package io.tally.ledger.journal;

import akka.serialization.Serialization;
import com.datastax.oss.driver.api.core.cql.Row;
import io.tally.ledger.LedgerEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Journal rows to ledger events with Akka serialization, as the persistence plugin stored them.
 * The rows carry {@code sequence_nr, ser_id, ser_manifest, event} as consecutive columns from
 * {@code firstColumn} on (positions, not names: looking names up per row costs).
 */
final class EventDecoder {

  private final Serialization serialization;
  private final int firstColumn;

  EventDecoder(Serialization serialization, int firstColumn) {
    this.serialization = serialization;
    this.firstColumn = firstColumn;
  }

  List<JournalEntry> decode(List<Row> rows) {
    List<JournalEntry> entries = new ArrayList<>(rows.size());
    for (Row row : rows) {
      ByteBuffer bytes = RowColumns.blob(row, firstColumn + 3);
      byte[] data = new byte[bytes.remaining()];
      bytes.get(data);
      Object event = serialization.deserialize(data, RowColumns.integer(row, firstColumn + 1),
          RowColumns.text(row, firstColumn + 2)).get();
      entries.add(new JournalEntry(RowColumns.bigint(row, firstColumn), (LedgerEvent) event));
    }
    return entries;
  }
}
