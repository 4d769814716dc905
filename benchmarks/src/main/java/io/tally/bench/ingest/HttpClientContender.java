package io.tally.bench.ingest;

import io.tally.bench.load.LoadCell;
import io.tally.bench.load.LoadClientMain;
import io.tally.bench.load.LoadClientProcess;
import io.tally.bench.load.LoadResult;
import io.tally.bench.load.LoadSpec;
import java.time.Duration;

/** Tally over HTTP, loaded from a client JVM of its own (one per cell). */
final class HttpClientContender implements Contender {

  private final String baseUrl;
  private final LoadClientProcess client;

  HttpClientContender(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.client = new LoadClientProcess(token);
  }

  @Override
  public String name() {
    return LoadClientMain.WRITER;
  }

  @Override
  public boolean tally() {
    return true;
  }

  @Override
  public LoadResult run(LoadCell cell, double rate, Duration warmUp, Duration measured, String run, long firstEvent)
      throws InterruptedException {
    return client.run(new LoadSpec(baseUrl, cell, rate, warmUp, measured, run, firstEvent));
  }
}
