package io.tally.http.batch;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a CSV file's columns become v1 events: which column fills which event field, which columns
 * are attributes (under their own name) and which are ignored. The default maps columns named as
 * the fields to them and makes every other column an attribute. A mapping given explicitly (per
 * source in config, or with the request) is exact: a column it does not name is an error rather
 * than silently dropped data.
 *
 * @param fields event field to column name
 * @param attributes columns kept as attributes
 * @param ignored columns read past
 * @param restAreAttributes whether a column named nowhere is an attribute (the default mapping)
 */
public record ColumnMapping(
    @JsonProperty("fields") Map<String, String> fields,
    @JsonProperty("attributes") List<String> attributes,
    @JsonProperty("ignored") List<String> ignored,
    @JsonProperty("restAreAttributes") boolean restAreAttributes) {

  /** The event fields a column may fill (source is the batch's; attributes are columns of their own). */
  public static final List<String> EVENT_FIELDS =
      List.of("entityKey", "idempotencyKey", "type", "eventTime", "sequence", "amount", "retracts");
  /** The fields of a statement of window totals: one row per entity and window. */
  public static final List<String> TOTAL_FIELDS = List.of("entityKey", "windowStart", "count", "amount");
  /** Every field a column may fill. */
  public static final List<String> FIELDS = List.of("entityKey", "idempotencyKey", "type", "eventTime", "sequence",
      "amount", "retracts", "windowStart", "count");
  /** What a file loaded as events must have. */
  static final Set<String> EVENT_FIELDS_REQUIRED = Set.of("entityKey", "eventTime");
  static final String IDEMPOTENCY_KEY = "idempotencyKey";
  static final String SEQUENCE = "sequence";

  public ColumnMapping {
    fields = Map.copyOf(fields);
    attributes = List.copyOf(attributes);
    ignored = List.copyOf(ignored);
    for (String field : fields.keySet()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("'" + field + "' is not an event field a column can fill (one of "
            + String.join(", ", FIELDS) + ")");
      }
    }
    Set<String> named = new HashSet<>();
    for (String column : concat(fields.values(), attributes, ignored)) {
      if (column.isBlank()) {
        throw new IllegalArgumentException("a column name must not be blank");
      }
      if (!named.add(column)) {
        throw new IllegalArgumentException("column '" + column + "' is named twice in the mapping");
      }
    }
  }

  /** Columns named as the event fields fill them; every other column is an attribute. */
  public static ColumnMapping byName() {
    return byName(EVENT_FIELDS);
  }

  /** Columns named as {@code names} fill those fields; every other column is an attribute. */
  public static ColumnMapping byName(List<String> names) {
    Map<String, String> fields = new LinkedHashMap<>();
    names.forEach(f -> fields.put(f, f));
    return new ColumnMapping(fields, List.of(), List.of(), true);
  }

  public static ColumnMapping explicit(Map<String, String> fields, List<String> attributes, List<String> ignored) {
    return new ColumnMapping(fields, attributes, ignored, false);
  }

  /**
   * What each column of {@code header} is for.
   *
   * @param required the fields the file must fill
   * @throws BadFile naming the first column that is missing, unnamed or repeated
   */
  ColumnRoles resolve(List<String> header, Set<String> required) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip();
      if (name.isEmpty()) {
        throw new BadFile(1, i + 1L, "bad_header", "column " + (i + 1) + " of the header has no name");
      }
      if (index.putIfAbsent(name, i) != null) {
        throw new BadFile(1, i + 1L, "bad_header", "column " + (i + 1) + " repeats the name '" + name + "'");
      }
    }
    String[] field = new String[header.size()];
    boolean[] attribute = new boolean[header.size()];
    for (Map.Entry<String, String> f : fields.entrySet()) {
      Integer at = index.get(f.getValue());
      if (at != null) {
        field[at] = f.getKey();
      } else if (!restAreAttributes || required.contains(f.getKey())) {
        // An explicit mapping names only columns it expects; by name, only the required ones must be there.
        throw new BadFile(1, 1, "missing_column", "the header has no column '" + f.getValue() + "' (mapped to "
            + f.getKey() + "); it has " + String.join(", ", index.keySet()));
      }
    }
    for (String needed : required) {
      if (!fields.containsKey(needed)) {
        throw new BadFile(1, 1, "missing_column", "the mapping names no column for " + needed);
      }
    }
    for (String a : attributes) {
      Integer at = Optional.ofNullable(index.get(a)).orElseThrow(() -> new BadFile(1, 1, "missing_column",
          "the header has no column '" + a + "' (mapped to an attribute); it has " + String.join(", ", index.keySet())));
      attribute[at] = true;
    }
    for (String column : ignored) {
      if (!index.containsKey(column)) {
        throw new BadFile(1, 1, "missing_column", "the header has no column '" + column + "' (to ignore)");
      }
    }
    for (Map.Entry<String, Integer> column : index.entrySet()) {
      int at = column.getValue();
      if (field[at] == null && !attribute[at] && !ignored.contains(column.getKey())) {
        if (!restAreAttributes) {
          throw new BadFile(1, at + 1L, "unmapped_column", "column " + (at + 1) + " ('" + column.getKey()
              + "') is not in the mapping: map it to a field, an attribute, or ignore it");
        }
        attribute[at] = true;
      }
    }
    List<String> names = new ArrayList<>(index.keySet());
    return new ColumnRoles(names, field, attribute);
  }

  private static List<String> concat(java.util.Collection<String> a, List<String> b, List<String> c) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    all.addAll(c);
    return all;
  }

  /** Per column of one header: its name, the field it fills (or null) and whether it is an attribute. */
  record ColumnRoles(List<String> names, String[] fields, boolean[] attributes) {
    int size() {
      return names.size();
    }
  }
}
