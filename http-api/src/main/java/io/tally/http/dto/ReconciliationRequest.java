package io.tally.http.dto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of POST /v1/reconciliations (optional): {@code {"dryRun": true}} writes nothing. */
public record ReconciliationRequest(Boolean dryRun) {

  @JsonCreator
  public ReconciliationRequest(@JsonProperty("dryRun") Boolean dryRun) {
    this.dryRun = dryRun;
  }
}
