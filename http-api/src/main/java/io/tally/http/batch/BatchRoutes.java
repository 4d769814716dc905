package io.tally.http.batch;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.extractRequestEntity;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.onComplete;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.parameterMap;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.post;
import static akka.http.javadsl.server.Directives.withRequestTimeout;
import static akka.http.javadsl.server.Directives.withoutSizeLimit;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.Location;
import akka.http.javadsl.server.Route;
import io.tally.http.RouteSupport;
import io.tally.http.auth.BearerAuth;
import io.tally.http.auth.Caller;
import io.tally.http.auth.Scope;
import io.tally.http.dto.ApplyMissingBody;
import io.tally.http.dto.BatchBody;
import io.tally.http.dto.BatchDifferencesPage;
import io.tally.http.dto.BatchRejectionsPage;
import io.tally.http.dto.ErrorBody;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /v1/batches} (a CSV or NDJSON file, streamed to the node's spool, then run in the
 * background: 202 with the batch), {@code GET /v1/batches/{id}} (status and progress) and
 * {@code GET /v1/batches/{id}/rejections} (rejected rows by line, paged). Every query parameter is
 * checked before the body is read; a bad one is a 400 naming it.
 */
public final class BatchRoutes {

  private static final String MAP_PREFIX = "map.";
  /** A batch is read with scope read, or by the producer that posted it (scope ingest, same caller). */
  private static final List<Scope> READERS = List.of(Scope.READ, Scope.INGEST);
  private static final String CSV = "text/csv";
  private static final String NDJSON = "application/x-ndjson";
  /** Events shown by an apply-missing call (dry run or not). */
  private static final int APPLY_SAMPLE = 10;
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BatchRoutes.class);

  private final BatchStore store;
  private final StatementStore statements;
  private final BatchSpool spool;
  private final BatchRunner runner;
  private final BatchSettings settings;
  private final BearerAuth auth;
  private final RouteSupport support;
  private final int sourceMaxLength;
  private final scala.concurrent.duration.FiniteDuration uploadTimeout;
  private final Clock clock;

  /** @param sourceMaxLength the event contract's bound on a source */
  public BatchRoutes(BatchStore store, StatementStore statements, BatchSpool spool, BatchRunner runner,
      BatchSettings settings, BearerAuth auth, RouteSupport support, int sourceMaxLength, Clock clock) {
    this.statements = statements;
    this.sourceMaxLength = sourceMaxLength;
    this.uploadTimeout = scala.concurrent.duration.Duration.fromNanos(settings.uploadTimeout().toNanos());
    this.store = store;
    this.spool = spool;
    this.runner = runner;
    this.settings = settings;
    this.auth = auth;
    this.support = support;
    this.clock = clock;
  }

  public Route routes() {
    return pathPrefix("batches", () -> concat(
        pathEnd(() -> post(() -> auth.require(Scope.INGEST, caller -> parameterMap(params -> upload(caller, params))))),
        pathPrefix(segment(), id -> concat(
            pathEnd(() -> get(() -> auth.requireAnyOf(READERS, caller -> one(id, caller)))),
            path("rejections", () -> get(() -> auth.requireAnyOf(READERS,
                caller -> parameterMap(params -> rejections(id, params, caller))))),
            path("differences", () -> get(() -> auth.requireAnyOf(READERS,
                caller -> parameterMap(params -> differences(id, params, caller))))),
            path("apply-missing", () -> post(() -> auth.require(Scope.ADMIN,
                caller -> parameterMap(params -> applyMissing(id, params, caller)))))))));
  }

  /** A query parameter that is wrong: which, and why. */
  private static final class BadParam extends RuntimeException {
    private final String field;

    BadParam(String field, String detail) {
      super(detail, null, false, false);
      this.field = field;
    }
  }

  private Route upload(Caller caller, Map<String, String> params) {
    return extractRequestEntity(entity -> {
      String media = entity.getContentType().mediaType().toString();
      BatchSpec.Format format;
      if (media.equals(CSV)) {
        format = BatchSpec.Format.CSV;
      } else if (media.equals(NDJSON)) {
        format = BatchSpec.Format.NDJSON;
      } else {
        return complete(error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
            "send a batch file as " + CSV + " or " + NDJSON + ", not " + media));
      }
      String id;
      BatchSpec spec;
      Optional<StatementForm> form;
      try {
        id = id(params);
        form = form(params);
        spec = spec(caller, params, format, form);
      } catch (BadParam bad) {
        return complete(support.badRequest(bad.field, bad.getMessage()));
      }
      if (!spec.source().equals(caller.id()) && !caller.may(Scope.RELAY)) {
        return complete(error(StatusCodes.FORBIDDEN, "forbidden", "this token writes as source '" + caller.id()
            + "'; a batch for source '" + spec.source() + "' needs scope '" + Scope.RELAY.wireName() + "'"));
      }
      if (entity.getContentLengthOption().orElse(0L) > settings.maxFileBytes()) {
        return complete(tooLarge());
      }
      // The entity as withoutSizeLimit leaves it: the one extracted above keeps the server's limit.
      return withoutSizeLimit(() -> withRequestTimeout(uploadTimeout, () -> extractRequestEntity(
          unlimited -> onComplete(spool.receive(unlimited.getDataBytes()),
          upload -> {
            if (upload.isFailure()) {
              Throwable cause = unwrap(upload.failed().get());
              return complete(cause instanceof BatchSpool.TooLarge ? tooLarge() : support.badRequest(null,
                  "the file could not be received: " + cause.getMessage()));
            }
            if (upload.get().bytes() == 0) {
              spool.discard(upload.get());
              return complete(error(StatusCodes.BAD_REQUEST, "empty_file", "the file is empty"));
            }
            return onSuccess(start(id, spec, form, caller, upload.get()), response -> complete(response));
          }))));
    });
  }

  /** Creates the batch and runs it, or answers with the batch already under its id. */
  private java.util.concurrent.CompletionStage<HttpResponse> start(String id, BatchSpec spec,
      Optional<StatementForm> form, Caller caller, BatchSpool.Upload upload) {
    Instant now = clock.instant();
    Batch fresh = new Batch(id, spec, upload.contentHash(), upload.bytes(), caller, BatchStatus.QUEUED,
        BatchProgress.NONE, Optional.empty(), now, now);
    return store.create(fresh).thenCompose(existing -> {
      if (existing == fresh) {
        // A statement's form is in its report, written before the batch can run.
        return form.map(f -> statements.saveReport(StatementReport.reading(id, f)))
            .orElse(CompletableFuture.completedFuture(akka.Done.getInstance()))
            .thenCompose(ignored -> run(upload, fresh, StatusCodes.ACCEPTED));
      }
      if (!existing.contentHash().equals(upload.contentHash())) {
        spool.discard(upload);
        return done(error(StatusCodes.CONFLICT, "batch_exists", "batch '" + id + "' holds other content (SHA-256 "
            + existing.contentHash() + ", this file " + upload.contentHash() + "): choose another id"));
      }
      if (resumable(existing, now)) {
        Batch queued = existing.with(BatchStatus.QUEUED, existing.progress(), Optional.empty(), now);
        return store.update(queued).thenCompose(ignored -> run(upload, queued, StatusCodes.ACCEPTED));
      }
      spool.discard(upload);
      return body(runner.live(id).orElse(existing)).thenApply(b -> support.json().response(StatusCodes.OK, b));
    });
  }

  /**
   * A batch posted again with the same content resumes from its checkpoint when it failed, or when
   * it is unfinished, not held by this node, and has not moved for {@code takeover-after} (its node
   * is gone; were it only slow, its rows are idempotent anyway).
   */
  private boolean resumable(Batch existing, Instant now) {
    if (existing.status() == BatchStatus.FAILED) {
      return true;
    }
    return !existing.status().finished() && !runner.holds(existing.id())
        && existing.updatedAt().plus(settings.takeoverAfter()).isBefore(now);
  }

  private java.util.concurrent.CompletionStage<HttpResponse> run(BatchSpool.Upload upload, Batch batch,
      StatusCode status) {
    spool.keep(upload, batch.id());
    runner.submit(batch.id());
    return body(batch).thenApply(b -> support.json().response(status, b)
        .addHeader(Location.create("/v1/batches/" + batch.id())));
  }

  private Route one(String id, Caller caller) {
    return onSuccess(store.get(id), stored -> stored.isEmpty() ? complete(notFound(id))
        : readable(stored.get(), caller, () -> onSuccess(body(runner.live(id).orElse(stored.get())),
            b -> complete(support.json().response(StatusCodes.OK, b)))));
  }

  private Route readable(Batch batch, Caller caller, java.util.function.Supplier<Route> inner) {
    if (caller.may(Scope.READ) || batch.caller().id().equals(caller.id())) {
      return inner.get();
    }
    return complete(error(StatusCodes.FORBIDDEN, "forbidden", "batch '" + batch.id() + "' is read with scope 'read',"
        + " or by the caller that posted it"));
  }

  private Route rejections(String id, Map<String, String> params, Caller caller) {
    Optional<Long> after = RouteSupport.positiveLong(Optional.ofNullable(params.get("after")), 0);
    if (after.isEmpty()) {
      return complete(support.badRequest("after", "after must be a line number (a whole number from 1)"));
    }
    Optional<Integer> limit = Optional.ofNullable(params.get("limit")).map(RouteSupport::integer)
        .orElse(Optional.of(settings.pageDefault())).filter(l -> l >= 1 && l <= settings.pageMax());
    if (limit.isEmpty()) {
      return complete(support.badRequest("limit", "limit must be an integer from 1 to " + settings.pageMax()));
    }
    return onSuccess(store.get(id), stored -> stored.isEmpty() ? complete(notFound(id))
        : readable(stored.get(), caller, () -> onSuccess(store.rejections(id, after.get(), limit.get()),
            rows -> complete(support.json().response(StatusCodes.OK, new BatchRejectionsPage(rows.stream()
                .map(r -> new BatchRejectionsPage.Row(r.line(), r.column(), r.outcome(), r.detail(), r.raw())).toList(),
                rows.size() == limit.get() ? rows.get(rows.size() - 1).line() : null))))));
  }

  /** The kinds a page of differences goes through, in order, when the request names none. */
  private static final List<DifferenceKind> KEPT_KINDS =
      Arrays.stream(DifferenceKind.values()).filter(DifferenceKind::kept).toList();

  /**
   * {@code GET /v1/batches/{id}/differences?kind=&after=&limit=&format=json|csv}: a statement's
   * differences by kind, entity and item, paged; CSV when {@code format=csv} or the request accepts
   * only text/csv.
   */
  private Route differences(String id, Map<String, String> params, Caller caller) {
    Optional<DifferenceKind> kind;
    Optional<DifferencePageToken> after;
    int limit;
    boolean csv;
    try {
      kind = Optional.ofNullable(params.get("kind")).map(k -> DifferenceKind.fromWireName(k).filter(DifferenceKind::kept)
          .orElseThrow(() -> new BadParam("kind", "kind must be one of " + String.join(", ",
              KEPT_KINDS.stream().map(DifferenceKind::wireName).toList()) + ", not '" + k + "'")));
      after = Optional.ofNullable(params.get("after")).map(a -> DifferencePageToken.parse(a)
          .filter(t -> kind.isEmpty() || kind.get() == t.kind())
          .orElseThrow(() -> new BadParam("after", "after must be the 'next' of a page of these differences")));
      limit = limit(params);
      String format = params.getOrDefault("format", "json");
      if (!format.equals("json") && !format.equals("csv")) {
        throw new BadParam("format", "format must be 'json' or 'csv', not '" + format + "'");
      }
      csv = format.equals("csv");
    } catch (BadParam bad) {
      return complete(support.badRequest(bad.field, bad.getMessage()));
    }
    return onSuccess(store.get(id), stored -> stored.isEmpty() ? complete(notFound(id))
        : readable(stored.get(), caller, () -> stored.get().spec().mode() != BatchSpec.Mode.STATEMENT
            ? complete(error(StatusCodes.CONFLICT, "not_a_statement", "batch '" + id
                + "' was loaded (mode 'load'); differences are found by statements"))
            : onSuccess(page(id, kind.map(List::of).orElse(KEPT_KINDS), after, limit), page -> complete(csv
                ? StatementCsv.response(page) : support.json().response(StatusCodes.OK, page)))));
  }

  /** One page, going on to the next kind when one is exhausted. */
  private java.util.concurrent.CompletionStage<BatchDifferencesPage> page(String id, List<DifferenceKind> kinds,
      Optional<DifferencePageToken> after, int limit) {
    int from = after.map(t -> kinds.indexOf(t.kind())).orElse(0);
    return collect(id, kinds, from, after.map(DifferencePageToken::cursor), limit, new ArrayList<>())
        .thenApply(found -> {
          List<StatementDifference> rows = found.size() > limit ? found.subList(0, limit) : found;
          String next = found.size() > limit
              ? new DifferencePageToken(rows.get(limit - 1).kind(), cursorOf(rows.get(limit - 1))).text() : null;
          return new BatchDifferencesPage(rows.stream().map(BatchRoutes::difference).toList(), next);
        });
  }

  /** Reads up to {@code limit + 1} differences (one more tells whether another page follows). */
  private java.util.concurrent.CompletionStage<List<StatementDifference>> collect(String id,
      List<DifferenceKind> kinds, int at, Optional<StatementStore.DifferenceCursor> after, int limit,
      List<StatementDifference> found) {
    if (at >= kinds.size() || found.size() > limit) {
      return CompletableFuture.completedFuture(found);
    }
    return statements.differences(id, kinds.get(at), after, limit + 1 - found.size()).thenCompose(rows -> {
      found.addAll(rows);
      return collect(id, kinds, at + 1, Optional.empty(), limit, found);
    });
  }

  private static StatementStore.DifferenceCursor cursorOf(StatementDifference d) {
    return new StatementStore.DifferenceCursor(d.entityKey(), d.item(), d.line());
  }

  private static BatchDifferencesPage.Difference difference(StatementDifference d) {
    return new BatchDifferencesPage.Difference(d.kind().wireName(), d.entityKey(), d.item(),
        d.windowStart().orElse(null), d.line() == 0 ? null : d.line(), d.statementAmount().orElse(null),
        d.ledgerAmount().orElse(null), d.statementCount().orElse(null), d.ledgerCount().orElse(null),
        d.field().orElse(null), d.detail());
  }

  /**
   * {@code POST /v1/batches/{id}/apply-missing?dryRun=true|false&after=&limit=} (scope admin): the
   * records a compared statement holds and the ledger does not become events, written as the
   * statement's source by the caller that posted it. {@code dryRun} is on unless it is
   * {@code false}: the call then only says what it would send. At most {@code apply-max} per call;
   * {@code next} is the {@code after} of the next call. Applying twice is harmless: each event's
   * idempotency key is the statement's.
   */
  private Route applyMissing(String id, Map<String, String> params, Caller caller) {
    boolean dryRun;
    Optional<DifferencePageToken> after;
    int limit;
    try {
      String dry = params.getOrDefault("dryRun", "true");
      if (!dry.equals("true") && !dry.equals("false")) {
        throw new BadParam("dryRun", "dryRun must be 'true' or 'false', not '" + dry + "'");
      }
      dryRun = dry.equals("true");
      after = Optional.ofNullable(params.get("after")).map(a -> DifferencePageToken.parse(a)
          .filter(t -> t.kind() == DifferenceKind.MISSING_IN_TALLY)
          .orElseThrow(() -> new BadParam("after", "after must be the 'next' of an earlier apply-missing call")));
      limit = Optional.ofNullable(params.get("limit")).map(RouteSupport::integer)
          .orElse(Optional.of(settings.statements().applyMax()))
          .filter(l -> l >= 1 && l <= settings.statements().applyMax())
          .orElseThrow(() -> new BadParam("limit", "limit must be an integer from 1 to "
              + settings.statements().applyMax()));
    } catch (BadParam bad) {
      return complete(support.badRequest(bad.field, bad.getMessage()));
    }
    return onSuccess(store.get(id), stored -> stored.isEmpty() ? complete(notFound(id))
        : onSuccess(statements.report(id), report -> {
          Optional<String> refusal = applicable(stored.get(), report);
          if (refusal.isPresent()) {
            return complete(error(StatusCodes.CONFLICT, "not_applicable", refusal.get()));
          }
          long missing = report.get().counts().getOrDefault(DifferenceKind.MISSING_IN_TALLY.wireName(), 0L);
          boolean truncated = report.get().differencesKept() < report.get().counts().entrySet().stream()
              .filter(c -> !c.getKey().equals(DifferenceKind.MATCHED.wireName())).mapToLong(Map.Entry::getValue).sum();
          return onSuccess(statements.differences(id, DifferenceKind.MISSING_IN_TALLY,
              after.map(DifferencePageToken::cursor), limit + 1), found -> {
                List<StatementDifference> rows = found.size() > limit ? found.subList(0, limit) : found;
                String next = found.size() > limit ? new DifferencePageToken(DifferenceKind.MISSING_IN_TALLY,
                    cursorOf(rows.get(limit - 1))).text() : null;
                List<com.fasterxml.jackson.databind.JsonNode> sample = rows.stream().limit(APPLY_SAMPLE)
                    .map(d -> eventJson(d.event().orElseThrow())).toList();
                if (dryRun) {
                  return complete(support.json().response(StatusCodes.OK, new ApplyMissingBody(true, rows.size(),
                      null, sample, truncated, next)));
                }
                return onSuccess(runner.applyMissing(stored.get(), rows), results -> {
                  Map<String, Long> outcomes = new java.util.TreeMap<>();
                  results.forEach(r -> outcomes.merge(r.status().wireName(), 1L, Long::sum));
                  log.info("{} applied {} of {} records of statement {} missing in Tally: {}", caller.id(),
                      rows.size(), missing, id, outcomes);
                  return complete(support.json().response(StatusCodes.OK, new ApplyMissingBody(false, rows.size(),
                      outcomes, sample, truncated, next)));
                });
              });
        }));
  }

  private com.fasterxml.jackson.databind.JsonNode eventJson(String text) {
    try {
      return support.json().mapper().readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
    }
  }

  /** Why the batch's missing records cannot be applied, if they cannot. */
  private static Optional<String> applicable(Batch batch, Optional<StatementReport> report) {
    if (batch.spec().mode() != BatchSpec.Mode.STATEMENT || report.isEmpty()) {
      return Optional.of("batch '" + batch.id() + "' is not a statement");
    }
    if (report.get().form() != StatementForm.RECORDS) {
      return Optional.of("statement '" + batch.id() + "' lists window totals: there are no events to apply;"
          + " post the records of the missing windows instead");
    }
    if (report.get().phase() != StatementReport.Phase.DONE) {
      return Optional.of("statement '" + batch.id() + "' is not compared yet (" + report.get().phase().wireName()
          + ")");
    }
    return Optional.empty();
  }

  private int limit(Map<String, String> params) {
    return Optional.ofNullable(params.get("limit")).map(RouteSupport::integer)
        .orElse(Optional.of(settings.pageDefault())).filter(l -> l >= 1 && l <= settings.pageMax())
        .orElseThrow(() -> new BadParam("limit", "limit must be an integer from 1 to " + settings.pageMax()));
  }

  private static String id(Map<String, String> params) {
    String id = params.get("id");
    if (id == null) {
      return UUID.randomUUID().toString();
    }
    if (!BatchSpool.BATCH_ID.matcher(id).matches()) {
      throw new BadParam("id", "id must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return id;
  }

  /** A statement's form ({@code records} unless named); empty for a load. */
  private static Optional<StatementForm> form(Map<String, String> params) {
    String modeText = params.getOrDefault("mode", BatchSpec.Mode.LOAD.wireName());
    BatchSpec.Mode mode = BatchSpec.Mode.fromWireName(modeText).orElseThrow(() -> new BadParam("mode",
        "mode must be 'load' or 'statement', not '" + modeText + "'"));
    String formText = params.get("form");
    if (mode == BatchSpec.Mode.LOAD) {
      if (formText != null) {
        throw new BadParam("form", "form applies to mode 'statement'");
      }
      return Optional.empty();
    }
    String named = formText == null ? StatementForm.RECORDS.wireName() : formText;
    return Optional.of(StatementForm.fromWireName(named).orElseThrow(() -> new BadParam("form",
        "form must be 'records' or 'totals', not '" + named + "'")));
  }

  private BatchSpec spec(Caller caller, Map<String, String> params, BatchSpec.Format format,
      Optional<StatementForm> form) {
    String source = params.getOrDefault("source", caller.id());
    if (source.isEmpty() || source.length() > sourceMaxLength) {
      throw new BadParam("source", "source must be 1 to " + sourceMaxLength + " characters");
    }
    Optional<Instant> from = instant(params, "from");
    Optional<Instant> to = instant(params, "to");
    if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
      throw new BadParam("to", "to (exclusive) must be after from");
    }
    List<String> fields = form.map(StatementForm::fields).orElse(ColumnMapping.EVENT_FIELDS);
    ColumnMapping mapping = mapping(source, params, fields);
    if (format == BatchSpec.Format.NDJSON && mappingGiven(params)) {
      throw new BadParam("map", "a column mapping applies to CSV files; NDJSON lines are read by their field names");
    }
    for (String field : mapping.fields().keySet()) {
      if (!fields.contains(field)) {
        throw new BadParam(MAP_PREFIX + field, "a " + form.map(f -> "statement of " + f.wireName()).orElse("load")
            + " has no field '" + field + "'; its fields are " + String.join(", ", fields));
      }
    }
    return new BatchSpec(source, form.isPresent() ? BatchSpec.Mode.STATEMENT : BatchSpec.Mode.LOAD, format, from, to,
        mapping);
  }

  private ColumnMapping mapping(String source, Map<String, String> params, List<String> byName) {
    Map<String, String> fields = new LinkedHashMap<>();
    params.forEach((name, column) -> {
      if (name.startsWith(MAP_PREFIX)) {
        fields.put(name.substring(MAP_PREFIX.length()), column);
      }
    });
    if (!mappingGiven(params)) {
      return Optional.ofNullable(settings.sources().get(source)).orElseGet(() -> ColumnMapping.byName(byName));
    }
    try {
      return ColumnMapping.explicit(fields, list(params.get("attributes")), list(params.get("ignore")));
    } catch (IllegalArgumentException e) {
      throw new BadParam("map", e.getMessage());
    }
  }

  private static boolean mappingGiven(Map<String, String> params) {
    return params.containsKey("attributes") || params.containsKey("ignore")
        || params.keySet().stream().anyMatch(name -> name.startsWith(MAP_PREFIX));
  }

  private static List<String> list(String text) {
    return text == null || text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::strip).toList();
  }

  private static Optional<Instant> instant(Map<String, String> params, String name) {
    String text = params.get(name);
    if (text == null) {
      return Optional.empty();
    }
    return Optional.of(RouteSupport.instant(text).orElseThrow(() -> new BadParam(name,
        name + " must be an ISO-8601 instant such as 2026-11-01T00:00:00Z (years 1 to 9999), not '" + text + "'")));
  }

  /** The batch as the API shows it, with its statement's report when it is one. */
  java.util.concurrent.CompletionStage<BatchBody> body(Batch b) {
    if (b.spec().mode() == BatchSpec.Mode.LOAD) {
      return CompletableFuture.completedFuture(body(b, Optional.empty()));
    }
    return statements.report(b.id()).thenApply(report -> body(b, report));
  }

  private BatchBody body(Batch b, Optional<StatementReport> report) {
    BatchProgress p = b.progress();
    double percent = b.fileBytes() == 0 ? 100 : Math.min(100.0, 100.0 * p.bytesRead() / b.fileBytes());
    return new BatchBody(b.id(), b.spec().source(), b.spec().mode().wireName(), b.spec().format().wireName(),
        b.spec().periodFrom().orElse(null), b.spec().periodTo().orElse(null), b.contentHash(), b.fileBytes(),
        b.status().wireName(), p.rows(), p.bytesRead(), b.status() == BatchStatus.DONE ? 100 : percent,
        runner.rowsPerSecond(b.id()).orElse(null), p.outcomes(), p.checkpointLine(), p.rejectionsKept(),
        b.error().map(e -> new BatchBody.BatchErrorBody(e.code(), e.detail(), e.line(), e.column())).orElse(null),
        report.map(r -> new BatchBody.StatementBody(r.form().wireName(), r.phase().wireName(), r.entitiesCompared(),
            r.allCounts(), r.statementAmount(), r.ledgerAmount(), r.differencesKept(), r.reconciled(),
            r.comparedAt().orElse(null))).orElse(null),
        b.createdAt(), b.updatedAt());
  }

  private HttpResponse tooLarge() {
    return error(StatusCodes.PAYLOAD_TOO_LARGE, "file_too_large", "a batch file may hold at most "
        + settings.maxFileBytes() + " bytes (tally.batches.max-file-bytes)");
  }

  private HttpResponse notFound(String id) {
    return error(StatusCodes.NOT_FOUND, "not_found", "no batch '" + id + "'");
  }

  private HttpResponse error(StatusCode status, String code, String detail) {
    return support.json().response(status, ErrorBody.of(code, detail));
  }

  private static java.util.concurrent.CompletionStage<HttpResponse> done(HttpResponse response) {
    return java.util.concurrent.CompletableFuture.completedFuture(response);
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
