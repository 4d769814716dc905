package io.tally.http.batch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;

/** CSV files as a batch reads them: mapping, RFC 4180's corners, and every way a file can be bad. */
public class CsvRowsTest {

  private static final BatchSettings.Limits LIMITS = new BatchSettings.Limits(1_048_576, 1000);
  private static final String HEADER = "entityKey,idempotencyKey,eventTime,amount,memo\n";

  private static CsvRows rows(String text, ColumnMapping mapping) {
    return rows(text.getBytes(StandardCharsets.UTF_8), mapping);
  }

  private static CsvRows rows(byte[] bytes, ColumnMapping mapping) {
    return new CsvRows(new ByteArrayInputStream(bytes), mapping, ColumnMapping.EVENT_FIELDS_REQUIRED, "cafe0123", LIMITS);
  }

  private static List<BatchRow> all(CsvRows rows) {
    List<BatchRow> all = new ArrayList<>();
    for (Optional<BatchRow> row = rows.next(); row.isPresent(); row = rows.next()) {
      all.add(row.get());
    }
    return all;
  }

  private static JsonNode event(BatchRow row) {
    assertTrue("not an event: " + row, row instanceof BatchRow.Event);
    return ((BatchRow.Event) row).event();
  }

  @Test
  public void columnsNamedAsFieldsFillThemAndTheOthersAreAttributes() {
    List<BatchRow> rows = all(rows(HEADER + "acc-1,k1,2026-11-01T10:00:00Z,12.50,rent\n", ColumnMapping.byName()));
    assertEquals(1, rows.size());
    JsonNode event = event(rows.get(0));
    assertEquals(2, rows.get(0).line());
    assertEquals("acc-1", event.get("entityKey").asText());
    assertEquals("k1", event.get("idempotencyKey").asText());
    assertEquals("12.50", event.get("amount").asText());
    assertEquals("rent", event.get("attributes").get("memo").asText());
  }

  @Test
  public void withoutAKeyColumnARowIsKeyedByTheFileAndItsLine() {
    List<BatchRow> rows = all(rows("entityKey,eventTime\nacc-1,2026-11-01T10:00:00Z\n\nacc-2,2026-11-01T10:00:00Z\n",
        ColumnMapping.byName()));
    assertEquals("cafe0123:2", event(rows.get(0)).get("idempotencyKey").asText());
    // The empty line is skipped, and counted.
    assertEquals("cafe0123:4", event(rows.get(1)).get("idempotencyKey").asText());
  }

  @Test
  public void anExplicitMappingRenamesAndMustNameEveryColumn() {
    ColumnMapping mapping = ColumnMapping.explicit(
        Map.of("entityKey", "account", "idempotencyKey", "txn", "eventTime", "booked", "amount", "amt"),
        List.of("memo"), List.of("balance"));
    String header = "account,txn,booked,amt,memo,balance\n";
    JsonNode event = event(all(rows(header + "a,t1,2026-11-01T10:00:00Z,1.00,x,99\n", mapping)).get(0));
    assertEquals("a", event.get("entityKey").asText());
    assertEquals("t1", event.get("idempotencyKey").asText());
    assertEquals("1.00", event.get("amount").asText());
    assertEquals("x", event.get("attributes").get("memo").asText());
    assertFalse(event.get("attributes").has("balance"));

    BadFile unmapped = assertThrows(BadFile.class, () -> rows(header.replace("\n", ",extra\n"), mapping));
    assertEquals("unmapped_column", unmapped.code());
    assertEquals(7, unmapped.column());
    assertTrue(unmapped.getMessage(), unmapped.getMessage().contains("'extra'"));

    BadFile missing = assertThrows(BadFile.class, () -> rows("account,txn,booked,memo,balance\n", mapping));
    assertEquals("missing_column", missing.code());
    assertTrue(missing.getMessage(), missing.getMessage().contains("'amt' (mapped to amount)"));
  }

  @Test
  public void aHeaderWithoutTheRequiredColumnsOrWithRepeatedNamesIsRefused() {
    assertEquals("missing_column", assertThrows(BadFile.class,
        () -> rows("entityKey,amount\n", ColumnMapping.byName())).code());
    BadFile repeated = assertThrows(BadFile.class, () -> rows("entityKey,eventTime,memo,memo\n", ColumnMapping.byName()));
    assertEquals("bad_header", repeated.code());
    assertEquals(4, repeated.column());
  }

  @Test
  public void aByteOrderMarkCrlfAndQuotedLineBreaksAreRead() {
    String text = "\uFEFFentityKey,eventTime,memo\r\n"
        + "acc-1,2026-11-01T10:00:00Z,\"two\r\nlines, and a \"\"quote\"\"\"\r\n"
        + "acc-2,2026-11-01T10:00:00Z,plain\r\n";
    List<BatchRow> rows = all(rows(text, ColumnMapping.byName()));
    assertEquals(2, rows.size());
    assertEquals("acc-1", event(rows.get(0)).get("entityKey").asText());
    assertEquals("two\r\nlines, and a \"quote\"", event(rows.get(0)).get("attributes").get("memo").asText());
    assertEquals(2, rows.get(0).line());
    // The second row starts on line 4: the quoted value of the first spans lines 2 and 3.
    assertEquals(4, rows.get(1).line());
    assertEquals("plain", event(rows.get(1)).get("attributes").get("memo").asText());
  }

