package io.tally.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.ledger.AttributeValue;
import io.tally.ledger.EventContract;
import io.tally.ledger.EventRecorded;
import io.tally.ledger.EventType;
import io.tally.ledger.IngestOutcome;
import io.tally.ledger.IngestPlan;
import io.tally.ledger.IngestPlanner;
import io.tally.ledger.LedgerEntity;
import io.tally.ledger.LedgerEvent;
import io.tally.ledger.LedgerEventHandler;
import io.tally.ledger.LedgerSettings;
import io.tally.ledger.LedgerState;
import io.tally.ledger.LedgerSummary;
import io.tally.ledger.ProposedEvent;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import io.tally.http.read.EntityViews;

/**
 * "Any value the contract accepts can be stored and rendered": takes an event that passed the
 * HTTP reader and the contract, and runs it the way a node would: the entity's planner (the
 * contract again, then the entity rules) on a new entity, at the event's own time (so that no
 * event is refused as late); the command, every persisted event and the entity state through
 * Akka's own serializer (jackson-cbor, as in the journal and between nodes); and the journal view
 * and entity view rendered by the API's JSON mapper and read back, amounts and attributes equal.
 */
final class StorageCheck {

  private final Serialization serialization;
  private final LedgerEventHandler handler;
  private final IngestPlanner planner;
  private final ApiJson json;
  private final ActorSystem<?> system;

  public StorageCheck(ActorSystem<?> system) {
    this.system = system;
    this.serialization = SerializationExtension.get(Adapter.toClassic(system));
    LedgerSettings settings = LedgerSettings.create(system.settings().config());
    this.handler = new LedgerEventHandler(settings);
    this.planner = new IngestPlanner(settings, handler);
    this.json = ApiJson.create(system);
  }

  public void assertStorableAndRenderable(ProposedEvent event, IngestDriver.Body input) {
    try {
      check(event);
    } catch (AssertionError | Exception e) {
      throw new AssertionError("an event the API accepted cannot be stored or rendered: " + e + "\nevent "
          + event + "\nfrom " + input.describe(), e);
    }
  }

  public void warmUp() {
    check(ProposedEvent.record("warm-up", "k", RouteFixture.NOW, new BigDecimal("1.5"), "s")
        .withAttributes(Map.of("a", AttributeValue.text("x"), "n", AttributeValue.number(BigDecimal.TEN))));
  }

  private void check(ProposedEvent event) {
    roundTrip(new LedgerEntity.Ingest(List.of(event), system.ignoreRef()));
    // A new entity whose clock starts before year 1, ingesting at the event's own time: no event
    // is refused as late, so every event HTTP accepts is persisted here.
    LedgerState empty = LedgerState.empty(event.entityKey());
    LedgerState fresh = new LedgerState(empty.entityKey(), empty.lastSeqNr(), empty.lastHash(),
        EventContract.EARLIEST_EVENT_TIME.minusSeconds(1), empty.balance(), empty.counts(), empty.attributes(),
        empty.deletion(), empty.sequences(), empty.windows(), empty.pendingRetractions(), empty.keys());
    IngestPlan plan = planner.plan(fresh, List.of(event), event.eventTime());
    IngestOutcome outcome = plan.outcomes().get(0);
    if (event.type() != EventType.RESTORE && !(outcome instanceof IngestOutcome.Accepted)) {
      // The entity runs the same contract: what HTTP accepted, a new entity accepts too.
      throw new AssertionError("the entity refused what HTTP accepted: " + outcome);
    }
    LedgerState state = handler.replay(fresh, plan.events());
    LedgerSummary summary = LedgerSummary.of(state, 0);
    roundTrip(summary);
    roundTrip(state);
    JsonNode view = rendered(EntityViews.state(summary));
    for (int i = 0; i < plan.events().size(); i++) {
      LedgerEvent persisted = plan.events().get(i);
      roundTrip(persisted);
      JsonNode journal = rendered(EntityViews.event(i + 1, persisted));
      if (persisted instanceof EventRecorded recorded) {
        equalNumbers("amount", recorded.amount(), new BigDecimal(journal.get("amount").asText()));
        assertAttributes(recorded.attributes(), journal.get("attributes"));
        assertAttributes(state.currentAttributes(), view.get("attributes"));
      }
    }
  }

  private void roundTrip(Object message) {
    Serializer serializer = serialization.findSerializerFor(message);
    byte[] bytes = serialization.serialize(message).get();
    Object back = serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, message)).get();
    // The state has no value equality; a command's reply-to is rebound to the reading system.
    boolean same = message instanceof LedgerState
        || (message instanceof LedgerEntity.Ingest sent ? ((LedgerEntity.Ingest) back).events().equals(sent.events())
            : back.equals(message));
    if (!same) {
      throw new AssertionError("changed by serialization: " + message + " became " + back);
    }
  }

  /**
   * Reads the rendered views back allowing numbers of {@link AttributeValue#MAX_NUMBER_SCALE} digits
   * and more: numeric attributes are rendered in plain form, up to ~10,000 digits (1E-9999), longer
   * than a default Jackson 2.15 reader takes (1,000). That is a finding of this suite for the
   * contract's owner, not checked here.
   */
  private static final com.fasterxml.jackson.databind.ObjectMapper VIEWS = IngestDriver.STRICT.copy();

  static {
    VIEWS.getFactory().setStreamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
        .maxNumberLength(AttributeValue.MAX_NUMBER_SCALE + 100).build());
  }

  private JsonNode rendered(Object view) {
    try {
      return VIEWS.readTree(json.mapper().writeValueAsBytes(view));
    } catch (java.io.IOException e) {
      throw new AssertionError("cannot render " + view, e);
    }
  }

  private static void assertAttributes(Map<String, AttributeValue> expected, JsonNode rendered) {
    for (Map.Entry<String, AttributeValue> e : expected.entrySet()) {
      JsonNode value = rendered.get(e.getKey());
      AttributeValue a = e.getValue();
      boolean same = switch (a.kind()) {
        case STRING -> value != null && value.isTextual() && value.textValue().equals(a.value());
        case NUMBER -> value != null && value.isNumber() && value.decimalValue().compareTo(a.asNumber()) == 0;
        case BOOLEAN -> value != null && value.isBoolean() && value.booleanValue() == a.asBoolean();
        case NULL -> value == null || value.isNull();
      };
      if (!same) {
        throw new AssertionError("attribute '" + e.getKey() + "' = " + a + " rendered as " + value);
      }
    }
  }

  private static void equalNumbers(String what, BigDecimal expected, BigDecimal actual) {
    if (expected.compareTo(actual) != 0) {
      throw new AssertionError(what + " " + expected + " rendered as " + actual);
    }
  }
}
