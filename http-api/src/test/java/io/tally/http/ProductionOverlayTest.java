package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** tally-prod.conf and tally-prod-tls.conf resolve as a node resolves them, to what they promise. */
public class ProductionOverlayTest {

  private static Config resolve(String resource, Map<String, String> environment) {
    return ConfigFactory.parseResources(resource)
        .withFallback(ConfigFactory.defaultReference())
        .withFallback(ConfigFactory.parseMap(environment))
        .resolve();
  }

  @Test
  public void productionCreatesNothingAndBootstrapsThroughTheKubernetesApi() {
    Config prod = resolve("tally-prod.conf", Map.of());
    for (String flag : List.of(
        "akka.persistence.cassandra.journal.keyspace-autocreate",
        "akka.persistence.cassandra.journal.tables-autocreate",
        "akka.persistence.cassandra.snapshot.keyspace-autocreate",
        "akka.persistence.cassandra.snapshot.tables-autocreate",
        "tally.projections.tables-autocreate")) {
      assertFalse(flag, prod.getBoolean(flag));
    }
    assertFalse(prod.getBoolean("tally.cassandra.embedded.enabled"));
    assertFalse(prod.getBoolean("tally.http.auth.generate-dev-token"));
    assertEquals("bootstrap", prod.getString("tally.cluster.join"));
    assertEquals("kubernetes-api", prod.getString("akka.discovery.method"));
    assertEquals("tally", prod.getString("akka.management.cluster.bootstrap.contact-point-discovery.service-name"));
    assertEquals(3, prod.getInt("akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"));
    assertEquals("keep-majority", prod.getString("akka.cluster.split-brain-resolver.active-strategy"));
    assertTrue(prod.getBoolean("akka.coordinated-shutdown.exit-jvm"));
    assertEquals("tcp", prod.getString("akka.remote.artery.transport"));
    // Its schema exists beforehand: a start-up step is allowed less time than in dev.
    assertEquals(java.time.Duration.ofSeconds(30), prod.getDuration("tally.node.start-step-timeout"));
    assertEquals(java.time.Duration.ofMinutes(2),
        resolve("application.conf", Map.of()).getDuration("tally.node.start-step-timeout"));
  }

  @Test
  public void environmentVariablesReachTheirKeys() {
    Config prod = resolve("tally-prod.conf", Map.of(
        "TALLY_REQUIRED_CONTACT_POINTS", "5",
        "TALLY_MANAGEMENT_HOSTNAME", "127.0.0.1",
        "TALLY_MANAGEMENT_PORT", "18558",
        "TALLY_ARTERY_HOSTNAME", "127.0.0.1",
        "TALLY_CASSANDRA_CONTACT_POINTS", "cassandra.example:9042"));
    assertEquals(5, prod.getInt("akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"));
    assertEquals("127.0.0.1", prod.getString("akka.management.http.hostname"));
    assertEquals(18558, prod.getInt("akka.management.http.port"));
    assertEquals("127.0.0.1", prod.getString("akka.remote.artery.canonical.hostname"));
    assertEquals("cassandra.example:9042", prod.getString("tally.cassandra.contact-points"));
  }

  @Test
  public void productionOverlaysSendLedgerMessagesThroughTheLargeMessageLane() {
    Config dev = ConfigFactory.load();
    Config prod = resolve("tally-prod.conf", Map.of());
    Config tls = resolve("tally-prod-tls.conf", Map.of(
        "TALLY_ARTERY_KEY_STORE", "k", "TALLY_ARTERY_KEY_STORE_PASSWORD", "k",
        "TALLY_ARTERY_TRUST_STORE", "t", "TALLY_ARTERY_TRUST_STORE_PASSWORD", "t"));
    for (Config config : List.of(prod, tls)) {
      assertEquals(List.of("/system/sharding/LedgerEntity", "/temp/LedgerEntity-*"),
          config.getStringList("akka.remote.artery.large-message-destinations"));
      for (String key : List.of(
          "akka.remote.artery.advanced.maximum-frame-size",
          "akka.remote.artery.advanced.maximum-large-frame-size",
          "akka.remote.artery.advanced.large-buffer-pool-size",
          "akka.remote.artery.advanced.outbound-large-message-queue-size",
          "akka.remote.artery.log-frame-size-exceeding")) {
        assertEquals(key, dev.getValue(key).unwrapped(), config.getValue(key).unwrapped());
      }
    }
    assertEquals(256 * 1024L, (long) prod.getBytes("akka.remote.artery.advanced.maximum-frame-size"));
  }

  @Test
  public void tlsOverlayNeedsItsStoresAndRequiresMutualAuthentication() {
    assertThrows(ConfigException.UnresolvedSubstitution.class, () -> resolve("tally-prod-tls.conf", Map.of()));
    Config tls = resolve("tally-prod-tls.conf", Map.of(
        "TALLY_ARTERY_KEY_STORE", "/var/run/secrets/tally-artery-tls/keystore.p12",
        "TALLY_ARTERY_KEY_STORE_PASSWORD", "k",
        "TALLY_ARTERY_TRUST_STORE", "/var/run/secrets/tally-artery-tls/truststore.p12",
        "TALLY_ARTERY_TRUST_STORE_PASSWORD", "t"));
    assertEquals("tls-tcp", tls.getString("akka.remote.artery.transport"));
    Config engine = tls.getConfig("akka.remote.artery.ssl.config-ssl-engine");
    assertEquals("/var/run/secrets/tally-artery-tls/keystore.p12", engine.getString("key-store"));
    assertEquals("k", engine.getString("key-password"));
    assertTrue(engine.getBoolean("require-mutual-authentication"));
    assertFalse(tls.getBoolean("tally.projections.tables-autocreate"));
  }
}
