package io.tally.bench;

import io.tally.bench.batch.BatchSection;
import io.tally.bench.readside.AuditShape;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one benchmark run does and how long it may take. Two profiles: the full run (default,
 * bounded by {@link #FULL_TIME_LIMIT}) and {@code --quick} (fewer cells, shorter ones).
 *
 * <pre>
 * --quick                    shorter cells, fewer of them, one repetition (bounded by 13 minutes)
 * --only hotpath,ingest,...  sections to run (default: all; see {@link Section})
 * --cell-seconds N           measured seconds per load cell (warm-up comes on top)
 * --repeats N                runs of every load cell, for min / median / max (default 3; quick 1)
 * --time-limit-minutes N     hard bound on the whole run
 * --out DIR                  where results-&lt;timestamp&gt;.md goes (default benchmarks/target)
 * --concurrency 1,8,...      ingest cells' requests in flight (default 1,8,32,64; quick 8,64)
 * --batch 1,10,...           ingest cells' events per request (default 1,100)
 * --spread-concurrency 4,... many-entity cells' requests in flight (default 4,8,16,32,64,128,256;
 *                            quick 8,64,256)
 * --open-loop-rate N         the open-loop cell's events/s (default: half of the single-event peak)
 * --cassandra-heap 1g        the Cassandra node's -Xmx/-Xms (default 1g, as the integration tests)
 * --audit-shapes 10x10000,.. the audit section's journals, ENTITIESxEVENTS each (default 10x10000,100000x3;
 *                            quick 10x2000,20000x3)
 * --recovery-events N        events of the recovery section's entity (default 20000; quick 5000)
 * --batch-rows N             rows of the batch section's CSV file (default 1000000; quick 100000)
 * --batch-shape 100,contiguous  rows per entity, and whether an entity's rows are together
 *                            (contiguous, a file sorted by entity) or spread (sorted by time)
 * --cdc-records N            Debezium changes the cdc section consumes from Kafka, ten per row
 *                            (default 100000; quick 20000)
 * </pre>
 *
 * <p>The batch and cdc sections run only when named ({@code --only batch}, {@code --only cdc}):
 * the batch's million rows take longer than the full run's time limit leaves, and the cdc section
 * starts a Kafka broker of its own.
 */
