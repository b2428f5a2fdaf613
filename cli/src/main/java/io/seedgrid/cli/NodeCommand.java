package io.seedgrid.cli;

import io.seedgrid.grid.NodeConfig;
import io.seedgrid.grid.node.NodeService;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a grid node that evaluates any seedgrid genome for runs started with `evolve --mode cluster` "
                    + "(the run's bars and fitness settings arrive with the run). Logs nodes joining and leaving "
                    + "and how many evaluations it served; Ctrl-C leaves the grid cleanly.",
            "",
            "One machine: start a few nodes (each takes the next free ports), then `evolve --mode cluster`.",
            "",
            "Several machines: on each, --bind <its LAN address> and --discovery <every machine's "
                    + "address:47500..47509>; open ports 47500-47509 and 47100-47199 between them only, and turn "
                    + "on TLS (--ssl-keystore) on every node.",
            "",
            "Every node and coordinator must run the same build: the node prints its build fingerprint on start, "
                    + "and the grid refuses a node or coordinator whose fingerprint differs (one line names both).",
            "",
            "Heap: SEEDGRID_HEAP (e.g. 2g) for the ./seedgrid launcher. More: docs/cluster.md.",
            ""
        })
final class NodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            defaultValue = "${env:SEEDGRID_NODE_NAME}",
            description =
                    "Node name shown in logs and run reports (env SEEDGRID_NODE_NAME). Default: <hostname>-<pid>.")
    String name;

    @Mixin
    ClusterOptions cluster;

    @Option(
            names = "--signal-cache-mb",
            paramLabel = "MB",
            defaultValue = "${env:SEEDGRID_SIGNAL_CACHE_MB:-256}",
            description = "Off-heap MiB this node gives the grid's cache of trained ML seed signals (env "
                    + "SEEDGRID_SIGNAL_CACHE_MB; >= 64); when full, the oldest are dropped and trained again if needed. "
                    + "Default: ${DEFAULT-VALUE}.")
    long signalCacheMb;

    @Override
    public Integer call() throws InterruptedException {
        NodeConfig.Builder builder = cluster.nodeConfig()
                .failureMode(NodeConfig.FailureMode.STOP_NODE_OR_HALT)
                .signalCacheBytes(signalCacheMb << 20);
        if (name != null) {
            builder.name(name);
        }
        NodeConfig config = builder.build();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("seedgrid node %s, build fingerprint %s%n", config.name(), config.fingerprint());
        out.printf("seedgrid node: %s%n", config);
        out.flush();
        NodeService service = NodeService.start(config).installShutdownHook();
        out.printf("seedgrid node %s up; Ctrl-C to leave the grid.%n", service.name());
        out.flush();
        service.awaitStop();
        return 0;
    }
}
