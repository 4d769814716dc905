package io.tally.projections;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read side's access to Cassandra: the persistence plugin's shared session, prepared
 * statements cached by text, and paging of multi-row reads. Every statement runs on the read side's
 * execution profile ({@code tally.projections.cql-profile}: its consistency level).
 */
public final class CqlStore {

  private final CompletionStage<CqlSession> session;
  private final String keyspace;
  private final String profile;
  private final Map<String, CompletionStage<PreparedStatement>> prepared = new ConcurrentHashMap<>();

  private CqlStore(CompletionStage<CqlSession> session, String keyspace, String profile) {
    this.session = session;
    this.keyspace = keyspace;
    this.profile = profile;
  }

  /** On the journal's session ({@code akka.persistence.cassandra}); creates tables if configured. */
  public static CompletionStage<CqlStore> start(ActorSystem<?> system, ProjectionSettings settings) {
    CqlStore store = onJournalSession(system, settings.keyspace(), settings.cqlProfile());
    CompletionStage<CqlSession> session = store.session;
    if (!settings.tablesAutocreate()) {
      return CompletableFuture.completedFuture(store);
    }
    return session.thenCompose(s -> s.executeAsync(ViewsSchema.keyspace(settings.keyspace())))
        .thenCompose(ignored -> store.create(ViewsSchema.tables(settings.keyspace())))
        .thenApply(ignored -> store);
  }

  /**
   * Runs schema statements (CREATE ... IF NOT EXISTS) one after another: schema changes sent at
   * once time out on a busy node.
   */
  public CompletionStage<Done> create(List<String> statements) {
    CompletionStage<?> created = CompletableFuture.completedFuture(null);
    for (String statement : statements) {
      created = created.thenCompose(ignored -> session.thenCompose(s -> s.executeAsync(statement)));
    }
    return created.thenApply(ignored -> Done.getInstance());
  }

  /**
   * On the journal's session, creating nothing: for another component's tables in a keyspace that
   * {@link #start} (or the production CQL) created.
   */
  public static CqlStore onJournalSession(ActorSystem<?> system, String keyspace, String profile) {
    return new CqlStore(
        CassandraSessionRegistry.get(system).sessionFor("akka.persistence.cassandra").underlying(), keyspace, profile);
  }

  public String keyspace() {
    return keyspace;
  }

  /** Runs a statement ({@code %s} = the keyspace); completes with the first page. */
  public CompletionStage<AsyncResultSet> execute(String cql, Object... values) {
    return statement(cql).thenCompose(ps -> execute(ps.bind(values)));
  }

  /** All rows of a query, across pages. */
  public CompletionStage<List<Row>> all(String cql, Object... values) {
    return execute(cql, values).thenCompose(first -> collect(first, new ArrayList<>()));
  }

  public CompletionStage<CqlSession> session() {
    return session;
  }

  /** Runs an already bound statement or batch (built from {@link #statement}). */
  public CompletionStage<AsyncResultSet> execute(Statement<?> statement) {
    Statement<?> onProfile = statement.setExecutionProfileName(profile);
    return session.thenCompose(s -> s.executeAsync(onProfile));
  }

  /** The prepared form of a statement ({@code %s} = the keyspace), prepared once per text. */
  public CompletionStage<PreparedStatement> statement(String cql) {
    return prepared.computeIfAbsent(cql,
        text -> session.thenCompose(s -> s.prepareAsync(String.format(text, keyspace))));
  }

  private static CompletionStage<List<Row>> collect(AsyncResultSet page, List<Row> rows) {
    page.currentPage().forEach(rows::add);
    return page.hasMorePages()
        ? page.fetchNextPage().thenCompose(next -> collect(next, rows))
        : CompletableFuture.completedFuture(rows);
  }
}
