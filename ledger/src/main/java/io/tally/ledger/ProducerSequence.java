package io.tally.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * What the entity knows about one producer's {@code sequence} numbers. It never blocks: a gap is
 * recorded and the event is applied.
 *
 * @param lastSequence the highest sequence seen (0 before the first)
 * @param gapCount jumps forward by more than one (1, 2, 5 is one gap: 3..4)
 * @param outOfOrderCount arrivals at or below lastSequence (late fills and repeats)
 * @param missing sequences never seen, as ranges, oldest first, at most max-tracked-gaps; a late
 *     arrival inside a range removes it from the range
 * @param droppedRanges missing ranges forgotten because of the bound
 */
public record ProducerSequence(
    long lastSequence,
    long gapCount,
    long outOfOrderCount,
    List<SequenceRange> missing,
    long droppedRanges) {

  public static final ProducerSequence START = new ProducerSequence(0, 0, 0, List.of(), 0);

  public ProducerSequence {
    missing = List.copyOf(missing);
  }

  /** Baseline 0: a first sequence of 5 means 1..4 are missing. */
  public ProducerSequence observe(long sequence, int maxTrackedGaps) {
    long step = sequence - lastSequence; // both are >= 0, so this cannot overflow
    if (step > 1) {
      List<SequenceRange> ranges = new ArrayList<>(missing);
      ranges.add(new SequenceRange(lastSequence + 1, sequence - 1));
      return bounded(sequence, gapCount + 1, outOfOrderCount, ranges, maxTrackedGaps);
    }
    if (step == 1) {
      return new ProducerSequence(sequence, gapCount, outOfOrderCount, missing, droppedRanges);
    }
    return bounded(lastSequence, gapCount, outOfOrderCount + 1, fill(sequence), maxTrackedGaps);
  }

  /** Number of sequences currently known missing (in the tracked ranges). */
  public long missingCount() {
    return missing.stream().mapToLong(SequenceRange::length).sum();
  }

  private List<SequenceRange> fill(long sequence) {
    List<SequenceRange> ranges = new ArrayList<>(missing.size() + 1);
    for (SequenceRange r : missing) {
      if (!r.contains(sequence)) {
        ranges.add(r);
        continue;
      }
      if (r.from() < sequence) {
        ranges.add(new SequenceRange(r.from(), sequence - 1));
      }
      if (sequence < r.to()) {
        ranges.add(new SequenceRange(sequence + 1, r.to()));
      }
    }
    return ranges;
  }

  private ProducerSequence bounded(
      long last, long gaps, long outOfOrder, List<SequenceRange> ranges, int max) {
    int excess = Math.max(0, ranges.size() - max);
    return new ProducerSequence(
        last, gaps, outOfOrder, ranges.subList(excess, ranges.size()), droppedRanges + excess);
  }
}
