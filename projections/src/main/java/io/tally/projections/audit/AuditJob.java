package io.tally.projections.audit;

import akka.actor.Cancellable;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.tally.ledger.LedgerSettings;
import io.tally.projections.CqlStore;
import io.tally.projections.ProjectionSettings;
import io.tally.projections.statement.CassandraCheckpointStore;
import io.tally.projections.statement.CheckpointSchema;
import io.tally.projections.statement.CheckpointSettings;
import io.tally.projections.statement.CheckpointStore;
import io.tally.projections.statement.InMemoryCheckpointStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The audit as a command-line job that needs only Cassandra: a local actor system with the
 * persistence plugins (read-only), every ledger journal (or a key/time range) verified and
 * replayed, each entity's latest snapshot and reconciled periods compared, a JSON report written
 * and a summary printed. Live actors are not compared (there are none here); views are compared
 * when a {@link WindowViewCheck} is plugged in through {@link #run}.
 */
public final class AuditJob {

  static final String JSON_BINDING = "tally-audit";

  private AuditJob() {}

  public static void main(String[] args) {
    AuditJobArgs parsed;
    try {
      parsed = AuditJobArgs.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("AuditJob: " + e.getMessage());
      System.err.println(AuditJobArgs.USAGE);
      System.exit(2);
      return;
    }
    try {
      AuditReport report = run(parsed, WindowViewCheck.NONE, System.out);
      System.exit(report.clean() ? 0 : 1);
    } catch (Exception e) {
      System.err.println("AuditJob failed: " + e);
      System.exit(2);
    }
  }

  /** Runs the audit, writes the report file, prints progress and the summary to {@code out}. */
  public static AuditReport run(AuditJobArgs args, WindowViewCheck views, PrintStream out) throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "tally-audit", config(args));
    try {
      Config config = system.settings().config();
      AuditSettings settings = AuditSettings.create(config);
      List<CheckpointSource> checkpoints = args.compareSnapshots() && settings.compareSnapshots()
          ? List.of(new SnapshotCheckpoints(system, settings.checkpointTimeout())) : List.of();
      Auditor auditor = Auditor.overJournal(system, LedgerSettings.create(config), settings, checkpoints,
          settings.compareViews() ? views : WindowViewCheck.NONE, reconciled(system, args, settings, out),
          Clock.systemUTC());
      AtomicReference<AuditProgress> progress = new AtomicReference<>(AuditProgress.NONE);
      Cancellable ticker = system.scheduler().scheduleAtFixedRate(settings.progressInterval(),
          settings.progressInterval(), () -> out.println(progress.get().line()), system.executionContext());
      AuditReport report;
      try {
        report = auditor.run(args.scope(), progress).toCompletableFuture().get();
      } finally {
        ticker.cancel();
      }
      write(system, report, args.report());
      out.print(report.summary());
      out.println("report: " + args.report().toAbsolutePath());
      return report;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get();
    }
  }

  /**
   * The reconciliation checkpoints of the views keyspace, when the check is on and they are
   * there: a keyspace whose schema predates them (or a journal without a read side) is audited
   * without, and the job says so.
   */
  private static CheckpointStore reconciled(ActorSystem<?> system, AuditJobArgs args, AuditSettings settings,
      PrintStream out) throws Exception {
    if (!settings.compareReconciledPeriods()) {
      return new InMemoryCheckpointStore();
    }
    Config config = system.settings().config();
    CqlStore views = CqlStore.onJournalSession(system, args.viewsKeyspace(),
        ProjectionSettings.create(config).cqlProfile());
    boolean present = CheckpointSchema.exists(views).toCompletableFuture()
        .get(settings.checkpointTimeout().toMillis(), TimeUnit.MILLISECONDS);
    if (!present) {
      out.println("reconciled periods not checked: keyspace " + args.viewsKeyspace()
          + " has no reconciliation checkpoint tables (--views-keyspace)");
      return new InMemoryCheckpointStore();
    }
    return new CassandraCheckpointStore(views, CheckpointSettings.create(config));
  }

  static Config config(AuditJobArgs args) {
    Config fromArgs = ConfigFactory.empty()
        .withValue("datastax-java-driver.basic.contact-points", ConfigValueFactory.fromIterable(args.contactPoints()))
        .withValue("datastax-java-driver.basic.load-balancing-policy.local-datacenter",
            ConfigValueFactory.fromAnyRef(args.datacenter()))
        .withValue("akka.persistence.cassandra.journal.keyspace", ConfigValueFactory.fromAnyRef(args.keyspace()))
        .withValue("akka.persistence.cassandra.snapshot.keyspace", ConfigValueFactory.fromAnyRef(args.snapshotKeyspace()));
    return ConfigFactory.defaultOverrides()
        .withFallback(fromArgs)
        .withFallback(ConfigFactory.parseResources("tally-audit-job.conf"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  private static void write(ActorSystem<?> system, AuditReport report, Path path) throws Exception {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(path, JacksonObjectMapperProvider.get(system).getOrCreate(JSON_BINDING, Optional.empty())
        .writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report));
  }
}
