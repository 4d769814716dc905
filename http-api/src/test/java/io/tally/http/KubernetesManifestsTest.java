package io.tally.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import akka.actor.typed.javadsl.Adapter;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.testkit.JUnitRouteTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;
import io.tally.http.node.NodeReadiness;
import io.tally.http.node.Readiness;

/**
 * cluster-config/k8s/*.yaml parse, hold the expected objects, and agree with the code: probe paths
 * are answered by the real health routes (or are Akka Management's health paths), ports and
 * discovery labels are the production overlay's.
 */
public class KubernetesManifestsTest extends JUnitRouteTest {

  private static final Path MANIFESTS = Path.of("..", "cluster-config", "k8s");
  /** 10.x, 172.16-31.x, 192.168.x: manifests take addresses from the downward API, never literals. */
  private static final Pattern PRIVATE_ADDRESS = Pattern.compile(
      "\\b(10\\.\\d{1,3}|172\\.(1[6-9]|2\\d|3[01])|192\\.168)\\.\\d{1,3}\\.\\d{1,3}\\b");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  @Override
  public Config additionalConfig() {
    return ConfigFactory.parseString("akka.actor.provider = local");
  }

  /** tally-prod.conf as a node resolves it with no TALLY_* variables set. */
  private static Config prod() {
    return ConfigFactory.parseResources("tally-prod.conf").withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  public void everyManifestParsesAndTheExpectedObjectsArePresent() throws Exception {
    Map<String, JsonNode> objects = objects();
    assertEquals(
        new TreeSet<>(List.of("ConfigMap/tally-config", "Deployment/tally", "Job/tally-schema",
            "PodDisruptionBudget/tally", "Role/tally-pod-reader", "RoleBinding/tally-read-pods",
            "Service/tally", "ServiceAccount/tally")),
        new TreeSet<>(objects.keySet()));
    for (Path file : files()) {
      assertFalse(file + " holds a literal private address; use the downward API (status.podIP)",
          PRIVATE_ADDRESS.matcher(Files.readString(file)).find());
    }
  }

  @Test
  public void probesHitTheRealHealthRoutesOrAkkaManagementsHealthPaths() throws Exception {
    JsonNode container = container(objects().get("Deployment/tally"));
    Config prod = prod();
    RouteFixture fixture = new RouteFixture(Adapter.toTyped(system()),
        (key, from, limit) -> CompletableFuture.completedFuture(List.of()),
        () -> CompletableFuture.completedFuture(
            Readiness.of(Map.of(NodeReadiness.CLUSTER, Readiness.OK, NodeReadiness.CASSANDRA, Readiness.OK))));
    Set<String> management = Set.of(
        "/" + prod.getString("akka.management.health-checks.readiness-path"),
        "/" + prod.getString("akka.management.health-checks.liveness-path"));

    Map<String, String> probed = new HashMap<>();
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      JsonNode httpGet = container.path(probe).path("httpGet");
      assertFalse(probe + " missing", httpGet.isMissingNode());
      String path = httpGet.get("path").asText();
      String port = httpGet.get("port").asText();
      probed.put(probe, port + path);
      if (port.equals("http")) {
        testRoute(fixture.route).run(HttpRequest.GET(path)).assertStatusCode(StatusCodes.OK);
      } else {
        assertEquals(probe, "management", port);
        assertTrue(probe + " path " + path + " is not one of " + management, management.contains(path));
      }
    }
    assertEquals("http/health/ready", probed.get("readinessProbe"));
    assertEquals("http/health/alive", probed.get("livenessProbe"));
    // the readiness check gives up before the kubelet does
    Duration readinessTimeout = ConfigFactory.load().getDuration("tally.http.readiness-timeout");
    assertTrue(readinessTimeout.toSeconds() < container.path("readinessProbe").path("timeoutSeconds").asInt());
  }

