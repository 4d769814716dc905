package io.tally.http.batch;

import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.headers.RawHeader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.tally.http.dto.BatchDifferencesPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A page of differences as CSV (RFC 4180, with a header row, written by Jackson's CSV module); the
 * next page's {@code after} is in the {@value #NEXT_HEADER} header.
 */
final class StatementCsv {

  static final String NEXT_HEADER = "Tally-Next-After";
  private static final List<String> COLUMNS = List.of("kind", "entityKey", "item", "windowStart", "line",
      "statementAmount", "ledgerAmount", "statementCount", "ledgerCount", "field", "detail");
  private static final CsvMapper MAPPER = new CsvMapper();

  private StatementCsv() {}

  static HttpResponse response(BatchDifferencesPage page) {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
    COLUMNS.forEach(schema::addColumn);
    List<String[]> rows = new ArrayList<>(page.differences().size());
    for (BatchDifferencesPage.Difference d : page.differences()) {
      rows.add(new String[] {d.kind(), d.entityKey(), d.item(), text(d.windowStart()), text(d.line()),
          text(d.statementAmount() == null ? null : d.statementAmount().toPlainString()),
          text(d.ledgerAmount() == null ? null : d.ledgerAmount().toPlainString()), text(d.statementCount()),
          text(d.ledgerCount()), text(d.field()), d.detail()});
    }
    String csv;
    try {
      csv = MAPPER.writer(schema.build()).writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write differences as CSV", e);
    }
    HttpResponse response = HttpResponse.create().withEntity(HttpEntities.create(
        MediaTypes.TEXT_CSV.toContentType(HttpCharsets.UTF_8), csv));
    return page.next() == null ? response : response.addHeader(RawHeader.create(NEXT_HEADER, page.next()));
  }

  private static String text(Object value) {
    return Objects.toString(value, "");
  }
}
