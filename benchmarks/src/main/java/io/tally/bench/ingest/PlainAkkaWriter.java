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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plain Akka on Tally's node: {@link PlainAccount}s behind cluster sharding, asked the way Tally's
 * HTTP layer asks its entities (askWithStatus), without HTTP. A many-entity request asks its
 * entities one event each, with at most {@link #SPREAD_ASKS_IN_FLIGHT} asks in flight over all
 * requests: the same journal, plugin and tagging as Tally, none of Tally's rules, HTTP or read side.
 * Unbounded (6,400 persists at 64 requests of 100) the journal's circuit breaker opened and the
 * entities stopped; the bound is a fixed admission limit, as Tally's adaptive one is.
 */
public final class PlainAkkaWriter implements BatchWriter, SpreadWriter {

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);
  /**
   * Tagged like Tally (one tag per event, the same slice math) but under other tag names, so
   * Tally's window-view projection never reads these events.
   */
  private static final String TAG_PREFIX = "plain-";

  /** Many-entity asks in flight at once, over all workers (Tally's adaptive limit starts at 128, at most 1,024). */
  static final int SPREAD_ASKS_IN_FLIGHT = 512;

  private final ClusterSharding sharding;
  private final Semaphore spreadAsks = new Semaphore(SPREAD_ASKS_IN_FLIGHT);
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

  @Override
  public void writeSpread(List<String> entityKeys, long firstEvent) throws Exception {
    Instant now = clock.instant();
    List<CompletableFuture<Long>> asks = new ArrayList<>(entityKeys.size());
    for (int i = 0; i < entityKeys.size(); i++) {
      String entityKey = entityKeys.get(i);
      long event = firstEvent + i;
      List<PlainAccount.Deposited> events = List.of(new PlainAccount.Deposited(entityKey,
          IngestPayload.idempotencyKey(event), now, IngestPayload.amount(event)));
      if (!spreadAsks.tryAcquire(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException("no room for an ask within " + ASK_TIMEOUT);
      }
      CompletableFuture<Long> ask = sharding.entityRefFor(PlainAccount.ENTITY_TYPE_KEY, entityKey)
          .<Long>askWithStatus(replyTo -> new PlainAccount.Deposit(events, replyTo), ASK_TIMEOUT)
          .toCompletableFuture();
      ask.whenComplete((seqNr, failure) -> spreadAsks.release());
      asks.add(ask);
    }
    CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
        .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
