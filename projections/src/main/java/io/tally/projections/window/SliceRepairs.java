package io.tally.projections.window;

import java.util.concurrent.CompletionStage;

/** Delivers a row repair to the single writer of the row's slice. */
public interface SliceRepairs {

  CompletionStage<RowRepairResult> repair(RowRepair repair);
}
