package io.seedgrid.cli;

import io.seedgrid.evolution.fitness.BatchReport;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.grid.GridEvaluator;
import io.seedgrid.grid.GridNodes;
import io.seedgrid.grid.NodeConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.ignite.Ignite;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where {@code evolve} runs its backtests: this machine's cores, or a grid it joins for the run. */
final class ClusterRunOptions {
    enum Mode { local, cluster }

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "local",
            description = {"local: backtests on this machine's cores. cluster: join the grid given by --discovery as a "
                    + "server node that also computes, so with no other node up it is a one-node grid (an embedded "
                    + "node). Default: ${DEFAULT-VALUE}."})
    Mode mode;

    @Option(names = "--client",
            description = "With --mode cluster: join as a client that computes nothing; fails clearly when no server "
                    + "node answers within --join-timeout.")
    boolean client;

    @Option(names = "--generation-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "With --mode cluster: longest a generation may take on the grid before the run fails. "
                    + "Default: ${DEFAULT-VALUE}.")
    long generationTimeout;

    @Option(names = "--join-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "With --client: how long to wait for a server node. Default: ${DEFAULT-VALUE}.")
    long joinTimeout;

    @Option(names = "--node-name", paramLabel = "NAME", defaultValue = "${env:SEEDGRID_NODE_NAME}",
            description = "With --mode cluster: this process's node name (env SEEDGRID_NODE_NAME). Default: coordinator-<pid>.")
    String nodeName;

    @Mixin
    ClusterOptions cluster;

    /**
     * In cluster mode, points the run at the grid: this process's node starts when the run asks for its evaluator
     * (after gating), and the returned handle stops it. In local mode, changes nothing.
     */
    AutoCloseable apply(EvolutionRun.Builder builder, PrintWriter out) {
        if (mode == Mode.local) {
            if (client) {
                throw new IllegalArgumentException("--client needs --mode cluster");
            }
            return () -> { };
        }
        NodeConfig config = cluster.nodeConfig()
                .name(nodeName != null ? nodeName : "coordinator-" + ProcessHandle.current().pid())
                .client(client).joinTimeout(ClusterOptions.seconds(joinTimeout, "--join-timeout"))
                .failureMode(NodeConfig.FailureMode.STOP_NODE).build();
        Duration timeout = ClusterOptions.seconds(generationTimeout, "--generation-timeout");
        AtomicReference<Ignite> started = new AtomicReference<>();
        builder.evaluators((spec, context) -> {
            Ignite ignite = join(config, out);
            started.set(ignite);
            return GridEvaluator.factory(ignite, timeout).apply(spec, context);
        });
        return () -> {
            Ignite ignite = started.getAndSet(null);
            if (ignite != null) {
                ignite.close();
            }
        };
    }

    private Ignite join(NodeConfig config, PrintWriter out) {
        out.printf("  cluster: %s node %s joining via %s ...%n", client ? "client" : "server", config.name(),
                String.join(",", config.discovery()));
        out.flush();
        Ignite ignite = GridNodes.start(config);
        try {
            var servers = GridNodes.servers(ignite);
            boolean alone = !client && servers.size() == 1 && ignite.cluster().nodes().size() == 1;
            out.printf("  cluster: %s%n", alone
                    ? "no other node found: this process is a one-node grid (embedded node, "
                            + GridNodes.parallelJobs(ignite.cluster().localNode()) + " parallel jobs)"
                    : servers.size() + " server node(s) to compute: " + servers.stream()
                            .map(n -> GridNodes.name(n) + " (" + GridNodes.parallelJobs(n) + " jobs)")
                            .sorted().collect(Collectors.joining(", ")));
            out.flush();
            return ignite;
        } catch (RuntimeException e) {
            ignite.close();
            throw e;
        }
    }

    /** {@code nodes a=10 b=15, grid overhead 35 ms} for progress lines. */
    static String describe(BatchReport batch) {
        return "nodes " + batch.evaluationsPerNode().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")) + String.format(Locale.ROOT, ", grid overhead %d ms", batch.overheadMillis());
    }
}
