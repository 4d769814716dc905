package io.tally.http.cdc;

import io.tally.http.RequestId;
import akka.Done;
import akka.actor.Cancellable;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.japi.Pair;
import akka.kafka.CommitterSettings;
import akka.kafka.ConsumerMessage;
import akka.kafka.ConsumerSettings;
import akka.kafka.Subscriptions;
import akka.kafka.javadsl.Committer;
import akka.kafka.javadsl.Consumer;
import akka.stream.KillSwitches;
import akka.stream.RestartSettings;
import akka.stream.UniqueKillSwitch;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.RestartSource;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import io.tally.http.auth.Caller;
import io.tally.http.auth.Scope;
import io.tally.http.dto.EventResult;
import io.tally.http.dto.EventStatus;
import io.tally.http.ingest.PacedIngestion;
import io.tally.http.ingest.RawEvent;
import io.tally.http.ingest.SubmittedEvent;
import io.tally.projections.metrics.TallyMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Debezium change events from Kafka ({@code tally.cdc.kafka}): every node consumes the topics in
 * one consumer group, each assigned partition as its own stream, so that partitions go on
 * independently and move between nodes on a rebalance. Each record is mapped by {@link
 * DebeziumMapping} and its event ingested through {@link PacedIngestion}: a batch refused by the
 * node's admission waits (consumption pauses, nothing is dropped) and events answered {@code
 * unavailable} are sent again.
 *
 * <p>A partition's offset is committed only after the ledger answered every record up to it
 * (accepted, duplicate, or refused and quarantined), in order, and after a failure the consumer
 * starts again (with backoff) from the committed offsets. Delivery is therefore at least once; the
 * changes' idempotency keys make each apply once. Unmappable records (not JSON, an unmapped table)
 * are quarantined with their topic, partition and offset, and the partition goes on.
 */
public final class KafkaChangeSource {

  /** Kafka's per-partition consumer metric: records between the consumer's position and the log end. */
  static final String RECORDS_LAG = "records-lag";
  private static final String SKIPPED = "skipped";

  /** The ledger left events unanswered after every retry: the batch is consumed again after a restart. */
  static final class LedgerUnanswered extends RuntimeException {
    LedgerUnanswered(String message) {
      super(message, null, false, false);
    }
  }

  private final DebeziumMapping mapping;
  private final PacedIngestion ingestion;
  private final KafkaSourceSettings settings;
  private final TallyMetrics metrics;
  private final Caller caller;

  public KafkaChangeSource(DebeziumMapping mapping, PacedIngestion ingestion, KafkaSourceSettings settings,
      TallyMetrics metrics) {
    this.mapping = mapping;
    this.ingestion = ingestion;
    this.settings = settings;
    this.metrics = metrics;
    // Tables may name their own source: the Kafka source relays for them, as the HTTP sink's token would.
    this.caller = new Caller(settings.source(), Set.of(Scope.INGEST, Scope.RELAY));
  }

  public KafkaSourceSettings settings() {
    return settings;
  }

  /** The running consumer: its completion, and how to stop it. */
  public static final class Running {
    private final AtomicReference<Consumer.Control> control;
    private final UniqueKillSwitch killSwitch;
    private final CompletionStage<Done> done;
    private final Cancellable lagPolling;
    private final ActorSystem<?> system;
    private final KafkaSourceSettings settings;

    private Running(AtomicReference<Consumer.Control> control, UniqueKillSwitch killSwitch,
        CompletionStage<Done> done, Cancellable lagPolling, ActorSystem<?> system, KafkaSourceSettings settings) {
      this.control = control;
      this.killSwitch = killSwitch;
      this.done = done;
      this.lagPolling = lagPolling;
      this.system = system;
      this.settings = settings;
    }

    /** Completes when the stream has stopped. */
    public CompletionStage<Done> done() {
      return done;
    }

    /**
     * Stops taking records, lets those in flight be acknowledged and their offsets committed (for
     * at most the drain timeout), then stops the consumer.
     */
    public CompletionStage<Done> drainAndStop() {
      lagPolling.cancel();
      CompletableFuture<Done> drained = control.get().drainAndShutdown(done, system.executionContext())
          .toCompletableFuture();
      return drained.orTimeout(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .exceptionally(failure -> {
            // In a restart's backoff, or stuck: stop the stream as it is (uncommitted records come again).
            killSwitch.shutdown();
            return Done.getInstance();
          });
    }
  }

