package io.tally.http;

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

  @Test
  public void siblingsDoNotAddUp() {
    assertFalse(guard.check(ByteString.fromString("[[1],[2],[3],[4],[5]]")).isPresent());
  }
}
