package io.seedgrid.grid;

import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.FitnessFunction;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.UUID;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.IgniteState;
import org.apache.ignite.Ignition;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.CacheRebalanceMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cluster.ClusterGroup;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node side of a run: its bars arrive once through a REPLICATED cache (key: run key, value:
 * {@link RunPayload} bytes), and each node keeps one {@link SeedContext} per run in its node-local map, reused by every
 * job of every generation so indicators are computed once per node and run.
 *
 * <p>A run's state goes away when its coordinator closes the evaluator ({@link DropRun}), or when the coordinator
 * node leaves the cluster (a listener installed on every node by {@link GridNodes#start}); so do the run's
 * expensive seed signals in the cluster's cache ({@link SharedSignals}).
 */
final class NodeRuns {
    static final String CACHE = "seedgrid-run-bars";
    private static final String SLOT_PREFIX = "seedgrid.run:";
    private static final String SERVED = "seedgrid.evaluations-served";
    private static final String CLEANER = "seedgrid.run-cleaner";
    private static final Logger LOG = LoggerFactory.getLogger("io.seedgrid.grid");

    private NodeRuns() {}

    static CacheConfiguration<String, byte[]> cacheConfiguration() {
        return new CacheConfiguration<String, byte[]>(CACHE)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                // FULL_SYNC: a put returns once every replica has the bars, so a job never reads a replica early.
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setRebalanceMode(CacheRebalanceMode.SYNC)
                .setBackups(0);
    }

    /** Evaluations this node has served since it started. */
    static AtomicLong served(Ignite ignite) {
        return (AtomicLong)
                ignite.cluster().<String, Object>nodeLocalMap().computeIfAbsent(SERVED, k -> new AtomicLong());
    }

    /** The run's slot on this node (created empty on first use). */
    static RunSlot slot(Ignite ignite, String runKey) {
        ConcurrentMap<String, Object> local = ignite.cluster().nodeLocalMap();
        return (RunSlot) local.computeIfAbsent(SLOT_PREFIX + runKey, k -> new RunSlot(runKey));
    }

    /** Forgets the run on this node. */
    static void dropLocal(Ignite ignite, String runKey) {
        ignite.cluster().nodeLocalMap().remove(SLOT_PREFIX + runKey);
    }

    /** Runs whose state this node holds (for tests and logs). */
    static long localRuns(Ignite ignite) {
        return ignite.cluster().<String, Object>nodeLocalMap().keySet().stream()
                .filter(k -> k.startsWith(SLOT_PREFIX))
                .count();
    }

    /** Installs, once per node, the listener that drops the runs of a coordinator that left or failed. */
    static void installCleaner(Ignite ignite) {
        if (ignite.cluster().<String, Object>nodeLocalMap().putIfAbsent(CLEANER, Boolean.TRUE) != null) {
            return;
        }
        ignite.events()
                .localListen(
                        event -> {
                            UUID gone = ((DiscoveryEvent) event).eventNode().id();
                            // Never block the discovery thread with cache operations.
                            Thread.ofVirtual().name("seedgrid-run-cleaner").start(() -> dropRunsOf(ignite, gone));
                            return true;
                        },
                        EventType.EVT_NODE_LEFT,
                        EventType.EVT_NODE_FAILED);
    }

    private static void dropRunsOf(Ignite ignite, UUID coordinator) {
        if (Ignition.state(ignite.name()) != IgniteState.STARTED) {
            // a node on its way down drops everything anyway; reading its caches now makes Ignite declare a critical
            // failure (a "corrupted" tree being torn down) and dump every thread into the log
            return;
        }
        try {
            ConcurrentMap<String, Object> local = ignite.cluster().nodeLocalMap();
            local.entrySet()
                    .removeIf(e -> e.getValue() instanceof RunSlot slot && coordinator.equals(slot.coordinator));
            IgniteCache<String, byte[]> cache = ignite.cache(CACHE);
            if (cache == null || ignite.cluster().localNode().isClient()) {
                return;
            }
            for (Cache.Entry<String, byte[]> entry : cache.localEntries(CachePeekMode.PRIMARY)) {
                if (coordinator.equals(RunPayload.coordinator(entry.getValue()))) {
                    cache.remove(entry.getKey());
                    LOG.info("dropped run {}: its coordinator left the cluster", entry.getKey());
                    dropSignals(ignite, entry.getKey());
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("could not drop the runs of departed node {}: {}", coordinator, e.toString());
        }
    }

    /** Every node removes the run's signals it holds: the bars entry's primary node alone does not hold them all. */
    private static void dropSignals(Ignite ignite, String runKey) {
        ClusterGroup servers = ignite.cluster().forServers();
        if (!servers.nodes().isEmpty()) {
            ignite.compute(servers).withTimeout(30_000).broadcast(new DropRun(runKey, true));
        }
    }

    /** One run on one node: its seed context, built on first use from the cached bars, and its fitness function. */
    static final class RunSlot {
        private final String runKey;
        private volatile SeedContext context;
        private volatile Scoring scoring;
        private volatile UUID coordinator;

        RunSlot(String runKey) {
            this.runKey = runKey;
        }

        /** Uses the coordinator's own context (an embedded server node evaluates on the run's context). */
        synchronized void preset(SeedContext ctx, UUID coordinatorId) {
            this.context = ctx;
            this.coordinator = coordinatorId;
        }

        SeedContext context(Ignite ignite) {
            SeedContext ctx = context;
            if (ctx != null) {
                return ctx;
            }
            synchronized (this) {
                if (context == null) {
                    IgniteCache<String, byte[]> cache = ignite.cache(CACHE);
                    byte[] payload = cache == null ? null : cache.get(runKey);
                    if (payload == null) {
                        // a job that starts after its run was dropped must not leave an empty slot behind
                        ignite.cluster().nodeLocalMap().remove(SLOT_PREFIX + runKey, this);
                        throw new IgniteException(
                                "run " + runKey + " has no bars on the grid (closed, or its " + "coordinator left)");
                    }
                    coordinator = RunPayload.coordinator(payload);
                    context = SeedContext.of(RunPayload.decode(payload));
                }
                return context;
            }
        }

        /** The run's fitness function; with {@code share}, expensive seeds read and fill the cluster's signal cache. */
        FitnessFunction fitness(EvaluationSpec spec, Ignite ignite, boolean share) {
            Scoring current = scoring;
            if (current == null || !current.spec().equals(spec) || current.share() != share) {
                current = new Scoring(spec, share, spec.fitnessFunction(SharedSignals.wrapper(ignite, runKey, share)));
                scoring = current;
            }
            return current.function();
        }

        private record Scoring(EvaluationSpec spec, boolean share, FitnessFunction function) {}
    }
}
