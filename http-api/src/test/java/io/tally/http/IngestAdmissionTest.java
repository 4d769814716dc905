package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class IngestAdmissionTest {

  private static IngestAdmission.Permit admitted(IngestAdmission.Admission admission) {
    assertTrue("refused: " + admission, admission instanceof IngestAdmission.Admitted);
    return ((IngestAdmission.Admitted) admission).permit();
  }

  @Test
  public void requestsAndStreamsAreCountedApart() {
    IngestAdmission admission = new IngestAdmission(2, 1, 1_000);
    admitted(admission.admit(IngestAdmission.Kind.STREAM, 10));
    assertTrue(admission.admit(IngestAdmission.Kind.STREAM, 10) instanceof IngestAdmission.Refused);
    // A stream holding its permit does not take a JSON request's.
    admitted(admission.admit(IngestAdmission.Kind.REQUEST, 10));
    admitted(admission.admit(IngestAdmission.Kind.REQUEST, 10));
    assertTrue(admission.admit(IngestAdmission.Kind.REQUEST, 10) instanceof IngestAdmission.Refused);
  }

  @Test
  public void bodiesAreAdmittedUpToTheByteBudgetAndReleasedOnce() {
    IngestAdmission admission = new IngestAdmission(100, 100, 1_000);
    IngestAdmission.Permit first = admitted(admission.admit(IngestAdmission.Kind.REQUEST, 600));
    IngestAdmission.Admission second = admission.admit(IngestAdmission.Kind.REQUEST, 600);
    assertTrue(second instanceof IngestAdmission.Refused);
    assertTrue(((IngestAdmission.Refused) second).reason().contains("bytes"));
    admitted(admission.admit(IngestAdmission.Kind.STREAM, 400));
    first.release();
    first.release();
    assertEquals(400, admission.bytesHeld());
    admitted(admission.admit(IngestAdmission.Kind.REQUEST, 600));
  }

  @Test
  public void aRefusalByBytesGivesBackItsCount() {
    IngestAdmission admission = new IngestAdmission(1, 1, 100);
    IngestAdmission.Permit held = admitted(admission.admit(IngestAdmission.Kind.STREAM, 100));
    assertTrue(admission.admit(IngestAdmission.Kind.REQUEST, 50) instanceof IngestAdmission.Refused);
    held.release();
    admitted(admission.admit(IngestAdmission.Kind.REQUEST, 50));
  }

  @Test
  public void aBodyLargerThanTheWholeBudgetIsAdmittedAlone() {
    IngestAdmission admission = new IngestAdmission(10, 10, 100);
    IngestAdmission.Permit alone = admitted(admission.admit(IngestAdmission.Kind.REQUEST, 500));
    assertTrue(admission.admit(IngestAdmission.Kind.REQUEST, 1) instanceof IngestAdmission.Refused);
    alone.release();
    assertEquals(0, admission.bytesHeld());
  }
}
