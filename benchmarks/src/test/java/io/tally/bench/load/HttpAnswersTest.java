package io.tally.bench.load;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.Test;

public class HttpAnswersTest {

  private static final Optional<String> NONE = Optional.empty();

  @Test
  public void anArraysAnswerIsCountedByEventFromItsCounts() throws IOException {
    String body = "{\"counts\":{\"accepted\":97,\"duplicate\":1,\"unavailable\":2},\"results\":[{\"index\":0,"
        + "\"status\":\"accepted\"}]}";
    Answer answer = HttpAnswers.read(200, body, NONE, 100, true);
    assertEquals(new Answer(97, 1, 2, 0, false, Duration.ZERO), answer);
  }

  @Test
  public void conflictsGoneAndRejectedEventsOfAnArrayCountAsOther() throws IOException {
    String body = "{\"counts\":{\"accepted\":2,\"conflict\":1,\"rejected\":1},\"results\":[]}";
    assertEquals(2, HttpAnswers.read(200, body, NONE, 4, true).other());
  }

  @Test(expected = IOException.class)
  public void countsThatDoNotAddUpToTheRequestAreNotAnAnswer() throws IOException {
    HttpAnswers.read(200, "{\"counts\":{\"accepted\":99},\"results\":[]}", NONE, 100, true);
  }

  @Test
  public void a429IsARefusalAtAdmissionWithTheNodesRetryAfter() throws IOException {
    Answer answer = HttpAnswers.read(429, "{\"error\":\"too_many_requests\"}", Optional.of("2"), 100, true);
    assertTrue(answer.refused());
    assertEquals(Duration.ofSeconds(2), answer.retryAfter());
    assertEquals(0, answer.accepted() + answer.unavailable() + answer.other());
  }

  @Test
  public void aMissingOrUnreadableRetryAfterIsTheShippedSecondAndALongOneIsCapped() {
    assertEquals(HttpAnswers.DEFAULT_RETRY_AFTER, HttpAnswers.retryAfter(NONE));
    assertEquals(HttpAnswers.DEFAULT_RETRY_AFTER, HttpAnswers.retryAfter(Optional.of("Wed, 21 Oct 2026 07:28:00 GMT")));
    assertEquals(HttpAnswers.MAX_RETRY_AFTER, HttpAnswers.retryAfter(Optional.of("3600")));
  }

  @Test
  public void oneEventIsReadFromItsStatusCodeAndResult() throws IOException {
    assertEquals(Answer.accepted(1), HttpAnswers.read(202, "{\"status\":\"accepted\"}", NONE, 1, false));
    assertEquals(1, HttpAnswers.read(200, "{\"index\":0,\"status\":\"duplicate\"}", NONE, 1, false).duplicate());
    assertEquals(1, HttpAnswers.read(503, "{\"index\":0,\"entityKey\":\"e\",\"status\":\"unavailable\"}",
        Optional.of("1"), 1, false).unavailable());
    assertEquals(1, HttpAnswers.read(422, "{\"status\":\"rejected\",\"error\":\"rejected\"}", NONE, 1, false).other());
  }

  @Test(expected = IOException.class)
  public void a503ThatIsNotAnEventsResultIsAFailure() throws IOException {
    HttpAnswers.read(503, "{\"error\":\"not_ready\",\"detail\":\"starting\"}", NONE, 1, false);
  }

  @Test(expected = IOException.class)
  public void aServerErrorIsAFailure() throws IOException {
    HttpAnswers.read(500, "boom", NONE, 100, true);
  }
}
