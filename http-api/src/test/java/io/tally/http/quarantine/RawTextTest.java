package io.tally.http.quarantine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class RawTextTest {

  @Test
  public void aTextWithinTheBoundIsKeptWhole() {
    RawText raw = RawText.bounded("{\"a\":\"é\"}", 1024);
    assertEquals("{\"a\":\"é\"}", raw.text());
    assertEquals(10, raw.bytes());
    assertFalse(raw.truncated());
  }

  @Test
  public void aLongerTextIsCutAtACharacterBoundaryWithAMarkerWithinTheBound() {
    for (int max : new int[] {1024, 1025, 1026, 1027}) {
      String text = "é€😀".repeat(1000);
      RawText raw = RawText.bounded(text, max);
      int received = text.getBytes(StandardCharsets.UTF_8).length;
      assertTrue(raw.truncated());
      assertEquals(received, raw.bytes());
      assertTrue(raw.text().endsWith(RawText.MARKER + received + "]"));
      assertTrue(max + ": " + raw.text().getBytes(StandardCharsets.UTF_8).length,
          raw.text().getBytes(StandardCharsets.UTF_8).length <= max);
      String kept = raw.text().substring(0, raw.text().indexOf(RawText.MARKER));
      assertTrue("whole characters of the original", text.startsWith(kept));
      assertFalse(kept.contains("\uFFFD"));
    }
  }
}