  /** Starts consuming; stopped by the node's coordinated shutdown (drained first). */
  public Running start(ActorSystem<?> system) {
    ConsumerSettings<byte[], byte[]> consumer = ConsumerSettings
        .create(system.settings().config().getConfig("akka.kafka.consumer"), new ByteArrayDeserializer(),
            new ByteArrayDeserializer())
        .withBootstrapServers(settings.bootstrapServers())
        .withGroupId(settings.groupId())
        .withProperties(settings.kafkaClients());
    CommitterSettings committer = CommitterSettings
        .create(system.settings().config().getConfig("akka.kafka.committer"))
        .withMaxBatch(settings.commitMaxBatch())
        .withMaxInterval(settings.commitMaxInterval());
    RestartSettings restart = RestartSettings.create(settings.restartMinBackoff(), settings.restartMaxBackoff(),
        settings.restartRandomFactor());
    AtomicReference<Consumer.Control> control = new AtomicReference<>(Consumer.createNoopControl());
    Pair<UniqueKillSwitch, CompletionStage<Done>> running = RestartSource
        .onFailuresWithBackoff(restart, () -> Consumer
            .committablePartitionedSource(consumer, Subscriptions.topics(new LinkedHashSet<>(settings.topics())))
            .mapMaterializedValue(c -> {
              control.set(c);
              return c;
            })
            .flatMapMerge(settings.maxPartitions(), partition -> partition.second()
                .groupedWithin(settings.maxBatchRecords(), settings.maxBatchWait())
                .mapAsync(1, this::ingest))
            .via(Committer.flow(committer)))
        .viaMat(KillSwitches.single(), Keep.right())
        .toMat(Sink.ignore(), Keep.both())
        .run(system);
    Cancellable lag = system.scheduler().scheduleAtFixedRate(settings.lagInterval(), settings.lagInterval(),
        () -> control.get().getMetrics().thenAccept(this::recordLag), system.executionContext());
    Running source = new Running(control, running.first(), running.second(), lag, system, settings);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "tally-cdc-kafka-drain",
        source::drainAndStop);
    running.second().whenComplete((done, failure) -> lag.cancel());
    return source;
  }

  /** One record of the batch and what it mapped to. */
  private record Item(ConsumerMessage.CommittableMessage<byte[], byte[]> message, MappedChange change) {}

  /**
   * Ingests one batch of a partition's records and answers the offset to commit, once the ledger
   * answered every one of them; fails when some are still unanswered after the retries.
   */
  CompletionStage<ConsumerMessage.Committable> ingest(List<ConsumerMessage.CommittableMessage<byte[], byte[]>> batch) {
    List<Item> items = new ArrayList<>(batch.size());
    List<SubmittedEvent> submitted = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      ConsumerRecord<byte[], byte[]> record = batch.get(i).record();
      MappedChange change = mapping.map(ChangeMessage.of(record.topic(), record.key(), record.value()), caller.id());
      items.add(new Item(batch.get(i), change));
      ByteString raw = record.value() == null ? ByteString.emptyByteString() : ByteString.fromArray(record.value());
      String origin = "Kafka topic " + record.topic() + ", partition " + record.partition() + ", offset "
          + record.offset();
      if (change instanceof MappedChange.Mapped m) {
        submitted.add(ingestion.submitRelayed(i, m.event(), raw, origin, caller));
      } else if (change instanceof MappedChange.Rejected r) {
        submitted.add(ingestion.refused(i, r.violation(), r.entityKey().orElse(null),
            r.idempotencyKey().orElse(null), RawEvent.relayed(raw, origin)));
      }
    }
    ConsumerMessage.Committable last = batch.get(batch.size() - 1).committableOffset();
    if (submitted.isEmpty()) {
      count(items, Map.of());
      return CompletableFuture.completedFuture(last);
    }
    ConsumerRecord<byte[], byte[]> opening = batch.get(0).record();
    RequestId requestId = RequestId.ofKafka(opening.topic(), opening.partition(), opening.offset());
    return ingestion.ingest(submitted, caller, requestId).thenApply(results -> {
      Map<Long, EventResult> byIndex = new HashMap<>();
      results.forEach(r -> byIndex.put(r.index(), r));
      long unanswered = results.stream().filter(r -> r.status() == EventStatus.UNAVAILABLE).count();
      if (unanswered > 0) {
        ConsumerRecord<byte[], byte[]> first = batch.get(0).record();
        throw new LedgerUnanswered(unanswered + " events of " + first.topic() + " partition " + first.partition()
            + " from offset " + first.offset() + " unanswered after every retry; consumed again after a restart");
      }
      count(items, byIndex);
      return last;
    });
  }

  private void count(List<Item> items, Map<Long, EventResult> byIndex) {
    Map<List<String>, Long> counted = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      MappedChange change = items.get(i).change();
      EventResult result = byIndex.get((long) i);
      String outcome = result == null ? SKIPPED : result.status().wireName();
      counted.merge(List.of(change.opLabel(), outcome), 1L, Long::sum);
    }
    counted.forEach((labels, n) -> metrics.cdcChanges(labels.get(0), labels.get(1), n));
  }

  private void recordLag(Map<MetricName, Metric> consumerMetrics) {
    consumerMetrics.forEach((name, metric) -> {
      String topic = name.tags().get("topic");
      String partition = name.tags().get("partition");
      if (RECORDS_LAG.equals(name.name()) && topic != null && partition != null
          && metric.metricValue() instanceof Double lag && !lag.isNaN()) {
        metrics.cdcConsumerLag(topic, Integer.parseInt(partition), lag);
      }
    });
  }
}
