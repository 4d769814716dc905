package io.tally.http.quarantine;

/** The answer to {@link Quarantine#resolve}. */
public sealed interface ResolveOutcome {

  /** The entry was open and is now resolved. */
  record Resolved(QuarantineEntry entry) implements ResolveOutcome {}

  /** Someone resolved it first; the entry as they left it. */
  record AlreadyResolved(QuarantineEntry entry) implements ResolveOutcome {}

  /** No such entry (unknown, or expired). */
  record NotFound() implements ResolveOutcome {}
}
