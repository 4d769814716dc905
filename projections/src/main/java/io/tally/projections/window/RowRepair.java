package io.tally.projections.window;

import io.tally.projections.ProjectionsSerializable;
import java.util.Optional;

/**
 * A view row as the journal says it must be, sent to the slice's writer to be applied there.
 *
 * @param rebuilt the window's values replayed from the journal; empty = the row must not exist
 * @param rebuiltUpTo the last journal seqNr the replay read: the rebuilt row includes every event
 *     of the entity up to it, so the projection skips those when it delivers them
 */
public record RowRepair(WindowKey key, int slice, Optional<WindowValues> rebuilt, long rebuiltUpTo)
    implements ProjectionsSerializable {}
