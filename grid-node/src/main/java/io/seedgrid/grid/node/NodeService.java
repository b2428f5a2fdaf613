package io.seedgrid.grid.node;

import io.seedgrid.grid.GridNodes;
import io.seedgrid.grid.NodeConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteState;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server node that evaluates any seedgrid genome sent to it: it needs nothing but the seedgrid jars, as the run's
 * bars and fitness settings arrive with the run. Logs other nodes joining and leaving, and every minute how many
 * evaluations it served (when that changed). {@link #close()} leaves the cluster cleanly; a shutdown hook installed
 * by {@link #installShutdownHook()} calls it on Ctrl-C or SIGTERM.
 */
public final class NodeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.seedgrid.grid.node");

    private final Ignite ignite;
    private final String name;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService reporter;
    private long lastReported;

    private NodeService(Ignite ignite, String name) {
        this.ignite = ignite;
        this.name = name;
        IgnitePredicate<Event> listener = event -> {
            onDiscovery((DiscoveryEvent) event);
            return true;
        };
        ignite.events()
                .localListen(listener, EventType.EVT_NODE_JOINED, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
        this.reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seedgrid-node-report");
            t.setDaemon(true);
            return t;
        });
        reporter.scheduleAtFixedRate(this::reportServed, 60, 60, TimeUnit.SECONDS);
        // A node stopped by its failure handler (or by anyone else) ends the service too.
        Ignition.addListener((instance, state) -> {
            if (name.equals(instance) && (state == IgniteState.STOPPED || state == IgniteState.STOPPED_ON_FAILURE)) {
                if (state == IgniteState.STOPPED_ON_FAILURE) {
                    LOG.error("seedgrid node {} stopped on a critical failure (see the log above)", name);
                }
                reporter.shutdownNow();
                stopped.countDown();
            }
        });
    }

    /** Starts a server node of {@code config} (client mode is refused: a node service computes). */
    public static NodeService start(NodeConfig config) {
        if (config.client()) {
            throw new IllegalArgumentException("a node service is a server node; client mode is for coordinators");
        }
        LOG.info("starting seedgrid node: {}", config);
        Ignite ignite = GridNodes.start(config);
        NodeService service = new NodeService(ignite, config.name());
        LOG.info(
                "seedgrid node {} up: {} server node(s), {} client(s) in the cluster",
                config.name(),
                ignite.cluster().forServers().nodes().size(),
                ignite.cluster().forClients().nodes().size());
        return service;
    }

    public Ignite ignite() {
        return ignite;
    }

    public String name() {
        return name;
    }

    /** Evaluations served since the node started. */
    public long evaluationsServed() {
        return GridNodes.evaluationsServed(ignite);
    }

    /** Leaves the cluster on Ctrl-C / SIGTERM. */
    public NodeService installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "seedgrid-node-shutdown"));
        return this;
    }

    /** Blocks until the node is closed. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private void onDiscovery(DiscoveryEvent event) {
        ClusterNode node = event.eventNode();
        String what = switch (event.type()) {
            case EventType.EVT_NODE_JOINED -> "joined";
            case EventType.EVT_NODE_LEFT -> "left";
            default -> "failed (dropped)";
        };
        long servers = event.topologyNodes().stream().filter(n -> !n.isClient()).count();
        LOG.info(
                "{} {} {} ({}); cluster now {} server node(s), {} client(s)",
                node.isClient() ? "client" : "node",
                GridNodes.name(node),
                what,
                node.id(),
                servers,
                event.topologyNodes().size() - servers);
    }

    private synchronized void reportServed() {
        long served = evaluationsServed();
        if (served != lastReported) {
            LOG.info("node {} has served {} evaluations", name, served);
            lastReported = served;
        }
    }

    @Override
    public void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        synchronized (this) {
            if (stopped.getCount() == 0) {
                return;
            }
            reporter.shutdownNow();
            long served = 0;
            try {
                served = evaluationsServed();
            } catch (RuntimeException ignored) {
                // node already stopping
            }
            try {
                ignite.close();
            } finally {
                LOG.info("seedgrid node {} left the cluster after serving {} evaluations", name, served);
                stopped.countDown();
            }
        }
    }
}
