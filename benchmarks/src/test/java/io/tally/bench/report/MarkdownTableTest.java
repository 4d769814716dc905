package io.tally.bench.report;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class MarkdownTableTest {

  @Test
  public void rendersHeaderAlignmentAndFormattedRows() {
    String table = MarkdownTable.of(">in flight", "writer", ">events/s", ">p99")
        .row(64, "tally-http", 12345.678, 7.25)
        .render();
    assertEquals(String.join("\n",
        "| in flight | writer | events/s | p99 |",
        "|---:|---|---:|---:|",
        "| 64 | tally-http | 12,346 | 7.3 |",
        ""), table);
  }

  @Test
  public void missingFiguresShowAsADash() {
    assertEquals("–", MarkdownTable.format(Double.NaN));
    assertEquals("1,000,000", MarkdownTable.format(1_000_000L));
  }

  @Test(expected = IllegalArgumentException.class)
  public void aRowMustFillEveryColumn() {
    MarkdownTable.of("a", "b").row("only one");
  }
}
