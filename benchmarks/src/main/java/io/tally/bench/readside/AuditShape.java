package io.tally.bench.readside;

/**
 * One journal shape of the audit section: {@code entities} ledger entities of {@code
 * eventsPerEntity} events each, under a key prefix of their own (so each shape is audited alone).
 */
public record AuditShape(int entities, int eventsPerEntity) {

  public AuditShape {
    if (entities < 1 || eventsPerEntity < 1) {
      throw new IllegalArgumentException("an audit shape needs entities and events, not " + entities + "x"
          + eventsPerEntity);
    }
  }

  /** {@code 100000x3}: entities x events per entity. */
  public static AuditShape parse(String text) {
    String[] parts = text.trim().split("x");
    if (parts.length != 2) {
      throw new IllegalArgumentException("an audit shape is ENTITIESxEVENTS (e.g. 100000x3), not " + text);
    }
    return new AuditShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
  }

  public long events() {
    return (long) entities * eventsPerEntity;
  }

  public String prefix() {
    return "audit-" + entities + "x" + eventsPerEntity + "-";
  }

  public String key(int entity) {
    return prefix() + entity;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%,d entities x %,d events", entities, eventsPerEntity);
  }
}
