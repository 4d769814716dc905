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
import io.tally.http.dto.BatchBody;
import io.tally.http.dto.BatchRejectionsPage;
import io.tally.http.dto.ErrorBody;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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

  private final BatchStore store;
  private final BatchSpool spool;
  private final BatchRunner runner;
  private final BatchSettings settings;
  private final BearerAuth auth;
  private final RouteSupport support;
  private final int sourceMaxLength;
  private final scala.concurrent.duration.FiniteDuration uploadTimeout;
  private final Clock clock;

  /** @param sourceMaxLength the event contract's bound on a source */
  public BatchRoutes(BatchStore store, BatchSpool spool, BatchRunner runner, BatchSettings settings, BearerAuth auth,
      RouteSupport support, int sourceMaxLength, Clock clock) {
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
                caller -> parameterMap(params -> rejections(id, params, caller)))))))));
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
      try {
        id = id(params);
        spec = spec(caller, params, format);
      } catch (BadParam bad) {
        return complete(support.badRequest(bad.field, bad.getMessage()));
      } catch (Unsupported unsupported) {
        return complete(error(StatusCodes.NOT_IMPLEMENTED, "not_implemented", unsupported.getMessage()));
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
            return onSuccess(start(id, spec, caller, upload.get()), response -> complete(response));
          }))));
    });
  }

  /** Creates the batch and runs it, or answers with the batch already under its id. */
  private java.util.concurrent.CompletionStage<HttpResponse> start(String id, BatchSpec spec, Caller caller,
      BatchSpool.Upload upload) {
    Instant now = clock.instant();
    Batch fresh = new Batch(id, spec, upload.contentHash(), upload.bytes(), caller, BatchStatus.QUEUED,
        BatchProgress.NONE, Optional.empty(), now, now);
    return store.create(fresh).thenCompose(existing -> {
      if (existing == fresh) {
        return run(upload, fresh, StatusCodes.ACCEPTED);
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
      return done(support.json().response(StatusCodes.OK, body(runner.live(id).orElse(existing))));
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
    return done(support.json().response(status, body(batch))
        .addHeader(Location.create("/v1/batches/" + batch.id())));
  }

  private Route one(String id, Caller caller) {
    return onSuccess(store.get(id), stored -> stored.isEmpty() ? complete(notFound(id))
        : readable(stored.get(), caller, () -> complete(support.json().response(StatusCodes.OK,
            body(runner.live(id).orElse(stored.get()))))));
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

  /** The request asks for something this node does not do yet. */
  private static final class Unsupported extends RuntimeException {
    Unsupported(String detail) {
      super(detail, null, false, false);
    }
  }

  private BatchSpec spec(Caller caller, Map<String, String> params, BatchSpec.Format format) {
    String modeText = params.getOrDefault("mode", BatchSpec.Mode.LOAD.wireName());
    if (modeText.equals("statement")) {
      throw new Unsupported("mode 'statement' (comparing another system's records with the ledger) is not built yet;"
          + " mode 'load' is");
    }
    if (!modeText.equals(BatchSpec.Mode.LOAD.wireName())) {
      throw new BadParam("mode", "mode must be 'load', not '" + modeText + "'");
    }
    String source = params.getOrDefault("source", caller.id());
    if (source.isEmpty() || source.length() > sourceMaxLength) {
      throw new BadParam("source", "source must be 1 to " + sourceMaxLength + " characters");
    }
    Optional<Instant> from = instant(params, "from");
    Optional<Instant> to = instant(params, "to");
    if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
      throw new BadParam("to", "to (exclusive) must be after from");
    }
    ColumnMapping mapping = mapping(source, params);
    if (format == BatchSpec.Format.NDJSON && mappingGiven(params)) {
      throw new BadParam("map", "a column mapping applies to CSV files; NDJSON lines are v1 events");
    }
    return new BatchSpec(source, BatchSpec.Mode.LOAD, format, from, to, mapping);
  }

  private ColumnMapping mapping(String source, Map<String, String> params) {
    Map<String, String> fields = new LinkedHashMap<>();
    params.forEach((name, column) -> {
      if (name.startsWith(MAP_PREFIX)) {
        fields.put(name.substring(MAP_PREFIX.length()), column);
      }
    });
    if (!mappingGiven(params)) {
      return Optional.ofNullable(settings.sources().get(source)).orElseGet(ColumnMapping::byName);
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

  BatchBody body(Batch b) {
    BatchProgress p = b.progress();
    double percent = b.fileBytes() == 0 ? 100 : Math.min(100.0, 100.0 * p.bytesRead() / b.fileBytes());
    return new BatchBody(b.id(), b.spec().source(), b.spec().mode().wireName(), b.spec().format().wireName(),
        b.spec().periodFrom().orElse(null), b.spec().periodTo().orElse(null), b.contentHash(), b.fileBytes(),
        b.status().wireName(), p.rows(), p.bytesRead(), b.status() == BatchStatus.DONE ? 100 : percent,
        runner.rowsPerSecond(b.id()).orElse(null), p.outcomes(), p.checkpointLine(), p.rejectionsKept(),
        b.error().map(e -> new BatchBody.BatchErrorBody(e.code(), e.detail(), e.line(), e.column())).orElse(null),
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
