package io.tally.http.ingest;

import akka.NotUsed;
import akka.japi.Pair;
import akka.japi.pf.PFBuilder;
import akka.stream.javadsl.Framing;
import akka.stream.javadsl.FramingTruncation;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import io.tally.http.dto.ErrorBody;
import io.tally.http.dto.EventResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import io.tally.http.RequestId;
import io.tally.http.HttpSettings;
import io.tally.http.RouteSupport;
import io.tally.http.auth.Caller;

/**
 * One NDJSON ingest stream: lines are framed, read and ingested in chunks (bounded by events and by
 * bytes), and answered one result line per input line, in order. Every way the stream can stop
 * early ends the answer with one error line saying where: a line too long, more events than
 * allowed, no line for the idle timeout, the stream running past its maximum duration, or the body
 * failing. Results before the error line are final; lines from {@code resendFrom} on were not taken.
 */
final class NdjsonIngest {

  private static final ByteString NEWLINE = ByteString.fromString("\n");

  private final EventIngestion ingestion;
  private final EventJsonReader reader;
  private final RouteSupport support;
  private final HttpSettings.Limits limits;
  private final HttpSettings.Ingest ingest;

  NdjsonIngest(EventIngestion ingestion, EventJsonReader reader, RouteSupport support, HttpSettings settings) {
    this.ingestion = ingestion;
    this.reader = reader;
    this.support = support;
    this.limits = settings.limits();
    this.ingest = settings.ingest();
  }

  /** The answer to one request body, as NDJSON bytes. */
  Source<ByteString, NotUsed> answer(Source<ByteString, ?> body, Caller caller, RequestId requestId) {
    AtomicLong answered = new AtomicLong();
    return body
        .via(Framing.delimiter(NEWLINE, limits.maxNdjsonLineBytes(), FramingTruncation.ALLOW))
        .mapError(new PFBuilder<Throwable, Throwable>()
            .match(akka.stream.scaladsl.Framing.FramingException.class, e -> new Stopped("line_too_long",
                "an NDJSON line is longer than " + limits.maxNdjsonLineBytes() + " bytes"))
            .build())
        .filter(line -> !line.utf8String().isBlank())
        .idleTimeout(ingest.ndjsonIdleTimeout())
        .mapError(new PFBuilder<Throwable, Throwable>()
            .match(TimeoutException.class, e -> new Stopped("stream_idle",
                "no complete NDJSON line arrived for " + ingest.ndjsonIdleTimeout()))
            .build())
        .zipWithIndex()
        // One line past the limit is let through only to say that the limit was reached.
        .take(limits.maxNdjsonEvents() + 1)
        .groupedWeightedWithin(ingest.ndjsonChunkBytes(), ingest.ndjsonChunkEvents(),
            line -> (long) line.first().size(), ingest.ndjsonChunkWindow())
        .mapAsync(1, chunk -> ingestChunk(chunk, caller, requestId, answered))
        .mapConcat(lines -> lines)
        .completionTimeout(ingest.ndjsonMaxDuration())
        .mapError(new PFBuilder<Throwable, Throwable>()
            .match(TimeoutException.class, e -> new Stopped("stream_too_long",
                "the stream ran longer than " + ingest.ndjsonMaxDuration() + "; split longer uploads"))
            .build())
        .recover(new PFBuilder<Throwable, ByteString>()
            .matchAny(failure -> stoppedLine(failure, answered.get()))
            .build())
        .mapMaterializedValue(m -> NotUsed.getInstance());
  }

  /** Ingests one chunk; {@code answered} becomes the index after its last line. */
  private CompletionStage<List<ByteString>> ingestChunk(
      List<Pair<ByteString, Long>> chunk, Caller caller, RequestId requestId, AtomicLong answered) {
    List<SubmittedEvent> submitted = new ArrayList<>(chunk.size());
    boolean overLimit = false;
    for (Pair<ByteString, Long> line : chunk) {
      if (line.second() >= limits.maxNdjsonEvents()) {
        overLimit = true;
      } else {
        submitted.add(ingestion.check(line.second(), reader.line(line.first(), caller.id()), RawEvent.line(line.first()),
            caller));
      }
    }
    boolean stopHere = overLimit;
    return ingestion.ingest(submitted, caller, requestId).thenApply(results -> {
      List<ByteString> lines = new ArrayList<>(results.size() + 1);
      results.forEach(r -> lines.add(line(r)));
      results.stream().mapToLong(EventResult::index).max().ifPresent(last -> answered.set(last + 1));
      if (stopHere) {
        lines.add(errorLine(ErrorBody.of("too_many_events", "an NDJSON request may hold at most "
            + limits.maxNdjsonEvents() + " events; every line before index " + limits.maxNdjsonEvents()
            + " is answered above, send the rest in another request")));
      }
      return lines;
    });
  }

  private ByteString stoppedLine(Throwable failure, long resendFrom) {
    String where = "; every line before index " + resendFrom + " is answered above, resend from there";
    if (failure instanceof Stopped stopped) {
      return errorLine(ErrorBody.of(stopped.code, stopped.getMessage() + where));
    }
    return errorLine(ErrorBody.of("stream_failed", "the request stream failed: " + failure.getMessage() + where));
  }

  private ByteString line(EventResult result) {
    return support.ndjsonLine(result);
  }

  private ByteString errorLine(ErrorBody body) {
    return support.ndjsonLine(body);
  }

  /** Why the stream stopped early, as the code and detail of its error line. */
  private static final class Stopped extends RuntimeException {
    private final String code;

    Stopped(String code, String detail) {
      super(detail, null, false, false);
      this.code = code;
    }
  }
}
