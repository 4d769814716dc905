package io.tally.bench.ingest;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import io.tally.ledger.Slices;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Plain Akka on Tally's node: {@link PlainAccount}s behind cluster sharding, asked the way Tally's
 * HTTP layer asks its entities (askWithStatus), without HTTP.
 */
public final class PlainAkkaWriter implements BatchWriter {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);
  /**
   * Tagged like Tally (one tag per event, the same slice math) but under other tag names, so
   * Tally's window-view projection never reads these events.
   */
  private static final String TAG_PREFIX = "plain-";

  private final ClusterSharding sharding;
  private final Clock clock;

  public PlainAkkaWriter(ActorSystem<?> system, int slices, Clock clock) {
    this.sharding = ClusterSharding.get(system);
    this.clock = clock;
    sharding.init(Entity.of(PlainAccount.ENTITY_TYPE_KEY,
        ctx -> PlainAccount.create(ctx.getEntityId(), TAG_PREFIX + Slices.tagFor(ctx.getEntityId(), slices))));
  }

  @Override
  public String name() {
    return "plain-akka";
  }

  @Override
  public void write(String entityKey, long firstEvent, int batchSize) throws Exception {
    Instant now = clock.instant();
    List<PlainAccount.Deposited> events = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      long event = firstEvent + i;
      events.add(new PlainAccount.Deposited(entityKey, IngestPayload.idempotencyKey(event), now,
          IngestPayload.amount(event)));
    }
    EntityRef<PlainAccount.Command> account = sharding.entityRefFor(PlainAccount.ENTITY_TYPE_KEY, entityKey);
    account.<Long>askWithStatus(replyTo -> new PlainAccount.Deposit(events, replyTo), ASK_TIMEOUT)
        .toCompletableFuture().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
