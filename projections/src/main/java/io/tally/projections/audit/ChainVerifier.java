package io.tally.projections.audit;

import akka.NotUsed;
import akka.stream.javadsl.Flow;
import io.tally.ledger.HashChain;
import io.tally.ledger.journal.JournalEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies one entity's journal, event by event, in sequence order (mutable; one per entity
 * stream). Each event is checked against the previous event's <em>stored</em> hash, not the last
 * good one, so a single changed payload is reported at exactly its own seqNr (content hash
 * mismatch) and the events after it stay ok; a removed or re-hashed event shows at the next
 * event (sequence gap and/or prevHash mismatch).
 */
public final class ChainVerifier {

  private long expectedSeqNr = 1;
  private String previousHash = HashChain.GENESIS;

  /** A flow that verifies a whole journal from seqNr 1; materialise it once per entity. */
  public static Flow<JournalEntry, AuditedEvent, NotUsed> flow() {
    return Flow.<JournalEntry>create().statefulMapConcat(() -> {
      ChainVerifier verifier = new ChainVerifier();
      return entry -> List.of(verifier.verify(entry));
    });
  }

  public AuditedEvent verify(JournalEntry entry) {
    List<ChainProblem> problems = new ArrayList<>(0);
    if (entry.seqNr() != expectedSeqNr) {
      problems.add(new ChainProblem(BreakKind.SEQUENCE_GAP,
          "expected seqNr " + expectedSeqNr + " but the journal has " + entry.seqNr()));
    }
    if (!previousHash.equals(entry.event().prevHash())) {
      problems.add(new ChainProblem(BreakKind.PREV_HASH_MISMATCH,
          "prevHash " + entry.event().prevHash() + " is not the previous event's hash " + previousHash));
    }
    String recomputed = recompute(entry);
    if (!recomputed.equals(entry.event().hash())) {
      problems.add(new ChainProblem(BreakKind.HASH_MISMATCH,
          "content hashes to " + recomputed + " but the stored hash is " + entry.event().hash()));
    }
    expectedSeqNr = entry.seqNr() + 1;
    previousHash = entry.event().hash();
    return new AuditedEvent(entry.seqNr(), entry.event(), problems);
  }

  // A tampered prevHash need not even be hex; that is a content problem, not a crash.
  private static String recompute(JournalEntry entry) {
    try {
      return HashChain.hash(entry.event().prevHash(), entry.event());
    } catch (RuntimeException e) {
      return "(not computable: " + e.getMessage() + ")";
    }
  }
}
