package io.tally.http.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tally.http.RouteSupport;
import io.tally.http.auth.Caller;
import io.tally.http.ingest.PacedIngestion;
import io.tally.http.ingest.SubmittedEvent;
import io.tally.ledger.ContractViolation;
import io.tally.ledger.EntityKeyRule;
import io.tally.ledger.EventTimeWindows;
import io.tally.ledger.EventType;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.ProposedEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads a statement's rows. A record is checked by the event contract, as a row loaded as an event
 * would be (it may be applied as one), and must be a {@code record} event; a window total must
 * name a valid entity key, the start of a window of the ledger's window size, a count from 0 and an
 * amount within the contract's digits. Both must fall in the batch's period. A row that does not is
 * rejected with its column and reason, and is not compared.
 */
final class StatementRowReader {

  private static final String WHOLE_ROW = "$";

  /** A row read: taken to be compared, or refused. */
  sealed interface Read {}

  record Taken(StatementRow row) implements Read {}

  /** A row that is not compared: its line, column, and why. */
  record Refused(long line, String column, String detail, String raw) implements Read {}

  private final PacedIngestion ingestion;
  private final ObjectMapper json;
  private final EntityKeyRule entityKeys;
  private final EventTimeWindows windows;
  private final LedgerSettings.ContractLimits limits;
  private final int rawBytes;

  /** @param rawBytes the text kept of a refused row */
  StatementRowReader(PacedIngestion ingestion, ObjectMapper json, LedgerSettings ledger, int rawBytes) {
    this.ingestion = ingestion;
    this.json = json;
    this.entityKeys = EntityKeyRule.of(ledger);
    this.windows = EventTimeWindows.of(ledger);
    this.limits = ledger.contract();
    this.rawBytes = rawBytes;
  }

  /** The row as a statement row, or why it is refused. */
  Read read(Batch batch, StatementForm form, BatchRow row, BatchRows rows) {
    if (row instanceof BatchRow.Unreadable u) {
      return new Refused(u.line(), u.column(), u.detail(), u.raw().utf8String());
    }
    return form == StatementForm.RECORDS ? record(batch, row, rows) : total(batch, row, rows);
  }

  private Read record(Batch batch, BatchRow row, BatchRows rows) {
    SubmittedEvent submitted;
    String text;
    if (row instanceof BatchRow.Event e) {
      submitted = ingestion.submit(e.line(), e.event(), batch.spec().source(), batch.caller());
      text = e.event().toString();
    } else {
      BatchRow.Line l = (BatchRow.Line) row;
      submitted = ingestion.submitLine(l.line(), l.text(), batch.spec().source(), batch.caller());
      text = l.text().utf8String();
    }
    if (submitted.rejected().isPresent()) {
      return new Refused(row.line(), rows.columnOf(submitted.rejected().get().field().orElse(WHOLE_ROW)),
          submitted.rejected().get().reason(), submitted.raw().text(rawBytes).text());
    }
    ProposedEvent event = submitted.event().orElseThrow();
    if (event.type() != EventType.RECORD) {
      return new Refused(row.line(), rows.columnOf("type"), "a statement lists recorded events; this row is a "
          + event.type().name().toLowerCase(java.util.Locale.ROOT), submitted.raw().text(rawBytes).text());
    }
    if (!event.source().equals(batch.spec().source())) {
      return new Refused(row.line(), rows.columnOf("source"), "the row names source '" + event.source()
          + "'; a statement compares the records of its own source '" + batch.spec().source() + "'",
          submitted.raw().text(rawBytes).text());
    }
    if (!batch.spec().inPeriod(event.eventTime())) {
      return new Refused(row.line(), rows.columnOf("eventTime"), "eventTime " + event.eventTime()
          + " is outside the batch's period " + batch.spec().periodText(), submitted.raw().text(rawBytes).text());
    }
    return new Taken(new StatementRow.Record(row.line(), event.entityKey(), event.idempotencyKey(), event.eventTime(),
        windows.startOf(event.eventTime()), event.amount() == null ? BigDecimal.ZERO : event.amount(), text));
  }

  private Read total(Batch batch, BatchRow row, BatchRows rows) {
    JsonNode node;
    String raw;
    if (row instanceof BatchRow.Event e) {
      node = e.event();
      raw = e.event().toString();
    } else {
      raw = ((BatchRow.Line) row).text().utf8String();
      try {
        node = json.readTree(raw);
      } catch (JsonProcessingException e) {
        return new Refused(row.line(), WHOLE_ROW, "the line is not a JSON object: " + e.getOriginalMessage(),
            clip(raw));
      }
      if (!(node instanceof ObjectNode)) {
        return new Refused(row.line(), WHOLE_ROW, "the line is not a JSON object", clip(raw));
      }
    }
    Total t = new Total(row.line(), node, rows, clip(raw));
    String entityKey = t.text("entityKey");
    Optional<ContractViolation> badKey = entityKeys.check("entityKey", entityKey);
    if (badKey.isPresent()) {
      return t.refuse("entityKey", badKey.get().message());
    }
    Optional<Instant> start = RouteSupport.instant(t.text("windowStart"));
    if (start.isEmpty()) {
      return t.refuse("windowStart", "windowStart must be an ISO-8601 instant such as 2026-11-01T00:00:00Z, not '"
          + t.text("windowStart") + "'");
    }
    if (!windows.startOf(start.get()).equals(start.get())) {
      return t.refuse("windowStart", "windowStart " + start.get() + " is not the start of a window of "
          + windows.size() + " (the ledger's window size); that window starts at " + windows.startOf(start.get()));
    }
    if (!batch.spec().inPeriod(start.get())) {
      return t.refuse("windowStart", "windowStart " + start.get() + " is outside the batch's period "
          + batch.spec().periodText());
    }
    long count;
    try {
      count = Long.parseLong(t.text("count").strip());
    } catch (NumberFormatException e) {
      return t.refuse("count", "count must be a whole number, not '" + t.text("count") + "'");
    }
    if (count < 0) {
      return t.refuse("count", "count must not be negative");
    }
    BigDecimal amount;
    try {
      amount = new BigDecimal(t.text("amount").strip());
    } catch (NumberFormatException e) {
      return t.refuse("amount", "amount must be a decimal number, not '" + t.text("amount") + "'");
    }
    // Digits from precision and scale, as the contract counts them, never by normalising 1e100000000.
    long digits = amount.scale() < 0 ? (long) amount.precision() - amount.scale() : amount.precision();
    if (digits > limits.amountMaxPrecision() || amount.scale() > limits.amountMaxScale()) {
      return t.refuse("amount", "amount must have at most " + limits.amountMaxPrecision() + " digits and "
          + limits.amountMaxScale() + " decimals");
    }
    return new Taken(new StatementRow.Total(row.line(), entityKey, start.get(), count, amount));
  }

  private String clip(String raw) {
    return raw.length() <= rawBytes ? raw : raw.substring(0, rawBytes);
  }

  /** The fields of one window-total row. */
  private record Total(long line, JsonNode node, BatchRows rows, String raw) {
    String text(String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? "" : value.asText();
    }

    Refused refuse(String field, String detail) {
      return new Refused(line, rows.columnOf(field), detail, raw);
    }
  }
}
