package io.tally.projections.audit;

/** How far a run is: entities and events audited so far, findings, and the event rate. */
public record AuditProgress(long entitiesChecked, long eventsChecked, long findings, long elapsedMillis) {

  public static final AuditProgress NONE = new AuditProgress(0, 0, 0, 0);

  public long eventsPerSecond() {
    return elapsedMillis == 0 ? 0 : eventsChecked * 1000 / elapsedMillis;
  }

  public String line() {
    return String.format("audit: %d entities, %d events (%d events/s), %d findings, %.1f s",
        entitiesChecked, eventsChecked, eventsPerSecond(), findings, elapsedMillis / 1000.0);
  }
}
