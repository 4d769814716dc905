package io.tally.cluster;

import java.nio.file.Path;

/**
 * Renders the {@code cassandra.yaml} of the dev/test node. cassandra-all ships no conf/, so the
 * launcher writes the few settings a single loopback node needs; Cassandra supplies the defaults
 * for everything else.
 */
final class CassandraYaml {

  private CassandraYaml() {}

  static String render(CassandraNodeSettings settings) {
    Path dir = settings.dataDir();
    return String.join(
        "\n",
        "# Written by Tally's CassandraLauncher on every start; edits here are overwritten.",
        "cluster_name: tally-dev",
        "num_tokens: 16",
        "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
        "endpoint_snitch: SimpleSnitch",
        "seed_provider:",
        "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
        "    parameters:",
        "      - seeds: \"" + settings.host() + ":" + settings.storagePort() + "\"",
        "listen_address: " + settings.host(),
        "rpc_address: " + settings.host(),
        "storage_port: " + settings.storagePort(),
        "native_transport_port: " + settings.nativePort(),
        "start_native_transport: true",
        "data_file_directories:",
        "  - " + quoted(dir.resolve("data")),
        "commitlog_directory: " + quoted(dir.resolve("commitlog")),
        "saved_caches_directory: " + quoted(dir.resolve("saved_caches")),
        "hints_directory: " + quoted(dir.resolve("hints")),
        "cdc_raw_directory: " + quoted(dir.resolve("cdc_raw")),
        // "accepted" must mean durable even when this node is SIGKILLed: replay stops at the last
        // commit-log sync marker, so with the default periodic sync (10 s) a killed node silently
        // loses up to 10 s of acknowledged writes (CassandraOutageIT caught exactly that). Batch
        // mode acknowledges a write only after the fsync, grouping concurrent writes into one.
        "commitlog_sync: batch",
        "authenticator: AllowAllAuthenticator",
        "authorizer: AllowAllAuthorizer",
        "disk_failure_policy: stop",
        "commit_failure_policy: stop",
        // Tests drop a keyspace per class; a snapshot of each would only fill the disk.
        "auto_snapshot: false",
        // Tally's window views and the plugin's tag tables run range reads on one partition.
        "read_request_timeout: 10000ms",
        "write_request_timeout: 5000ms",
        "");
  }

  private static String quoted(Path path) {
    return "\"" + path.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
