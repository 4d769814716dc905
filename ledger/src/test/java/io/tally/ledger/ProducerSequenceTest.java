package io.tally.ledger;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

public class ProducerSequenceTest {

  @Test
  public void gapsAreRecordedAndFilledByLateArrivals() {
    ProducerSequence s = ProducerSequence.START.observe(1, 10).observe(2, 10).observe(6, 10);
    assertEquals(new ProducerSequence(6, 1, 0, List.of(new SequenceRange(3, 5)), 0), s);
    assertEquals(3, s.missingCount());

    s = s.observe(4, 10);
    assertEquals(List.of(new SequenceRange(3, 3), new SequenceRange(5, 5)), s.missing());
    s = s.observe(3, 10).observe(5, 10);
    assertEquals(new ProducerSequence(6, 1, 3, List.of(), 0), s);
  }

  @Test
  public void aFirstSequenceAboveOneIsAGapFromZero() {
    assertEquals(List.of(new SequenceRange(1, 4)), ProducerSequence.START.observe(5, 10).missing());
  }

  @Test
  public void repeatsAreOutOfOrderAndChangeNothingElse() {
    ProducerSequence s = ProducerSequence.START.observe(1, 10).observe(1, 10);

    assertEquals(new ProducerSequence(1, 0, 1, List.of(), 0), s);
  }

  @Test
  public void missingRangesAreBoundedOldestDroppedFirst() {
    ProducerSequence s = ProducerSequence.START;
    for (long seq = 2; seq <= 10; seq += 2) {
      s = s.observe(seq, 3);
    }

    assertEquals(5, s.gapCount());
    assertEquals(List.of(new SequenceRange(5, 5), new SequenceRange(7, 7),
        new SequenceRange(9, 9)), s.missing());
    assertEquals(2, s.droppedRanges());
  }

  @Test
  public void extremeSequencesDoNotOverflow() {
    ProducerSequence s = ProducerSequence.START.observe(Long.MAX_VALUE, 1);

    assertEquals(Long.MAX_VALUE, s.lastSequence());
    assertEquals(new SequenceRange(1, Long.MAX_VALUE - 1), s.missing().get(0));
    assertEquals(1, s.observe(Long.MAX_VALUE, 1).outOfOrderCount());
  }
}
