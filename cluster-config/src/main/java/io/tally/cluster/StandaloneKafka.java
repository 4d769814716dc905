package io.tally.cluster;

import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the dev Kafka broker on its own, for a developer to point a connector or a console client
 * at. Settings come from {@code tally.kafka.embedded} (override with -D, e.g. {@code
 * -Dtally.kafka.embedded.data-dir=... -Dtally.kafka.embedded.port=19092}). Prints {@link
 * #READY_LINE} and the bootstrap servers once the broker answers a metadata request; SIGTERM stops
 * the broker (cleanly) and then this JVM.
 */
public final class StandaloneKafka {

  /** The line scripts wait for. */
  public static final String READY_LINE = "tally-kafka: ready on ";

  private StandaloneKafka() {}

  public static void main(String[] args) throws InterruptedException {
    KafkaBrokerSettings settings =
        KafkaBrokerSettings.fromConfig(
            ConfigFactory.systemProperties()
                .withFallback(ConfigFactory.parseResources("tally-kafka.conf"))
                .resolve()
                .getConfig("tally.kafka.embedded"));
    RunningKafka broker = KafkaLauncher.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.stop();
                  stopped.countDown();
                },
                "tally-kafka-standalone-stop"));
    System.out.println(READY_LINE + broker.bootstrapServers() + " (pid " + broker.pid() + ")");
    System.out.flush();
    // Runs until SIGTERM; the shutdown hook releases the latch after the broker has stopped.
    stopped.await();
  }
}
