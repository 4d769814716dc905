package io.tally.projections.statement;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.typesafe.config.ConfigFactory;
import org.junit.Test;

/** The checkpoint store's write settings: reference.conf's defaults, and nonsense refused. */
public class CheckpointSettingsTest {

  @Test
  public void theDefaultsKeepBatchesUnderCassandrasLimits() {
    assertEquals(new CheckpointSettings(32, 100, 32 * 1024), CheckpointSettings.create(ConfigFactory.load()));
  }

  @Test
  public void aValueBelowOneIsRefusedNamingTheSection() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> CheckpointSettings.create(
        ConfigFactory.parseString(CheckpointSettings.SECTION + ".write-parallelism = 0")
            .withFallback(ConfigFactory.load())));
    assertEquals(CheckpointSettings.SECTION + " values must be at least 1", refused.getMessage());
  }
}
