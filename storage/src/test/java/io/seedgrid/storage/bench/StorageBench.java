package io.seedgrid.storage.bench;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StoreHealth;
import io.seedgrid.storage.Stores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Storage benchmark: prints figures, asserts nothing.
 *
 * <p>Per backend: ingest rate of the real BTCUSD one-minute bars (9,603) written {@code --reps} times under
 * different symbols, the idempotent re-ingest time, range-read latency (random one-day windows of 1,440 bars and
 * whole-series reads, median and p95) and health-query latency.
 *
 * <pre>
 * StorageBench [--backends local,shared,postgres] [--reps 10] [--reads 200] [--dir DIR]
 * </pre>
 * local and shared use fresh directories under {@code --dir} (default: a temporary directory). postgres uses
 * {@code DATABASE_URL} / {@code NEON_DATABASE_URL} with {@code PGUSER} / {@code PGPASSWORD} and is skipped when no
 * URL is set; it writes symbols {@code BENCH-<random>-<n>} into that database, so point it at a scratch database.
 * It lives in test scope, beside {@link StorageBenchWithEmbeddedPostgres}: run either from the storage module's test
 * classpath.
 */
public final class StorageBench {
    private StorageBench() {}

    /** One backend's figures. */
    public record Result(
            String backend,
            int bars,
            double ingestRowsPerSecond,
            double ingestMedianMillis,
            double reingestMillis,
            double rangeMedianMillis,
            double rangeP95Millis,
            double fullReadMedianMillis,
            double fullReadP95Millis,
            double healthMedianMillis,
            double healthMaxMillis,
            String healthStatus) {}

    public static void main(String[] args) throws IOException {
        List<String> backends = List.of("local", "shared", "postgres");
        int reps = 10;
        int reads = 200;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--backends" -> backends = Arrays.asList(args[++i].split(","));
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--reads" -> reads = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument " + args[i]
                                    + "; usage: StorageBench [--backends local,shared,postgres] [--reps N] [--reads N] [--dir DIR]");
            }
        }
        Path base = dir != null ? dir : Files.createTempDirectory("seedgrid-bench");
        List<StorageConfig> configs = new ArrayList<>();
        Map<String, String> env = System.getenv();
        for (String b : backends) {
            switch (b.strip()) {
                case "local" ->
                    configs.add(StorageConfig.local(
                            base.resolve("local-" + UUID.randomUUID()).resolve("bench.duckdb")));
                case "shared" -> configs.add(StorageConfig.shared(base.resolve("shared-" + UUID.randomUUID())));
                case "postgres", "neon" -> {
                    if (env.get("DATABASE_URL") == null && env.get("NEON_DATABASE_URL") == null) {
                        System.out.println("postgres: skipped (set DATABASE_URL to a scratch database)");
                    } else {
                        configs.add(StorageConfig.resolve("postgres", env, null));
                    }
                }
                default -> throw new IllegalArgumentException("unknown backend " + b);
            }
        }
        run(configs, reps, reads, System.out);
    }

    /** Runs the benchmark on each config and prints a table to {@code out}. */
    public static List<Result> run(List<StorageConfig> configs, int reps, int reads, PrintStream out) {
        Bars btc = BundledData.load("BTCUSD");
        out.printf(
                Locale.ROOT,
                "seedgrid storage benchmark: BTCUSD %d one-minute bars x %d symbols, %d range reads,"
                        + " java %s, %d cpus%n",
                btc.size(),
                reps,
                reads,
                Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        List<Result> results = new ArrayList<>();
        for (StorageConfig config : configs) {
            out.println("running " + config.describe() + " ...");
            results.add(runOne(config, btc, reps, reads));
        }
        out.println();
        out.println("backend   ingest rows/s  ingest ms/9603 (median)  re-ingest ms  range 1440 bars ms (median/p95)"
                + "  full 9603 bars ms (median/p95)  health ms (median/max)");
        for (Result r : results) {
            out.printf(
                    Locale.ROOT,
                    "%-8s  %13.0f  %23.1f  %12.1f  %14.2f / %-14.2f  %13.2f / %-14.2f  %6.2f / %.2f %s%n",
                    r.backend(),
                    r.ingestRowsPerSecond(),
                    r.ingestMedianMillis(),
                    r.reingestMillis(),
                    r.rangeMedianMillis(),
                    r.rangeP95Millis(),
                    r.fullReadMedianMillis(),
                    r.fullReadP95Millis(),
                    r.healthMedianMillis(),
                    r.healthMaxMillis(),
                    r.healthStatus());
        }
        return results;
    }

    private static Result runOne(StorageConfig config, Bars btc, int reps, int reads) {
        String prefix = "BENCH-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        try (Store store = Stores.open(config)) {
            // warm-up: one write and read of another symbol, not counted
            store.bars().writeBars(btc.head(500).withSymbol(prefix + "warmup"));
            store.bars().readBars(prefix + "warmup", Timeframe.M1);

            double[] ingest = new double[reps];
            long totalNanos = 0;
            for (int r = 0; r < reps; r++) {
                Bars bars = btc.withSymbol(prefix + r);
                long t = System.nanoTime();
                int stored = store.bars().writeBars(bars);
                long dt = System.nanoTime() - t;
                if (stored != bars.size()) {
                    throw new IllegalStateException("stored " + stored + " of " + bars.size());
                }
                totalNanos += dt;
                ingest[r] = dt / 1e6;
            }
            long t = System.nanoTime();
            int again = store.bars().writeBars(btc.withSymbol(prefix + 0));
            double reingest = (System.nanoTime() - t) / 1e6;
            if (again != 0) {
                throw new IllegalStateException("re-ingest stored " + again);
            }

            Random random = new Random(42);
            double[] range = new double[reads];
            for (int i = 0; i < reads; i++) {
                String symbol = prefix + random.nextInt(reps);
                int from = random.nextInt(btc.size() - 1440);
                Instant a = btc.endTime(from);
                Instant b = a.plusSeconds(1440 * 60);
                long s = System.nanoTime();
                Bars got = store.bars().readBars(symbol, Timeframe.M1, a, b);
                range[i] = (System.nanoTime() - s) / 1e6;
                if (got.size() != 1440) {
                    throw new IllegalStateException("range read returned " + got.size());
                }
            }
            double[] full = new double[Math.max(10, reads / 10)];
            for (int i = 0; i < full.length; i++) {
                long s = System.nanoTime();
                Bars got = store.bars().readBars(prefix + random.nextInt(reps), Timeframe.M1);
                full[i] = (System.nanoTime() - s) / 1e6;
                if (got.size() != btc.size()) {
                    throw new IllegalStateException("full read returned " + got.size());
                }
            }
            double[] health = new double[20];
            String status = "";
            for (int i = 0; i < health.length; i++) {
                StoreHealth h = store.health();
                health[i] = h.latencyMillis();
                status = h.status().name();
            }
            return new Result(
                    store.backend(),
                    btc.size(),
                    (double) reps * btc.size() / (totalNanos / 1e9),
                    percentile(ingest, 50),
                    reingest,
                    percentile(range, 50),
                    percentile(range, 95),
                    percentile(full, 50),
                    percentile(full, 95),
                    percentile(health, 50),
                    max(health),
                    status);
        }
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
