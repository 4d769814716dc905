package io.tally.bench.readside;

import io.tally.bench.BenchNode;
import io.tally.bench.ingest.HttpIngestWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;

/** The read-side sections' view of a node over HTTP: ingest and /metrics. */
public final class NodeHttp {

  private final BenchNode node;
  private final HttpClient client = HttpClient.newHttpClient();
  private final HttpIngestWriter ingest;

  public NodeHttp(BenchNode node) {
    this.node = node;
    this.ingest = new HttpIngestWriter(node.baseUrl(), BenchNode.TOKEN, Clock.systemUTC());
  }

  public HttpIngestWriter ingest() {
    return ingest;
  }

  public PrometheusText metrics() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/metrics"))
        .timeout(HttpIngestWriter.REQUEST_TIMEOUT).header("Authorization", "Bearer " + BenchNode.TOKEN).build();
    try {
      return new PrometheusText(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
