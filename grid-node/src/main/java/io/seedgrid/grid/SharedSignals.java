package io.seedgrid.grid;

import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.DataRequirement;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.cache.CacheRebalanceMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signals of expensive seeds (those of type {@link SeedType#ML_CLASSIFIER}: they train models) computed once per
 * cluster and run instead of once per node that meets their genes.
 *
 * <p>On a node, every expensive seed of a run's fitness function is wrapped ({@link #wrapper}): a signal is looked
 * up first in the run's {@link SeedContext} memo (this node had it), then in a PARTITIONED Ignite cache every node
 * reads ({@value #CACHE}: key = run key, seed name and the genes' bits; value = the signal), and only then computed by
 * the seed, stored in both and counted as a training. Two jobs of one node that need the same new signal at once
 * train it once (the second waits). The wrapper relies on nothing but the {@link Seed} contract: a signal is a pure
 * function of the bars and the genes, so a signal read from the cache is the one this node would compute, bit for bit.
 *
 * <p>The cache keeps no backups: a node that leaves takes its share of signals along, and the genomes that need
 * them train them again (same values). Its data region is bounded per node and drops least recently used pages when
 * full ({@link NodeConfig.Builder#signalCacheBytes}). The coordinator removes its run's signals when the run's
 * evaluator closes, and the nodes remove those of a coordinator that left.
 */
final class SharedSignals {
    static final String CACHE = "seedgrid-seed-signals";
    /** Free pages the signal region keeps for new entries: a signal must fit in them (4 KiB pages). */
    static final int EMPTY_PAGES_POOL = 1024;
    /** Longest signal (in bars) stored in the cache: half the empty pages pool; longer ones are trained per node. */
    static final int MAX_SHARED_BARS = EMPTY_PAGES_POOL * 4096 / Double.BYTES / 2;

    private static final String MEMO_PREFIX = "seedgrid.grid-signal:";
    private static final String TRAINED = "seedgrid.signals-trained";
    private static final String FETCHED = "seedgrid.signals-fetched";
    private static final String IN_FLIGHT = "seedgrid.signals-in-flight";
    private static final Logger LOG = LoggerFactory.getLogger("io.seedgrid.grid");
    /** Per job thread: signals trained and fetched from the cache since the job started. */
    private static final ThreadLocal<long[]> TALLY = ThreadLocal.withInitial(() -> new long[2]);

    private SharedSignals() {}

    static CacheConfiguration<String, double[]> cacheConfiguration() {
        return new CacheConfiguration<String, double[]>(CACHE)
                .setCacheMode(CacheMode.PARTITIONED)
                .setBackups(0)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                // A put returns once the owner holds the signal: the next generation finds it.
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setRebalanceMode(CacheRebalanceMode.ASYNC)
                .setDataRegionName(NodeConfig.SIGNAL_REGION);
    }

    /** Seeds whose signals are worth a cache lookup: those that train models. */
    static boolean expensive(Seed seed) {
        return seed.type() == SeedType.ML_CLASSIFIER;
    }

    /** The seed's name and the exact bits of its genes: equal keys, equal signals on the same bars. */
    static String geneKey(String seed, double[] genes) {
        StringBuilder key = new StringBuilder(seed.length() + genes.length * 17).append(seed);
        for (double g : genes) {
            key.append(':').append(Long.toHexString(Double.doubleToRawLongBits(g)));
        }
        return key.toString();
    }

    static String key(String runKey, String geneKey) {
        return runKey + "/" + geneKey;
    }

    /**
     * Wraps the expensive seeds of run {@code runKey}: with {@code share}, through the cluster's cache; without, only
     * counting what this node trains (each node for itself, as before the cache).
     */
    static UnaryOperator<Seed> wrapper(Ignite ignite, String runKey, boolean share) {
        IgniteCache<String, double[]> cache = share ? ignite.cache(CACHE) : null;
        ConcurrentMap<String, CompletableFuture<double[]>> inFlight = inFlight(ignite);
        AtomicLong trained = counter(ignite, TRAINED);
        AtomicLong fetched = counter(ignite, FETCHED);
        return seed -> expensive(seed) ? new SharedSeed(seed, runKey, cache, inFlight, trained, fetched) : seed;
    }

    /** Starts this thread's tally (at the start of a job). */
    static void resetTally() {
        long[] t = TALLY.get();
        t[0] = 0;
        t[1] = 0;
    }

    /** Signals this thread trained since {@link #resetTally()}. */
    static int tallyTrained() {
        return (int) TALLY.get()[0];
    }

    /** Signals this thread read from the cluster's cache since {@link #resetTally()}. */
    static int tallyFetched() {
        return (int) TALLY.get()[1];
    }

    /** Signals of expensive seeds this node trained since it started. */
    static long trained(Ignite ignite) {
        return counter(ignite, TRAINED).get();
    }

    /** Signals this node read from the cluster's cache (trained elsewhere or earlier) since it started. */
    static long fetched(Ignite ignite) {
        return counter(ignite, FETCHED).get();
    }

    /** Removes the run's signals held on this node (primary copies; each node removes its own). */
    static int dropLocal(Ignite ignite, String runKey) {
        IgniteCache<String, double[]> cache = ignite.cache(CACHE);
        if (cache == null || ignite.cluster().localNode().isClient()) {
            return 0;
        }
        String prefix = runKey + "/";
        Set<String> keys = new HashSet<>();
        for (Cache.Entry<String, double[]> entry : cache.localEntries(CachePeekMode.PRIMARY)) {
            if (entry.getKey().startsWith(prefix)) {
                keys.add(entry.getKey());
            }
        }
        cache.removeAll(keys);
        return keys.size();
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentMap<String, CompletableFuture<double[]>> inFlight(Ignite ignite) {
        return (ConcurrentMap<String, CompletableFuture<double[]>>) ignite.cluster()
                .<String, Object>nodeLocalMap()
                .computeIfAbsent(IN_FLIGHT, k -> new ConcurrentHashMap<String, CompletableFuture<double[]>>());
    }

    private static AtomicLong counter(Ignite ignite, String name) {
        return (AtomicLong)
                ignite.cluster().<String, Object>nodeLocalMap().computeIfAbsent(name, k -> new AtomicLong());
    }

    /** An expensive seed whose signals come from this node's memo, the cluster's cache, or (once) the seed itself. */
    private static final class SharedSeed implements Seed {
        private final Seed seed;
        private final String runKey;
        private final IgniteCache<String, double[]> cache;
        private final ConcurrentMap<String, CompletableFuture<double[]>> inFlight;
        private final AtomicLong trained;
        private final AtomicLong fetched;

        SharedSeed(
                Seed seed,
                String runKey,
                IgniteCache<String, double[]> cache,
                ConcurrentMap<String, CompletableFuture<double[]>> inFlight,
                AtomicLong trained,
                AtomicLong fetched) {
            this.seed = Objects.requireNonNull(seed, "seed");
            this.runKey = runKey;
            this.cache = cache;
            this.inFlight = inFlight;
            this.trained = trained;
            this.fetched = fetched;
        }

        @Override
        public double[] signals(SeedContext ctx, double[] genes) {
            String key = key(runKey, geneKey(seed.name(), genes));
            // A fresh copy per call, as the seeds themselves hand out: callers own what they get.
            return ctx.memo(MEMO_PREFIX + key, () -> load(ctx, genes, key)).clone();
        }

        private double[] load(SeedContext ctx, double[] genes, String key) {
            boolean shared = cache != null && ctx.size() <= MAX_SHARED_BARS;
            if (shared) {
                double[] hit = get(key);
                if (hit != null && hit.length == ctx.size()) {
                    fetched.incrementAndGet();
                    TALLY.get()[1]++;
                    return hit;
                }
            }
            CompletableFuture<double[]> mine = new CompletableFuture<>();
            CompletableFuture<double[]> running = inFlight.putIfAbsent(key, mine);
            if (running != null) {
                try {
                    return running.join(); // another job of this node trains it right now
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            try {
                double[] values = seed.signals(ctx, genes);
                trained.incrementAndGet();
                TALLY.get()[0]++;
                if (shared) {
                    put(key, values);
                }
                mine.complete(values);
                return values;
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                inFlight.remove(key, mine);
            }
        }

        /** A miss when the cache cannot answer (a node left mid-read): the seed computes the same values. */
        private double[] get(String key) {
            try {
                return cache.get(key);
            } catch (RuntimeException e) {
                LOG.debug("signal cache read failed, training instead: {}", e.toString());
                return null;
            }
        }

        private void put(String key, double[] values) {
            try {
                cache.put(key, values);
            } catch (RuntimeException e) {
                LOG.debug("signal cache write failed; other nodes will train it: {}", e.toString());
            }
        }

        @Override
        public String name() {
            return seed.name();
        }

        @Override
        public SeedType type() {
            return seed.type();
        }

        @Override
        public String description() {
            return seed.description();
        }

        @Override
        public List<GeneSpec> genes() {
            return seed.genes();
        }

        @Override
        public DataRequirement dataRequirement() {
            return seed.dataRequirement();
        }

        @Override
        public int warmup(double[] genes) {
            return seed.warmup(genes);
        }

        @Override
        public List<List<String>> orderedGenes() {
            return seed.orderedGenes();
        }

        @Override
        public double[] defaultGenes() {
            return seed.defaultGenes();
        }

        @Override
        public String toString() {
            return seed.toString();
        }
    }
}
