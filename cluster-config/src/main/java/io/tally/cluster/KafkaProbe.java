package io.tally.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;

/**
 * Readiness of a Kafka broker as a client sees it: a metadata request ({@code describeCluster})
 * answered with at least one live broker. Nothing less (an open port, a log line) proves the broker
 * serves clients: the port listens before the broker has registered with its controller.
 */
final class KafkaProbe {

  private static final String CLIENT_ID = "tally-kafka-probe";

  private KafkaProbe() {}

  /**
   * @return the cluster id the broker answered with
   * @throws IllegalStateException when the broker did not answer within {@code timeout}, or
   *     answered with no live broker yet
   */
  static String clusterId(String bootstrapServers, Duration timeout) {
    int timeoutMs = Math.toIntExact(timeout.toMillis());
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, CLIENT_ID);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    Admin admin = Admin.create(config);
    try {
      DescribeClusterResult cluster =
          admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
      Collection<Node> brokers = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
      if (brokers.isEmpty()) {
        throw new IllegalStateException("no live broker in the metadata of " + bootstrapServers);
      }
      return cluster.clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "no metadata from " + bootstrapServers + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no metadata from " + bootstrapServers + " within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking " + bootstrapServers, e);
    } finally {
      admin.close(timeout);
    }
  }
}
