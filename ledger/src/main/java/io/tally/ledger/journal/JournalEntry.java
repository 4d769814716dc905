package io.tally.ledger.journal;

import io.tally.ledger.LedgerEvent;

/** A persisted ledger event with its journal sequence number. */
public record JournalEntry(long seqNr, LedgerEvent event) {}
