package io.tally.projections.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** The value a gauge series reports: set by Tally, read by the registry at each scrape. */
final class GaugeCell {

  private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));

  void set(double value) {
    bits.set(Double.doubleToRawLongBits(value));
  }

  double get() {
    return Double.longBitsToDouble(bits.get());
  }
}
