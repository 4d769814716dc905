package io.tally.http.batch;

import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.FileIO;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Uploaded batch files on this node's disk, kept until their batch is finished so that a batch
 * resumes after a restart. A body is written to a file of its own while its SHA-256 and size are
 * counted (never held in memory), synced to disk, then renamed to its batch id.
 */
public final class BatchSpool {

  /** Batch ids are file names here, so they keep to a safe alphabet. */
  public static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final String SUFFIX = ".batch";
  private static final String PART = ".part";

  /** An upload on disk, not yet a batch's. */
  public record Upload(Path file, String contentHash, long bytes) {}

  /** A body larger than the spool takes. */
  public static final class TooLarge extends RuntimeException {
    TooLarge(long max) {
      super("the file is larger than " + max + " bytes", null, false, false);
    }
  }

  private final Path directory;
  private final long maxBytes;
  private final ActorSystem<?> system;

  public BatchSpool(Path directory, long maxBytes, ActorSystem<?> system) {
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.system = system;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the batch spool directory " + directory, e);
    }
  }

  /** Writes a body to a new file; fails with {@link TooLarge} past the limit (the file is removed). */
  public CompletionStage<Upload> receive(Source<ByteString, ?> body) {
    Path part = directory.resolve(UUID.randomUUID() + PART);
    MessageDigest digest = sha256();
    AtomicLong size = new AtomicLong();
    return body
        .map(bytes -> {
          if (size.addAndGet(bytes.size()) > maxBytes) {
            throw new TooLarge(maxBytes);
          }
          digest.update(bytes.toArrayUnsafe());
          return bytes;
        })
        .runWith(FileIO.toPath(part, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)), system)
        .thenApplyAsync(written -> {
          sync(part);
          return new Upload(part, HexFormat.of().formatHex(digest.digest()), size.get());
        }, blocking())
        .whenComplete((upload, failure) -> {
          if (failure != null) {
            delete(part);
          }
        });
  }

  /** Makes an upload the file of batch {@code id}. */
  public void keep(Upload upload, String id) {
    try {
      Files.move(upload.file(), file(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the upload of batch " + id, e);
    }
  }

  public void discard(Upload upload) {
    delete(upload.file());
  }

  public boolean has(String id) {
    return Files.isRegularFile(file(id));
  }

  public InputStream open(String id) {
    try {
      return Files.newInputStream(file(id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file of batch " + id, e);
    }
  }

  public void remove(String id) {
    delete(file(id));
  }

  /** Ids of the batches whose files are here; unfinished uploads (a restart cut them off) are removed. */
  public List<String> kept() {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> all = files.toList();
      all.stream().filter(p -> p.getFileName().toString().endsWith(PART)).forEach(BatchSpool::delete);
      return all.stream().map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
          .map(n -> n.substring(0, n.length() - SUFFIX.length())).filter(id -> BATCH_ID.matcher(id).matches())
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the batch spool " + directory, e);
    }
  }

  private Path file(String id) {
    if (!BATCH_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a batch id: " + id);
    }
    return directory.resolve(id + SUFFIX);
  }

  private java.util.concurrent.Executor blocking() {
    return system.dispatchers().lookup(akka.actor.typed.DispatcherSelector.blocking());
  }

  private static void sync(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync " + file, e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
