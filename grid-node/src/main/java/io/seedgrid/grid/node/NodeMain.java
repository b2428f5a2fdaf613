package io.seedgrid.grid.node;

import io.seedgrid.grid.GridUnavailableException;
import io.seedgrid.grid.NodeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A grid node process in one line: {@code java ... io.seedgrid.grid.node.NodeMain [--name N] [--discovery LIST]
 * [--discovery-port P] [--comm-port P] [--bind ADDR] [--work-dir DIR] [--parallel-jobs N]
 * [--failure-detection-ms MS] [--signal-cache-mb MB]}. It prints its build fingerprint first; a node the cluster
 * refuses (another build) or that cannot start prints one line and exits with status 1. What {@code seedgrid node} runs is the CLI's {@code NodeCommand}; this is the bare
 * form for child processes (benchmarks, tests) that have only the grid jars.
 */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] args) throws InterruptedException {
        NodeConfig config = parse(args, System.getenv());
        System.out.println("seedgrid node " + config.name() + " starting, build fingerprint " + config.fingerprint());
        System.out.flush();
        NodeService service;
        try {
            service = NodeService.start(config).installShutdownHook();
        } catch (GridUnavailableException e) {
            System.out.println("seedgrid node " + config.name() + " not started: " + e.getMessage());
            System.out.flush();
            System.exit(1);
            return;
        }
        System.out.println("seedgrid node " + service.name() + " up ("
                + service.ignite().cluster().localNode().id() + ")");
        System.out.flush();
        service.awaitStop();
    }

    static NodeConfig parse(String[] args, Map<String, String> env) {
        NodeConfig.Builder b = NodeConfig.builder().failureMode(NodeConfig.FailureMode.STOP_NODE_OR_HALT);
        String discovery = env.get("SEEDGRID_DISCOVERY");
        if (discovery != null && !discovery.isBlank()) {
            b.discovery(discovery);
        }
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--name" -> b.name(value);
                case "--discovery" -> b.discovery(value);
                case "--discovery-port" -> b.discoveryPort(Integer.parseInt(value), 9);
                case "--comm-port" -> b.communicationPort(Integer.parseInt(value), 99);
                case "--bind" -> b.bindAddress(value);
                case "--work-dir" -> b.workDir(Path.of(value));
                case "--parallel-jobs" -> b.parallelJobs(Integer.parseInt(value));
                case "--failure-detection-ms" -> b.failureDetectionTimeout(Duration.ofMillis(Long.parseLong(value)));
                case "--signal-cache-mb" -> b.signalCacheBytes(Long.parseLong(value) << 20);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return b.build();
    }
}
