package io.tally.http.dto;

import java.util.List;

/** An entity's window restatements, oldest first. */
public record CorrectionsPage(String entityKey, List<CorrectionBody> corrections) {}
