package io.tally.ledger;

/** Producer sequence numbers {@code from..to}, both inclusive. */
public record SequenceRange(long from, long to) {

  public boolean contains(long sequence) {
    return sequence >= from && sequence <= to;
  }

  public long length() {
    return to - from + 1;
  }
}