  @Test
  public void portsAndEnvironmentMatchTheProductionOverlay() throws Exception {
    Map<String, JsonNode> objects = objects();
    JsonNode deployment = objects.get("Deployment/tally");
    JsonNode container = container(deployment);
    Config prod = prod();

    Map<String, Integer> ports = new HashMap<>();
    container.get("ports").forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));
    assertEquals(Map.of(
            "http", prod.getInt("tally.http.port"),
            "management", prod.getInt("akka.management.http.port"),
            "remoting", prod.getInt("akka.remote.artery.canonical.port")),
        ports);
    assertEquals("management", prod.getString("akka.management.cluster.bootstrap.contact-point-discovery.port-name"));
    // the kubelet and the Service reach the API on the pod IP, so production binds beyond loopback
    assertFalse(prod.getString("tally.http.interface").startsWith("127."));

    Map<String, JsonNode> env = new HashMap<>();
    container.get("env").forEach(e -> env.put(e.get("name").asText(), e));
    for (String podIp : List.of("TALLY_ARTERY_HOSTNAME", "TALLY_MANAGEMENT_HOSTNAME")) {
      assertEquals(podIp, "status.podIP", env.get(podIp).at("/valueFrom/fieldRef/fieldPath").asText());
    }
    JsonNode tokens = env.get("TALLY_API_TOKENS").at("/valueFrom/secretKeyRef");
    assertEquals("tally-api-tokens", tokens.get("name").asText());
    assertTrue(env.values().stream().noneMatch(e -> e.has("value") && e.get("name").asText().contains("TOKEN")));

    JsonNode config = objects.get("ConfigMap/tally-config").get("data");
    assertEquals("tally-config", container.at("/envFrom/0/configMapRef/name").asText());
    assertEquals(deployment.at("/spec/replicas").asInt(), config.get("TALLY_REQUIRED_CONTACT_POINTS").asInt());
    for (String variable : List.of("TALLY_CASSANDRA_CONTACT_POINTS", "TALLY_CASSANDRA_DATACENTER", "TALLY_FIRST_TIME_BUCKET")) {
      assertTrue(variable, config.hasNonNull(variable));
    }
    // a log collector reads JSON lines
    assertEquals(io.tally.http.logging.LogFormat.JSON, io.tally.http.logging.LogFormat.fromConfig(
        ConfigFactory.parseMap(Map.of("tally.logging.format", config.get("TALLY_LOG_FORMAT").asText()))));
  }

  @Test
  public void discoveryFindsTheDeploymentsPodsWithTheRbacItIsGiven() throws Exception {
    Map<String, JsonNode> objects = objects();
    JsonNode deployment = objects.get("Deployment/tally");
    Config prod = prod();
    assertEquals(3, deployment.at("/spec/replicas").asInt());
    assertEquals("kubernetes-api", prod.getString("akka.discovery.method"));
    assertEquals("kubernetes-api", prod.getString("akka.management.cluster.bootstrap.contact-point-discovery.discovery-method"));
    assertEquals("bootstrap", prod.getString("tally.cluster.join"));

    String selector = String.format(prod.getString("akka.discovery.kubernetes-api.pod-label-selector"),
        prod.getString("akka.management.cluster.bootstrap.contact-point-discovery.service-name"));
    String[] label = selector.split("=");
    assertEquals(label[1], deployment.at("/spec/template/metadata/labels/" + label[0]).asText());
    assertEquals(label[1], deployment.at("/spec/selector/matchLabels/" + label[0]).asText());
    assertEquals(label[1], objects.get("Service/tally").at("/spec/selector/" + label[0]).asText());
    assertEquals("http", objects.get("Service/tally").at("/spec/ports/0/targetPort").asText());

    String account = deployment.at("/spec/template/spec/serviceAccountName").asText();
    assertEquals("tally", account);
    JsonNode binding = objects.get("RoleBinding/tally-read-pods");
    assertEquals(account, binding.at("/subjects/0/name").asText());
    assertEquals("tally-pod-reader", binding.at("/roleRef/name").asText());
    JsonNode rule = objects.get("Role/tally-pod-reader").at("/rules/0");
    assertEquals("pods", rule.at("/resources/0").asText());
    Set<String> verbs = new TreeSet<>();
    rule.get("verbs").forEach(v -> verbs.add(v.asText()));
    assertEquals(new TreeSet<>(List.of("get", "list", "watch")), verbs);
  }

  @Test
  public void shutdownGraceAndTheSchemaJobAgreeWithTheApplication() throws Exception {
    Map<String, JsonNode> objects = objects();
    JsonNode deployment = objects.get("Deployment/tally");
    Config prod = prod();
    long grace = deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
    // A leaving node: HTTP drain, shard hand-over, leave, exiting; all bounded by Akka's phases.
    long leaving = prod.getDuration("tally.http.shutdown-hard-deadline").toSeconds()
        + phase(prod, "cluster-sharding-shutdown-region") + phase(prod, "cluster-leave")
        + phase(prod, "cluster-exiting") + phase(prod, "cluster-exiting-done");
    assertTrue("terminationGracePeriodSeconds " + grace + " < " + leaving, grace >= leaving);
    assertTrue(prod.getBoolean("akka.coordinated-shutdown.exit-jvm"));

    JsonNode job = container(objects.get("Job/tally-schema"));
    assertEquals(container(deployment).get("image").asText(), job.get("image").asText());
    List<String> command = new ArrayList<>();
    job.get("command").forEach(c -> command.add(c.asText()));
    String mainClass = command.stream().filter(c -> c.startsWith("io.tally.")).findFirst().orElseThrow();
    assertNotNull(Class.forName(mainClass).getMethod("main", String[].class));
    assertTrue(command.contains("-Dconfig.resource=tally-prod.conf"));
    assertTrue(command.contains("--replication"));
  }

  private static long phase(Config config, String name) {
    String timeout = "akka.coordinated-shutdown.phases." + name + ".timeout";
    return config.getDuration(config.hasPath(timeout) ? timeout : "akka.coordinated-shutdown.default-phase-timeout")
        .toSeconds();
  }

  private static JsonNode container(JsonNode workload) {
    JsonNode containers = workload.at("/spec/template/spec/containers");
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  private Map<String, JsonNode> objects() throws IOException {
    Map<String, JsonNode> objects = new HashMap<>();
    for (Path file : files()) {
      for (JsonNode doc : yaml.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
        if (doc == null || doc.isNull() || doc.isEmpty()) {
          continue;
        }
        assertTrue(file + ": apiVersion", doc.hasNonNull("apiVersion"));
        String key = doc.get("kind").asText() + "/" + doc.at("/metadata/name").asText();
        assertTrue(file + ": duplicate " + key, objects.put(key, doc) == null);
      }
    }
    return objects;
  }

  private static List<Path> files() throws IOException {
    try (Stream<Path> paths = Files.list(MANIFESTS)) {
      List<Path> files = paths.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertFalse("no manifests under " + MANIFESTS.toAbsolutePath(), files.isEmpty());
      return files;
    }
  }
}
