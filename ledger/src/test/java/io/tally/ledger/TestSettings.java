package io.tally.ledger;

import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Test configuration: the module's reference.conf plus small overrides. */
final class TestSettings {

  /**
   * The ActorSystem config for entity tests: in-memory journal and snapshot store that really
   * serialize (so recovery goes through CBOR), slf4j logging, tiny snapshot interval.
   */
  static final Config SYSTEM = ConfigFactory.parseString(String.join("\n",
          "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]",
          "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"",
          "akka.loglevel = DEBUG",
          "akka.persistence.testkit.events.serialize = on",
          "akka.persistence.testkit.snapshots.serialize = on",
          "tally.ledger.snapshot-every = 4",
          "tally.ledger.persist-failure-backoff.min = 10ms",
          "tally.ledger.persist-failure-backoff.max = 50ms"))
      .withFallback(EventSourcedBehaviorTestKit.config())
      .withFallback(ConfigFactory.defaultReference())
      .resolve();

  private TestSettings() {}

  static LedgerSettings ledger() {
    return LedgerSettings.create(SYSTEM);
  }

  /** The ledger settings with overrides, e.g. {@code "tally.ledger.late-policy = reject"}. */
  static LedgerSettings ledger(String... overrides) {
    return LedgerSettings.create(
        ConfigFactory.parseString(String.join("\n", overrides)).withFallback(SYSTEM));
  }
}
