package io.tally.bench.entity;

import akka.persistence.testkit.PersistenceTestKitPlugin;
import akka.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** In-memory journal and snapshot store that serialize (CBOR), as a real journal would. */
final class BenchConfig {

  private BenchConfig() {}

  static Config withSnapshotEvery(int snapshotEvery) {
    return ConfigFactory.parseString(String.join("\n",
            "akka.loglevel = WARNING",
            "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]",
            "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"",
            "akka.persistence.testkit.events.serialize = on",
            "akka.persistence.testkit.snapshots.serialize = on",
            "tally.ledger.snapshot-every = " + snapshotEvery))
        .withFallback(PersistenceTestKitPlugin.config())
        .withFallback(PersistenceTestKitSnapshotPlugin.config())
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }
}
