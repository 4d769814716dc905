package io.tally.http.batch;

/** A row of a batch that did not become an event: its line, column, outcome, sentence and text. */
public record BatchRejection(long line, String column, String outcome, String detail, String raw) {}
