package io.seedgrid.grid;

import io.seedgrid.grid.node.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.ignite.Ignite;

/**
 * A real cluster for one test class on its own ports (never the default 47500s, so tests do not meet a user's
 * node): nodes in this JVM and nodes in child JVMs. Closing it kills the children and stops the local nodes.
 */
final class TestCluster implements AutoCloseable {
    private final int discoveryPort;
    private final int communicationPort;
    private final Path workDir = Path.of("target", "grid-test-work").toAbsolutePath();
    private final Path logs = Path.of("target", "grid-test-logs").toAbsolutePath();
    private final List<NodeProcess> children = new ArrayList<>();
    private final List<Ignite> locals = new ArrayList<>();

    TestCluster(int discoveryPort, int communicationPort) {
        this.discoveryPort = discoveryPort;
        this.communicationPort = communicationPort;
    }

    String discovery() {
        return "127.0.0.1:" + discoveryPort + ".." + (discoveryPort + 9);
    }

    NodeConfig.Builder config(String name) {
        return NodeConfig.builder()
                .name(name)
                .discovery(discovery())
                .discoveryPort(discoveryPort, 9)
                .communicationPort(communicationPort, 99)
                .workDir(workDir)
                .failureDetectionTimeout(Duration.ofSeconds(5))
                .joinTimeout(Duration.ofSeconds(10));
    }

    Ignite startLocal(NodeConfig config) {
        Ignite ignite = GridNodes.start(config);
        locals.add(ignite);
        return ignite;
    }

    NodeProcess startChild(String name) {
        return startChild(name, System.getProperty("java.class.path"));
    }

    /** A child node running the classes of {@code classPath} (another build). */
    NodeProcess startChild(String name, String classPath) {
        NodeProcess p = NodeProcess.start(
                name,
                List.of(
                        "--discovery",
                        discovery(),
                        "--discovery-port",
                        String.valueOf(discoveryPort),
                        "--comm-port",
                        String.valueOf(communicationPort),
                        "--work-dir",
                        workDir.toString(),
                        "--failure-detection-ms",
                        "5000"),
                "512m",
                logs.resolve(name + ".log"),
                classPath);
        children.add(p);
        return p;
    }

    List<NodeProcess> children() {
        return children;
    }

    @Override
    public void close() {
        for (NodeProcess child : children) {
            child.kill();
            child.close();
        }
        for (Ignite ignite : locals) {
            try {
                ignite.close();
            } catch (RuntimeException ignored) {
                // already stopped
            }
        }
    }
}
