package io.tally.projections.window;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The last journal sequence number the slice's stream delivered per entity, for finding the
 * events eventsByTag skipped. Bounded: the least recently seen entities are forgotten first (an
 * entity seen again later is then checked against its rows instead). Confined to the writer's
 * serial chain.
 */
final class EntityProgress {

  private final Map<String, Long> last;

  EntityProgress(int maxEntities) {
    this.last = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > maxEntities;
      }
    };
  }

  OptionalLong of(String entityKey) {
    Long seqNr = last.get(entityKey);
    return seqNr == null ? OptionalLong.empty() : OptionalLong.of(seqNr);
  }

  void advance(String entityKey, long seqNr) {
    last.merge(entityKey, seqNr, Math::max);
  }

  void clear() {
    last.clear();
  }

  int size() {
    return last.size();
  }
}
