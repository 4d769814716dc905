package io.tally.bench.report;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

public class RepeatedFigureTest {

  @Test
  public void threeRepetitionsGiveTheirMinimumMiddleAndMaximumWhateverTheOrder() {
    RepeatedFigure f = RepeatedFigure.of(9_373, 10_227, 8_620);
    assertEquals(3, f.count());
    assertEquals(8_620, f.min(), 0);
    assertEquals(9_373, f.median(), 0);
    assertEquals(10_227, f.max(), 0);
  }

  @Test
  public void anEvenCountTakesTheMeanOfTheTwoMiddleValues() {
    assertEquals(15, RepeatedFigure.of(List.of(40.0, 10.0, 20.0, 5.0)).median(), 0);
  }

  @Test
  public void repetitionsThatMeasuredNothingAreLeftOut() {
    RepeatedFigure f = RepeatedFigure.of(Double.NaN, 7.0, 3.0);
    assertEquals(2, f.count());
    assertEquals(5, f.median(), 0);
    assertEquals(0, RepeatedFigure.of(Double.NaN).count());
  }

  @Test
  public void aTableCellShowsMinMedianMaxOrTheOneValue() {
    assertEquals("8,620 / 9,373 / 10,227", MarkdownTable.format(RepeatedFigure.of(9_373, 10_227, 8_620)));
    assertEquals("4.2", MarkdownTable.format(RepeatedFigure.of(4.2)));
    assertEquals("–", MarkdownTable.format(RepeatedFigure.NONE));
  }
}