  @Test
  public void aRowWithTheWrongNumberOfValuesIsUnreadableAndTheNextIsRead() {
    List<BatchRow> rows = all(rows(HEADER + "acc-1,k1\nacc-2,k2,2026-11-01T10:00:00Z,1,m\n", ColumnMapping.byName()));
    BatchRow.Unreadable bad = (BatchRow.Unreadable) rows.get(0);
    assertEquals(2, bad.line());
    assertEquals("columns", bad.rule());
    assertTrue(bad.detail(), bad.detail().contains("2 values, the header 5 columns"));
    assertEquals("acc-2", event(rows.get(1)).get("entityKey").asText());
  }

  @Test
  public void aSequenceThatIsNotAnIntegerNamesItsColumn() {
    BatchRow row = all(rows("entityKey,eventTime,sequence\nacc,2026-11-01T10:00:00Z,x1\n",
        ColumnMapping.byName())).get(0);
    assertEquals("sequence", ((BatchRow.Unreadable) row).column());
  }

  @Test
  public void anUnterminatedQuoteStopsTheFileAfterTheRowsBeforeIt() {
    CsvRows rows = rows(HEADER + "acc-1,k1,2026-11-01T10:00:00Z,1,ok\nacc-2,k2,2026-11-01T10:00:00Z,1,\"open\n"
        + "acc-3,k3,2026-11-01T10:00:00Z,1,never\n", ColumnMapping.byName());
    assertEquals("acc-1", event(rows.next().orElseThrow()).get("entityKey").asText());
    BadFile bad = assertThrows(BadFile.class, rows::next);
    assertEquals("csv_syntax", bad.code());
    assertTrue(bad.getMessage(), bad.getMessage().contains("the row that starts on line 3"));
  }

  @Test
  public void badUtf8IsNamedByLineAndColumnAfterTheRowsBeforeIt() {
    byte[] good = (HEADER + "acc-1,k1,2026-11-01T10:00:00Z,1,ok\nacc-2,k2,2026-11-01T10:00:00Z,1,b").getBytes(
        StandardCharsets.UTF_8);
    byte[] bad = {(byte) 0xC3, (byte) 0x28, 'x', '\n'};
    byte[] file = new byte[good.length + bad.length];
    System.arraycopy(good, 0, file, 0, good.length);
    System.arraycopy(bad, 0, file, good.length, bad.length);
    CsvRows rows = rows(file, ColumnMapping.byName());
    assertEquals("acc-1", event(rows.next().orElseThrow()).get("entityKey").asText());
    BadFile error = assertThrows(BadFile.class, rows::next);
    assertEquals("bad_utf8", error.code());
    assertEquals(3, error.line());
    // "acc-2,k2,2026-11-01T10:00:00Z,1,b" is 33 characters: the bad byte is the 34th.
    assertEquals(34, error.column());
  }

  @Test
  public void aHundredMegabyteLineStopsAtTheLineLimitWithoutReadingItAll() {
    long hundredMegabytes = 100L * 1024 * 1024;
    InputStream endless = new InputStream() {
      private long left = hundredMegabytes;

      @Override
      public int read() {
        return left-- > 0 ? 'a' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 'a');
        left -= n;
        return n;
      }
    };
    InputStream file = new SequenceInputStream(
        new ByteArrayInputStream((HEADER + "acc-1,k1,2026-11-01T10:00:00Z,1,").getBytes(StandardCharsets.UTF_8)), endless);
    CsvRows rows = new CsvRows(file, ColumnMapping.byName(), ColumnMapping.EVENT_FIELDS_REQUIRED, "cafe", LIMITS);
    BadFile error = assertThrows(BadFile.class, rows::next);
    assertTrue(error.code(), error.code().equals("line_too_long") || error.code().equals("csv_syntax"));
    assertEquals(2, error.line());
    assertTrue("read " + rows.bytesRead() + " bytes", rows.bytesRead() < 4L * LIMITS.maxLineChars());
  }

  @Test
  public void anEmptyFileIsRefusedAndAHeaderAloneHasNoRows() {
    assertEquals("empty_file", assertThrows(BadFile.class, () -> rows("", ColumnMapping.byName())).code());
    assertEquals("empty_file", assertThrows(BadFile.class, () -> rows("\uFEFF", ColumnMapping.byName())).code());
    assertTrue(all(rows("entityKey,eventTime\r\n", ColumnMapping.byName())).isEmpty());
  }
}
