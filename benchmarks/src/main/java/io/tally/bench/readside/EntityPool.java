package io.tally.bench.readside;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fixed pool of entity keys ({@code <prefix><n>}) from which each request draws distinct
 * entities at random. Random draws (not a rotation) let concurrent requests share some entities,
 * as independent producers would: an entity then has commands queued, which is part of the cost
 * being measured. Seeded, so two runs draw the same sequence.
 */
public final class EntityPool {

  private final String prefix;
  private final int[] order;
  private final SplittableRandom random;

  public EntityPool(String prefix, int size, long seed) {
    if (size < 1) {
      throw new IllegalArgumentException("an entity pool needs at least one key, not " + size);
    }
    this.prefix = prefix;
    this.order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    this.random = new SplittableRandom(seed);
  }

  public int size() {
    return order.length;
  }

  /** {@code count} distinct keys of the pool, in random order (a partial Fisher–Yates shuffle). */
  public synchronized List<String> draw(int count) {
    if (count < 1 || count > order.length) {
      throw new IllegalArgumentException("cannot draw " + count + " distinct keys from " + order.length);
    }
    List<String> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(order.length - i);
      int picked = order[j];
      order[j] = order[i];
      order[i] = picked;
      keys.add(prefix + picked);
    }
    return keys;
  }
}
