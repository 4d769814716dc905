package io.tally.http.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import akka.util.ByteString;
import org.junit.Test;

public class JsonDepthGuardTest {

  private final JsonDepthGuard guard = new JsonDepthGuard(3);

  @Test
  public void allowsUpToTheLimitAndRefusesBeyond() {
    assertFalse(guard.check(ByteString.fromString("{\"a\":[{\"b\":1}]}")).isPresent());
    assertTrue(guard.check(ByteString.fromString("{\"a\":[{\"b\":[1]}]}")).isPresent());
  }

  @Test
  public void bracketsInsideStringsDoNotCount() {
    assertFalse(guard.check(ByteString.fromString("{\"a\":\"[[[[{{{{\\\"]]\"}")).isPresent());
  }

  /**
   * Regression (found by EventInputProperties): a body gathered from many chunks is a rope of
   * ByteStrings, and the scan read it with apply(i), which walks the chunks from the first each
   * time: 1 MiB in 1 KiB chunks took about 2 s, 8 MiB (the body limit) in 1 KiB chunks minutes.
   * Here 4 MiB in 16,384 chunks: seconds of CPU per MiB before, milliseconds now.
   */
  @Test(timeout = 10_000)
  public void aBodyOfManyChunksIsScannedInLinearTime() {
    JsonDepthGuard deep = new JsonDepthGuard(8);
    byte[] body = ("[" + "[1],".repeat(1024 * 1024 - 1) + "[1]]").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    ByteString chunked = ByteString.emptyByteString();
    for (int at = 0; at < body.length; at += 256) {
      chunked = chunked.concat(ByteString.fromArray(body, at, Math.min(256, body.length - at)));
    }
    for (int i = 0; i < 5; i++) {
      assertFalse(deep.check(chunked).isPresent());
    }
    // The same verdicts as on one chunk, wherever the chunks split the input.
    String tooDeep = "{\"a\":[{\"b\":\"]]\\\"[\",\"c\":[[1]]}]}";
    ByteString oneByteChunks = ByteString.emptyByteString();
    for (byte b : tooDeep.getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
      oneByteChunks = oneByteChunks.concat(ByteString.fromArray(new byte[] {b}));
    }
    assertEquals(guard.check(ByteString.fromString(tooDeep)), guard.check(oneByteChunks));
    assertTrue(guard.check(oneByteChunks).isPresent());
  }

  @Test
  public void siblingsDoNotAddUp() {
    assertFalse(guard.check(ByteString.fromString("[[1],[2],[3],[4],[5]]")).isPresent());
  }
}
