package io.tally.http.cdc;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the changes of one captured table become ledger events (one entry of {@code
 * tally.cdc.tables}, documented in application.conf and docs/cdc.md). Every row is one entity; every
 * change of the row is one event of it.
 *
 * @param table the table's qualified name as its changes' {@code source} gives it: {@code
 *     <db>.<schema>.<table>}, parts the connector does not send left out ({@code <db>.<table>} for
 *     MySQL)
 * @param keyColumns the primary key columns, in order: their values joined with {@link
 *     #KEY_SEPARATOR} (after {@code entityKeyPrefix}) are the entity key
 * @param entityKeyPrefix put before the key values, so that tables keyed alike name different
 *     entities ({@code account/})
 * @param amountColumn the column whose value is the event's amount; none: events carry no amount
 * @param amountMode what an update records
 * @param attributeColumns columns kept as attributes under their own names
 * @param source the events' source; empty: {@code tally.cdc.default-source}, else the caller
 * @param recordSnapshotReads whether snapshot reads ({@code op = r}) are recorded or skipped
 */
public record TableMapping(
    String table,
    List<String> keyColumns,
    String entityKeyPrefix,
    Optional<String> amountColumn,
    AmountMode amountMode,
    List<String> attributeColumns,
    Optional<String> source,
    boolean recordSnapshotReads) {

  /**
   * Between the values of a composite key: the entity key's own segment separator, so that {@code
   * (tenant, account)} reads {@code tenant/account}. A value holding it is refused for a composite
   * key (two rows could otherwise join to one key).
   */
  public static final String KEY_SEPARATOR = "/";

  public TableMapping {
    keyColumns = List.copyOf(keyColumns);
    attributeColumns = List.copyOf(attributeColumns);
    if (keyColumns.isEmpty()) {
      throw new IllegalArgumentException("key-columns must name at least one column");
    }
    requireDistinct("key-columns", keyColumns);
    requireDistinct("attribute-columns", attributeColumns);
    if (amountColumn.isPresent() && amountColumn.get().isBlank()) {
      throw new IllegalArgumentException("amount-column must not be blank (leave it out for events without amount)");
    }
    if (source.isPresent() && source.get().isBlank()) {
      throw new IllegalArgumentException("source must not be blank (leave it out to use the default)");
    }
  }

  private static void requireDistinct(String what, List<String> columns) {
    Set<String> seen = new HashSet<>();
    for (String column : columns) {
      if (column.isBlank()) {
        throw new IllegalArgumentException(what + ": a column name must not be blank");
      }
      if (!seen.add(column)) {
        throw new IllegalArgumentException(what + ": column '" + column + "' is named twice");
      }
    }
  }
}
