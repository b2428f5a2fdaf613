package io.seedgrid.grid;

import java.time.Duration;
import java.util.Collection;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterNode;

/** Starts seedgrid grid nodes and answers questions about the cluster they form. */
public final class GridNodes {
    private GridNodes() {}

    /**
     * Starts a node of {@code config} in this JVM. A server node with nobody else at its discovery addresses starts a
     * cluster of its own; a client waits at most the join timeout for a server node.
     *
     * @throws GridUnavailableException if a client finds no server node in time
     */
    public static Ignite start(NodeConfig config) {
        Ignite ignite;
        try {
            ignite = Ignition.start(config.configuration());
        } catch (IgniteException e) {
            String root = rootMessage(e);
            if (root.startsWith(FingerprintCheck.REFUSED)) {
                throw new GridUnavailableException(
                        "cannot join the grid as " + (config.client() ? "client " : "node ") + config.name() + ": "
                                + root,
                        e);
            }
            if (config.client()) {
                throw new GridUnavailableException(
                        "no server node reachable at " + String.join(",", config.discovery())
                                + " within " + config.joinTimeout().toSeconds()
                                + " s (start one with `seedgrid node`, or "
                                + "check --discovery and --bind): " + rootMessage(e),
                        e);
            }
            throw new GridUnavailableException("cannot start grid node " + config.name() + ": " + rootMessage(e), e);
        }
        if (!config.client()) {
            NodeRuns.installCleaner(ignite);
        }
        return ignite;
    }

    /** Server nodes (those that compute) in the cluster as {@code ignite} sees it now. */
    public static Collection<ClusterNode> servers(Ignite ignite) {
        return ignite.cluster().forServers().nodes();
    }

    /**
     * Waits until at least {@code count} server nodes are in the topology.
     *
     * @throws GridUnavailableException after {@code timeout}, saying how many there are
     */
    public static void awaitServers(Ignite ignite, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (servers(ignite).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new GridUnavailableException(
                        "waited " + timeout.toSeconds() + " s for " + count + " server nodes but only "
                                + servers(ignite).size() + " joined",
                        null);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GridUnavailableException("interrupted while waiting for server nodes", e);
            }
        }
    }

    /** A node's seedgrid name (its instance name), or the start of its id for nodes that did not set one. */
    public static String name(ClusterNode node) {
        return EvaluateTask.name(node);
    }

    /** Jobs a node runs at once. */
    public static int parallelJobs(ClusterNode node) {
        return EvaluateTask.slotsOf(node);
    }

    /** Evaluations this node has served since it started (counted by the jobs it ran). */
    public static long evaluationsServed(Ignite ignite) {
        return NodeRuns.served(ignite).get();
    }

    /**
     * Expensive seed signals (ML models) this node trained since it started: each is trained once per cluster and
     * run while nodes share signals ({@link GridEvaluator.Builder#shareSignals}).
     */
    public static long signalsTrained(Ignite ignite) {
        return SharedSignals.trained(ignite);
    }

    /** Expensive seed signals this node read from the cluster's cache instead of training them, since it started. */
    public static long signalsFetched(Ignite ignite) {
        return SharedSignals.fetched(ignite);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
