package io.seedgrid.cli;

import io.seedgrid.evolution.fitness.BatchReport;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.grid.GridEvaluator;
import io.seedgrid.grid.GridNodes;
import io.seedgrid.grid.NodeConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.ignite.Ignite;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where {@code evolve} runs its backtests: this machine's cores, or a grid it joins for the run. */
final class ClusterRunOptions {
    enum Mode {
        local,
        cluster
    }

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            defaultValue = "local",
            description = {
                "local: backtests on this machine's cores. cluster: join the grid given by --discovery as a "
                        + "server node that also computes, so with no other node up it is a one-node grid (an embedded "
                        + "node). Default: ${DEFAULT-VALUE}."
            })
    Mode mode;

    @Option(
            names = "--client",
            description = "With --mode cluster: join as a client that computes nothing; fails clearly when no server "
                    + "node answers within --join-timeout.")
    boolean client;

    @Option(
            names = "--generation-timeout",
            paramLabel = "SECONDS",
            defaultValue = "300",
            description = "With --mode cluster: longest a generation may take on the grid before the run fails. "
                    + "Default: ${DEFAULT-VALUE}.")
    long generationTimeout;

    @Option(
            names = "--join-timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "With --client: how long to wait for a server node. Default: ${DEFAULT-VALUE}.")
    long joinTimeout;

    @Option(
            names = "--node-name",
            paramLabel = "NAME",
            defaultValue = "${env:SEEDGRID_NODE_NAME}",
            description =
                    "With --mode cluster: this process's node name (env SEEDGRID_NODE_NAME). Default: coordinator-<pid>.")
    String nodeName;

    @Mixin
    ClusterOptions cluster;

    /**
     * The grid of one command: in cluster mode this process's node starts the first time a run asks for its
     * evaluator (after gating) and serves every run of the command (e.g. each walk-forward fold); closing stops it.
     * In local mode it changes nothing.
     *
     * @param threadsGiven whether --threads was given (a local-mode option)
     */
    Grid open(PrintWriter out, boolean threadsGiven) {
        if (mode == Mode.local) {
            if (client) {
                throw new IllegalArgumentException("--client needs --mode cluster");
            }
            return new Grid(null, null, out);
        }
        if (threadsGiven) {
            throw new IllegalArgumentException("--threads is for --mode local; grid nodes run --parallel-jobs each");
        }
        NodeConfig config = cluster.nodeConfig()
                .name(
                        nodeName != null
                                ? nodeName
                                : "coordinator-" + ProcessHandle.current().pid())
                .client(client)
                .joinTimeout(ClusterOptions.seconds(joinTimeout, "--join-timeout"))
                .failureMode(NodeConfig.FailureMode.STOP_NODE)
                .build();
        return new Grid(config, ClusterOptions.seconds(generationTimeout, "--generation-timeout"), out);
    }

    /** This command's grid node, started on first use. */
    static final class Grid implements AutoCloseable {
        private final NodeConfig config;
        private final Duration timeout;
        private final PrintWriter out;
        private Ignite ignite;

        private Grid(NodeConfig config, Duration timeout, PrintWriter out) {
            this.config = config;
            this.timeout = timeout;
            this.out = out;
        }

        /** In cluster mode, points the run's evaluator at the grid; in local mode leaves it alone. */
        EvolutionRun.Builder configure(EvolutionRun.Builder builder) {
            if (config != null) {
                builder.evaluators((spec, context) ->
                        GridEvaluator.factory(ignite(), timeout).apply(spec, context));
            }
            return builder;
        }

        private synchronized Ignite ignite() {
            if (ignite == null) {
                ignite = join(config, out);
            }
            return ignite;
        }

        @Override
        public synchronized void close() {
            if (ignite != null) {
                ignite.close();
                ignite = null;
            }
        }

        private static Ignite join(NodeConfig config, PrintWriter out) {
            out.printf(
                    "  cluster: %s node %s joining via %s ...%n",
                    config.client() ? "client" : "server", config.name(), String.join(",", config.discovery()));
            out.flush();
            Ignite ignite = GridNodes.start(config);
            try {
                var servers = GridNodes.servers(ignite);
                boolean alone = !config.client()
                        && servers.size() == 1
                        && ignite.cluster().nodes().size() == 1;
                out.printf(
                        "  cluster: %s%n",
                        alone
                                ? "no other node found: this process is a one-node grid (embedded node, "
                                        + GridNodes.parallelJobs(
                                                ignite.cluster().localNode()) + " parallel jobs)"
                                : servers.size() + " server node(s) to compute: "
                                        + servers.stream()
                                                .map(n ->
                                                        GridNodes.name(n) + " (" + GridNodes.parallelJobs(n) + " jobs)")
                                                .sorted()
                                                .collect(Collectors.joining(", ")));
                out.flush();
                return ignite;
            } catch (RuntimeException e) {
                ignite.close();
                throw e;
            }
        }
    }

    /** {@code nodes a=10 b=15, grid overhead 35 ms} for progress lines. */
    static String describe(BatchReport batch) {
        return "nodes "
                + batch.evaluationsPerNode().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" "))
                + String.format(Locale.ROOT, ", grid overhead %d ms", batch.overheadMillis());
    }
}
