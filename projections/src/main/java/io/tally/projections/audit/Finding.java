package io.tally.projections.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One finding of an audit: which entity, at which journal seqNr (null when it concerns no single
 * event), what kind ({@link BreakKind#wireName()}) and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(String entityKey, Long seqNr, String kind, String detail) {

  public static Finding of(String entityKey, Long seqNr, BreakKind kind, String detail) {
    return new Finding(entityKey, seqNr, kind.wireName(), detail);
  }
}
