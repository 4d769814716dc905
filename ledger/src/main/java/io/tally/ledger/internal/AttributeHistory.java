package io.tally.ledger.internal;

import io.tally.ledger.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The newest writes of one attribute, newest (by eventTime, then seqNr) first, at most
 * attribute-history of them. The first is the current value (last-writer-wins by eventTime, so an
 * older late write never overwrites a newer one); the rest let a retraction restore exactly the
 * value that would have won without the retracted write. Dropped writes are all older than every
 * kept one, so they could only matter after all kept writes were retracted ({@code truncated}
 * says some were dropped).
 */
public record AttributeHistory(List<AttributeWrite> writes, boolean truncated) {

  public static final AttributeHistory NONE = new AttributeHistory(List.of(), false);

  public AttributeHistory {
    writes = List.copyOf(writes);
  }

  public Optional<AttributeWrite> current() {
    return writes.stream().findFirst();
  }

  /** The current value; null-kind when removed or never written. */
  public AttributeValue currentValue() {
    return current().map(AttributeWrite::value).orElse(AttributeValue.NULL_VALUE);
  }

  public boolean hasWrites() {
    return !writes.isEmpty();
  }

  public AttributeHistory with(AttributeWrite write, int limit) {
    List<AttributeWrite> next = new ArrayList<>(writes.size() + 1);
    boolean placed = false;
    for (AttributeWrite w : writes) {
      if (!placed && write.newerThan(w)) {
        next.add(write);
        placed = true;
      }
      next.add(w);
    }
    if (!placed) {
      next.add(write);
    }
    boolean dropped = next.size() > limit;
    return new AttributeHistory(dropped ? next.subList(0, limit) : next, truncated || dropped);
  }

  public boolean wrote(long seqNr) {
    return writes.stream().anyMatch(w -> w.seqNr() == seqNr);
  }

  public AttributeHistory without(long seqNr) {
    return new AttributeHistory(
        writes.stream().filter(w -> w.seqNr() != seqNr).toList(), truncated);
  }
}
