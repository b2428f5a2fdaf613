package io.seedgrid.cli;

import io.seedgrid.grid.NodeConfig;
import io.seedgrid.storage.SeedgridHome;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How a grid node of this process joins the cluster: shared by {@code node} and {@code evolve --mode cluster}.
 * Every option has an environment variable, for containers and scripts; the defaults keep the grid on this machine.
 */
final class ClusterOptions {
    @Option(
            names = "--discovery",
            paramLabel = "HOST:PORT[..PORT][,...]",
            defaultValue = "${env:SEEDGRID_DISCOVERY:-" + NodeConfig.DEFAULT_DISCOVERY + "}",
            description = {
                "Discovery addresses of the grid's nodes (env SEEDGRID_DISCOVERY). List every machine that "
                        + "runs nodes, e.g. 10.0.0.5:47500..47509,10.0.0.6:47500..47509. Default: ${DEFAULT-VALUE}."
            })
    String discovery;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = "${env:SEEDGRID_BIND:-" + NodeConfig.DEFAULT_BIND + "}",
            description = {
                "Address this node listens on for discovery and communication (env SEEDGRID_BIND). "
                        + "Use this machine's LAN address to open it to other machines, 0.0.0.0 inside a container. "
                        + "Default: ${DEFAULT-VALUE} (this machine only)."
            })
    String bind;

    @Option(
            names = "--discovery-port",
            paramLabel = "PORT",
            defaultValue = "${env:SEEDGRID_DISCOVERY_PORT:-" + NodeConfig.DEFAULT_DISCOVERY_PORT + "}",
            description = "First discovery port this node tries (it takes the first free of PORT..PORT+9; env "
                    + "SEEDGRID_DISCOVERY_PORT). Default: ${DEFAULT-VALUE}.")
    int discoveryPort;

    @Option(
            names = "--comm-port",
            paramLabel = "PORT",
            defaultValue = "${env:SEEDGRID_COMM_PORT:-" + NodeConfig.DEFAULT_COMMUNICATION_PORT + "}",
            description = "First communication port (jobs and results; first free of PORT..PORT+99; env "
                    + "SEEDGRID_COMM_PORT). Default: ${DEFAULT-VALUE}.")
    int commPort;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            defaultValue = "${env:SEEDGRID_WORK_DIR}",
            description =
                    "Ignite work directory (env SEEDGRID_WORK_DIR). Default: $SEEDGRID_HOME/ignite, or ./data/ignite.")
    Path workDir;

    @Option(
            names = "--parallel-jobs",
            paramLabel = "N",
            defaultValue = "${env:SEEDGRID_PARALLEL_JOBS}",
            description = "Jobs this node runs at once (env SEEDGRID_PARALLEL_JOBS). Default: one per core.")
    Integer parallelJobs;

    @Option(
            names = "--ssl-keystore",
            paramLabel = "FILE.p12",
            defaultValue = "${env:SEEDGRID_SSL_KEYSTORE}",
            description = {
                "Turns on TLS between nodes: this node's key and certificate, PKCS12 (or .jks) (env "
                        + "SEEDGRID_SSL_KEYSTORE). Password from env " + NodeConfig.SslSettings.ENV_KEYSTORE_PASSWORD
                        + ". Every node of the grid needs TLS on, with certificates its peers trust."
            })
    Path sslKeystore;

    @Option(
            names = "--ssl-truststore",
            paramLabel = "FILE.p12",
            defaultValue = "${env:SEEDGRID_SSL_TRUSTSTORE}",
            description =
                    "Certificates this node trusts (e.g. the cluster's CA) (env SEEDGRID_SSL_TRUSTSTORE). Password "
                            + "from env " + NodeConfig.SslSettings.ENV_TRUSTSTORE_PASSWORD + ". Default: the keystore.")
    Path sslTruststore;

    /** A node configuration from these options; the caller sets name, mode and failure handling. */
    NodeConfig.Builder nodeConfig() {
        // An environment variable set to "" means unset.
        Path keystore = blank(sslKeystore) ? null : sslKeystore;
        Path truststore = blank(sslTruststore) ? null : sslTruststore;
        NodeConfig.Builder b = NodeConfig.builder()
                .discovery(discovery)
                .bindAddress(bind)
                .discoveryPort(discoveryPort, 9)
                .communicationPort(commPort, 99)
                .workDir(!blank(workDir) ? workDir : SeedgridHome.resolve().resolve("ignite"));
        if (parallelJobs != null) {
            b.parallelJobs(parallelJobs);
        }
        if (keystore != null) {
            b.ssl(NodeConfig.SslSettings.fromEnv(
                    keystore, truststore != null ? truststore : keystore, System.getenv()));
        } else if (truststore != null) {
            throw new IllegalArgumentException(
                    "--ssl-truststore needs --ssl-keystore (TLS needs this node's own key too)");
        }
        return b;
    }

    private static boolean blank(Path path) {
        return path == null || path.toString().isBlank();
    }

    static Duration seconds(long seconds, String option) {
        if (seconds < 1) {
            throw new IllegalArgumentException(option + " must be >= 1 second but was " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }
}
