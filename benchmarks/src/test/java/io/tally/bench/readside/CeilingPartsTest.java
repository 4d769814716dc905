package io.tally.bench.readside;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.junit.Test;

public class CeilingPartsTest {

  @Test
  public void pacedRatesStopAtRmaxAndAddItsHalfAndItself() {
    assertEquals(List.of(250, 500, 1_000, 1_230, 2_000, 2_460), ReadSideCeilingSection.pacedRates(2_467.9));
    assertEquals(List.of(250, 300, 500, 600), ReadSideCeilingSection.pacedRates(600));
    assertEquals(List.of(250, 500, 1_000), ReadSideCeilingSection.pacedRates(1_000));
  }

  @Test
  public void aDrawHasDistinctKeysOfThePool() {
    EntityPool pool = new EntityPool("e", 2_000, 1);
    for (int i = 0; i < 50; i++) {
      List<String> keys = pool.draw(100);
      assertEquals(100, new HashSet<>(keys).size());
      keys.forEach(k -> assertEquals(true, Integer.parseInt(k.substring(1)) < 2_000));
    }
  }

  @Test
  public void outcomeCountsSplitAcceptedUnavailableAndTheRest() throws Exception {
    SpreadBatchWriter.Outcome outcome = SpreadBatchWriter.counted(new ObjectMapper()
        .readTree("{\"accepted\":95,\"unavailable\":3,\"duplicate\":1,\"rejected\":1}"), Instant.EPOCH);
    assertEquals(95, outcome.accepted());
    assertEquals(3, outcome.unavailable());
    assertEquals(2, outcome.other());
  }

  @Test
  public void theDetectorsReportGivesItsDiscrepanciesAndCoverage() throws Exception {
    DriftCheck.Result r = DriftCheck.parse(new ObjectMapper().readTree("{\"startedAt\":\"2026-11-21T10:00:00Z\","
        + "\"entitiesChecked\":2000,\"pairsInFlight\":0,\"sliceWindowsChecked\":968,"
        + "\"discrepancies\":[{},{}]}"), Instant.EPOCH);
    assertEquals(2, r.discrepancies());
    assertEquals(2_000, r.entitiesChecked());
    assertEquals(968, r.sliceWindowsChecked());
    assertEquals(Instant.parse("2026-11-21T10:00:00Z"), r.startedAt());
  }
}