public record RunOptions(
    boolean quick,
    Set<Section> sections,
    List<Integer> concurrencies,
    List<Integer> batchSizes,
    List<Integer> spreadConcurrencies,
    int repeats,
    double openLoopRate,
    Duration cellWarmUp,
    Duration cell,
    Duration timeLimit,
    Path outDir,
    String cassandraHeap,
    List<AuditShape> auditShapes,
    int recoveryEvents,
    int batchRows,
    int batchRowsPerEntity,
    BatchSection.Order batchOrder,
    int cdcRecords) {

  /** The cdc section's rows: each gets ten of its changes. */
  public int cdcRows() {
    return Math.max(1, cdcRecords / CDC_CHANGES_PER_ROW);
  }

  /** Paced load of the lag section, steady phase length, audit and recovery volumes, memory sizes. */
  public int lagEventsPerSecond() {
    return quick ? 100 : 200;
  }

  public Duration lagSteady() {
    return Duration.ofSeconds(quick ? 15 : 40);
  }

  public List<AuditShape> auditShapes() {
    return auditShapes;
  }

  public int memoryKeys() {
    return quick ? 200_000 : 1_000_000;
  }

  public int memoryEntities() {
    return quick ? 500 : 2_000;
  }

  /** The read-side ceiling's warm-up, closed-loop and paced-cell lengths. */
  public Duration ceilingWarmUp() {
    return Duration.ofSeconds(quick ? 3 : 5);
  }

  public Duration ceilingClosedLoop() {
    return Duration.ofSeconds(quick ? 8 : 20);
  }

  public Duration ceilingCell() {
    return Duration.ofSeconds(quick ? 10 : 30);
  }

  /** The ceiling section's own bound, its node's start included (within what is left of the run). */
  public Duration ceilingTimeLimit() {
    return quick ? QUICK_CEILING_LIMIT : FULL_CEILING_LIMIT;
  }

  /** Whether the open-loop cell's rate is half of the single-event peak measured in the run. */
  public boolean openLoopAtHalfPeak() {
    return openLoopRate == 0;
  }

  // Every load cell runs `repeats` times: the full run's cells are shorter than one long run's
  // were, and three of them give a spread, not just a figure.
  public static final Duration FULL_TIME_LIMIT = Duration.ofMinutes(60);
  public static final Duration QUICK_TIME_LIMIT = Duration.ofMinutes(13);
  private static final List<Integer> FULL_CONCURRENCIES = List.of(1, 8, 32, 64);
  private static final List<Integer> QUICK_CONCURRENCIES = List.of(8, 64);
  private static final List<Integer> BATCHES = List.of(1, 100);
  /** From well under the write side's peak to past the node's admission bound's reach. */
  private static final List<Integer> FULL_SPREAD_CONCURRENCIES = List.of(4, 8, 16, 32, 64, 128, 256);
  private static final List<Integer> QUICK_SPREAD_CONCURRENCIES = List.of(8, 64, 256);
  private static final int FULL_REPEATS = 3;
  private static final int QUICK_REPEATS = 1;
  private static final Duration FULL_CELL = Duration.ofSeconds(8);
  private static final Duration QUICK_CELL = Duration.ofSeconds(4);
  private static final Duration FULL_WARM_UP = Duration.ofSeconds(3);
  private static final Duration QUICK_WARM_UP = Duration.ofSeconds(2);
  private static final String DEFAULT_CASSANDRA_HEAP = "1g";
  private static final Duration FULL_CEILING_LIMIT = Duration.ofMinutes(9).plusSeconds(30);
  private static final Duration QUICK_CEILING_LIMIT = Duration.ofMinutes(3).plusSeconds(45);
  // Few long entities and many small ones: the audit's two costs (decoding, a round trip per entity).
  private static final List<AuditShape> FULL_AUDIT_SHAPES =
      List.of(new AuditShape(10, 10_000), new AuditShape(100_000, 3));
  private static final List<AuditShape> QUICK_AUDIT_SHAPES =
      List.of(new AuditShape(10, 2_000), new AuditShape(20_000, 3));
  private static final int FULL_BATCH_ROWS = 1_000_000;
  private static final int DEFAULT_BATCH_ROWS_PER_ENTITY = 100;
  private static final int QUICK_BATCH_ROWS = 100_000;
  private static final int FULL_CDC_RECORDS = 100_000;
  private static final int QUICK_CDC_RECORDS = 20_000;
  private static final int CDC_CHANGES_PER_ROW = 10;
  private static final int FULL_RECOVERY_EVENTS = 20_000;
  private static final int QUICK_RECOVERY_EVENTS = 5_000;

  /** The parts of a run, in the order they run. */
  public enum Section {
    HOTPATH, INGEST, OPENLOOP, SPREAD, LAG, AUDIT, RECOVERY, MEMORY, CEILING, BATCH, CDC;

    static Section parse(String name) {
      return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
  }

  public static RunOptions parse(String... args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    Set<Section> sections = EnumSet.complementOf(EnumSet.of(Section.BATCH, Section.CDC));
    Duration cell = quick ? QUICK_CELL : FULL_CELL;
    Duration limit = quick ? QUICK_TIME_LIMIT : FULL_TIME_LIMIT;
    Path out = Path.of("benchmarks", "target");
    List<Integer> concurrencies = quick ? QUICK_CONCURRENCIES : FULL_CONCURRENCIES;
    List<Integer> batches = BATCHES;
    List<Integer> spread = quick ? QUICK_SPREAD_CONCURRENCIES : FULL_SPREAD_CONCURRENCIES;
    int repeats = quick ? QUICK_REPEATS : FULL_REPEATS;
    double openLoopRate = 0;
    String cassandraHeap = DEFAULT_CASSANDRA_HEAP;
    List<AuditShape> auditShapes = quick ? QUICK_AUDIT_SHAPES : FULL_AUDIT_SHAPES;
    int recoveryEvents = quick ? QUICK_RECOVERY_EVENTS : FULL_RECOVERY_EVENTS;
    int batchRows = quick ? QUICK_BATCH_ROWS : FULL_BATCH_ROWS;
    int batchRowsPerEntity = DEFAULT_BATCH_ROWS_PER_ENTITY;
    BatchSection.Order batchOrder = BatchSection.Order.CONTIGUOUS;
    int cdcRecords = quick ? QUICK_CDC_RECORDS : FULL_CDC_RECORDS;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> { }
        case "--only" -> {
          sections = EnumSet.noneOf(Section.class);
          for (String s : value(args, ++i).split(",")) {
            sections.add(Section.parse(s));
          }
        }
        case "--cell-seconds" -> cell = Duration.ofSeconds(Long.parseLong(value(args, ++i)));
        case "--time-limit-minutes" -> limit = Duration.ofMinutes(Long.parseLong(value(args, ++i)));
        case "--out" -> out = Path.of(value(args, ++i));
        case "--concurrency" -> concurrencies = numbers(value(args, ++i));
        case "--batch" -> batches = numbers(value(args, ++i));
        case "--spread-concurrency" -> spread = numbers(value(args, ++i));
        case "--repeats" -> repeats = positive("--repeats", Integer.parseInt(value(args, ++i)));
        case "--open-loop-rate" -> openLoopRate = positive("--open-loop-rate", Double.parseDouble(value(args, ++i)));
        case "--cassandra-heap" -> cassandraHeap = heap(value(args, ++i));
        case "--audit-shapes" ->
            auditShapes = Arrays.stream(value(args, ++i).split(",")).map(AuditShape::parse).toList();
        case "--recovery-events" -> recoveryEvents = positive("--recovery-events", Integer.parseInt(value(args, ++i)));
        case "--batch-rows" -> batchRows = positive("--batch-rows", Integer.parseInt(value(args, ++i)));
        case "--batch-shape" -> {
          String[] shape = value(args, ++i).split(",");
          batchRowsPerEntity = positive("--batch-shape rows per entity", Integer.parseInt(shape[0].trim()));
          batchOrder = shape.length > 1
              ? BatchSection.Order.valueOf(shape[1].trim().toUpperCase(java.util.Locale.ROOT))
              : BatchSection.Order.CONTIGUOUS;
        }
        case "--cdc-records" -> cdcRecords = positive("--cdc-records", Integer.parseInt(value(args, ++i)));
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see RunOptions)");
      }
    }
    return new RunOptions(quick, sections, concurrencies, batches, spread, repeats, openLoopRate,
        quick ? QUICK_WARM_UP : FULL_WARM_UP,
        cell, limit, out.toAbsolutePath(), cassandraHeap, auditShapes, recoveryEvents, batchRows,
        batchRowsPerEntity, batchOrder, cdcRecords);
  }

  private static String heap(String size) {
    if (!size.matches("[1-9][0-9]*[mMgG]")) {
      throw new IllegalArgumentException("--cassandra-heap takes a JVM size such as 1g or 2048m, not " + size);
    }
    return size;
  }

  private static List<Integer> numbers(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf)
        .map(n -> positive("a concurrency or batch", n)).toList();
  }

  private static <N extends Number> N positive(String what, N n) {
    if (!(n.doubleValue() > 0)) {
      throw new IllegalArgumentException(what + " must be positive, not " + n);
    }
    return n;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  public boolean runs(Section section) {
    return sections.contains(section);
  }
}
