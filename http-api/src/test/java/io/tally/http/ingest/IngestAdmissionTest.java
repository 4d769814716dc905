package io.tally.http.ingest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tally.projections.metrics.TallyMetrics;
import java.time.Duration;
import org.junit.Test;

public class IngestAdmissionTest {

  /** A limit that stays at {@code commands} (nothing finishes in these tests). */
  private static EntityCommandLimit limit(int commands) {
    return new EntityCommandLimit(new EntityCommandLimit.Settings(1, commands, commands, Duration.ofSeconds(1), 0.75),
        System::nanoTime);
  }

  private static IngestAdmission.Permit admitted(IngestAdmission.Admission admission) {
    assertTrue("refused: " + admission, admission instanceof IngestAdmission.Admitted);
    return ((IngestAdmission.Admitted) admission).permit();
  }

  @Test
  public void theEntityCommandLimitAndItsUseAreGauges() {
    IngestAdmission admission = new IngestAdmission(10, 10, 1_000, limit(100));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    admission.bindMetrics(registry);
    IngestAdmission.Permit work = admitted(admission.admitEntityWork(32));
    admitted(admission.admitEntityWorkUpTo(64));
    assertEquals(100, registry.get(TallyMetrics.INGEST_ENTITY_COMMANDS_LIMIT).gauge().value(), 0);
    assertEquals(96, registry.get(TallyMetrics.INGEST_ENTITY_COMMANDS_IN_FLIGHT).gauge().value(), 0);
    work.release();
    assertEquals(64, registry.get(TallyMetrics.INGEST_ENTITY_COMMANDS_IN_FLIGHT).gauge().value(), 0);
  }

  @Test
  public void requestsAndStreamsAreCountedApart() {
    IngestAdmission admission = new IngestAdmission(2, 1, 1_000, limit(100));
    admitted(admission.admitStream());
    assertTrue(admission.admitStream() instanceof IngestAdmission.Refused);
    // A stream holding its permit takes neither a JSON request's permit nor any body bytes.
    admitted(admission.admitRequest(500));
    admitted(admission.admitRequest(500));
    assertTrue(admission.admitRequest(10) instanceof IngestAdmission.Refused);
  }

  @Test
  public void bodiesAreAdmittedUpToTheByteBudgetAndReleasedOnce() {
    IngestAdmission admission = new IngestAdmission(100, 100, 1_000, limit(100));
    IngestAdmission.Permit first = admitted(admission.admitRequest(600));
    IngestAdmission.Admission second = admission.admitRequest(600);
    assertTrue(second instanceof IngestAdmission.Refused);
    assertTrue(((IngestAdmission.Refused) second).reason().contains("bytes"));
    IngestAdmission.Permit small = admitted(admission.admitRequest(400));
    first.release();
    first.release();
    assertEquals(400, admission.bytesHeld());
    admitted(admission.admitRequest(600));
    small.release();
    assertEquals(600, admission.bytesHeld());
  }

  @Test
  public void aRefusalByBytesGivesBackItsCount() {
    IngestAdmission admission = new IngestAdmission(2, 1, 100, limit(100));
    IngestAdmission.Permit held = admitted(admission.admitRequest(100));
    assertTrue(admission.admitRequest(50) instanceof IngestAdmission.Refused);
    held.release();
    admitted(admission.admitRequest(50));
    admitted(admission.admitRequest(50));
  }

  @Test
  public void aBodyLargerThanTheWholeBudgetIsAdmittedAlone() {
    IngestAdmission admission = new IngestAdmission(10, 10, 100, limit(100));
    IngestAdmission.Permit alone = admitted(admission.admitRequest(500));
    assertTrue(admission.admitRequest(1) instanceof IngestAdmission.Refused);
    alone.release();
    assertEquals(0, admission.bytesHeld());
  }

  @Test
  public void whileEveryEntityCommandIsTakenARequestIsRefusedBeforeItsBodyIsRead() {
    IngestAdmission admission = new IngestAdmission(10, 10, 1_000, limit(64));
    IngestAdmission.Permit all = admitted(admission.admitEntityWork(64));
    IngestAdmission.Admission refused = admission.admitRequest(100);
    assertTrue(refused instanceof IngestAdmission.Refused);
    assertEquals("entity_commands", ((IngestAdmission.Refused) refused).bound());
    // Nothing was taken for it: no request permit, no body bytes.
    assertEquals(0, admission.bytesHeld());
    all.release();
    admitted(admission.admitRequest(100)).release();
    // Short of full, a request is admitted: its own entity work is weighed after the parse.
    IngestAdmission.Permit most = admitted(admission.admitEntityWork(63));
    admitted(admission.admitRequest(100));
    most.release();
  }

  @Test
  public void entityWorkIsAdmittedByTheCommandsItDrivesAtOnce() {
    IngestAdmission admission = new IngestAdmission(10, 10, 1_000, limit(64));
    IngestAdmission.Permit first = admitted(admission.admitEntityWork(32));
    IngestAdmission.Permit second = admitted(admission.admitEntityWork(32));
    IngestAdmission.Admission third = admission.admitEntityWork(1);
    assertTrue(third instanceof IngestAdmission.Refused);
    assertTrue(((IngestAdmission.Refused) third).reason(),
        ((IngestAdmission.Refused) third).reason().contains("driving 64 entity commands at once already"));
    assertEquals("entity_commands", ((IngestAdmission.Refused) third).bound());
    first.release();
    first.release();
    admitted(admission.admitEntityWork(30));
    assertTrue("a release counts once", admission.admitEntityWork(3) instanceof IngestAdmission.Refused);
    second.release();
    admitted(admission.admitEntityWork(3));
  }

  @Test
  public void entityWorkLargerThanTheBoundIsAdmittedAlone() {
    IngestAdmission admission = new IngestAdmission(10, 10, 1_000, limit(16));
    IngestAdmission.Permit alone = admitted(admission.admitEntityWork(32));
    assertTrue(admission.admitEntityWork(1) instanceof IngestAdmission.Refused);
    alone.release();
    admitted(admission.admitEntityWork(1));
  }
}
