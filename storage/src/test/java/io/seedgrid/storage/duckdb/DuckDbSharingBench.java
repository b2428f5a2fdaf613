package io.seedgrid.storage.duckdb;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.StorageConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * What holding the DuckDB file only while it is used costs: prints figures, asserts nothing.
 *
 * <p>Milliseconds per operation (median and p95) of a read (the 252 AAPL daily bars) and a write (one generation
 * checkpoint, as {@code evolve} writes), on one local file:
 * <ul>
 *   <li>held open: the connection kept for the whole run (what a store did before; also a burst of operations now,
 *       each within the linger of the one before);</li>
 *   <li>open per operation: the file opened and closed by every operation (now: operations further apart than the
 *       linger, e.g. a follow's polls or the service's requests);</li>
 *   <li>beside a busy process: the default policy while another process uses the same file every 20 ms
 *       ({@code LocalHolderMain busy}), the two taking turns.</li>
 * </ul>
 *
 * <pre>
 * DuckDbSharingBench [--ops 200] [--dir DIR]      (from the storage module's test class path)
 * </pre>
 */
public final class DuckDbSharingBench {
    private static final Duration WAIT = StorageConfig.DEFAULT_DUCKDB_LOCK_WAIT;
    private static final Duration FOREVER = Duration.ofHours(1);

    private DuckDbSharingBench() {}

    public static void main(String[] args) throws Exception {
        int ops = 200;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ops" -> ops = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument " + args[i] + "; usage: DuckDbSharingBench [--ops N] [--dir DIR]");
            }
        }
        Path base = dir != null ? dir : Files.createTempDirectory("seedgrid-sharing-bench");
        Path file = base.resolve("sharing.duckdb").toAbsolutePath();
        Bars aapl = BundledData.load("AAPL");
        try (DuckDbStore store = DuckDbStore.open(file, WAIT)) {
            store.bars().writeBars(aapl);
            store.bars().writeBars(BundledData.load("BTCUSD"));
            store.runs()
                    .saveRun(new RunRecord("bench", Instant.EPOCH, "AAPL", Timeframe.D1, 1, RunStatus.RUNNING, "{}"));
        }
        System.out.printf(
                Locale.ROOT,
                "seedgrid DuckDB sharing benchmark: %d reads (252 bars) and %d writes"
                        + " (a generation) per mode, file %s (%d KB), java %s, %d cpus, load %.1f%n",
                ops,
                ops,
                file,
                Files.size(file) / 1024,
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println();
        System.out.println("mode                              read ms (median / p95)   write ms (median / p95)");
        print("held open", measure(file, FOREVER, FOREVER, ops, 0));
        print("open per operation", measure(file, Duration.ZERO, DuckDbFile.TURN, ops, 1_000_000));
        Process busy = busy(file, base);
        try {
            print("beside a busy process (default)", measure(file, DuckDbFile.LINGER, DuckDbFile.TURN, ops, 2_000_000));
        } finally {
            busy.destroy();
            busy.waitFor();
        }
    }

    /** Read and write latencies, in ms, under one hold policy; generations numbered from {@code firstGeneration}. */
    private static double[][] measure(Path file, Duration linger, Duration turn, int ops, int firstGeneration) {
        double[] reads = new double[ops];
        double[] writes = new double[ops];
        try (DuckDbStore store = DuckDbStore.open(file, WAIT, linger, turn)) {
            store.bars().readBars("AAPL", Timeframe.D1, null, null); // warm-up, not counted
            for (int i = 0; i < ops; i++) {
                long t0 = System.nanoTime();
                if (store.bars().readBars("AAPL", Timeframe.D1, null, null).size() != 252) {
                    throw new IllegalStateException("lost bars");
                }
                long t1 = System.nanoTime();
                store.runs().saveGeneration("bench", new GenerationRecord(firstGeneration + i, 1, 1, 1, 1, null));
                long t2 = System.nanoTime();
                reads[i] = (t1 - t0) / 1e6;
                writes[i] = (t2 - t1) / 1e6;
            }
        }
        return new double[][] {reads, writes};
    }

    private static void print(String mode, double[][] r) {
        System.out.printf(
                Locale.ROOT,
                "%-32s  %8.2f / %-8.2f        %8.2f / %-8.2f%n",
                mode,
                quantile(r[0], 0.5),
                quantile(r[0], 0.95),
                quantile(r[1], 0.5),
                quantile(r[1], 0.95));
    }

    private static double quantile(double[] xs, double q) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(q * s.length))];
    }

    /** Starts {@code LocalHolderMain busy} on the file and waits until it works. */
    private static Process busy(Path file, Path base) throws Exception {
        Path ready = base.resolve("busy-ready-" + System.nanoTime());
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-Xmx256m",
                        "io.seedgrid.storage.LocalHolderMain",
                        "busy",
                        file.toString(),
                        ready.toString())
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("busy.log").toFile());
        pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.exists(ready)) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(
                        "the busy process did not start: " + Files.readString(base.resolve("busy.log")));
            }
            Thread.sleep(10);
        }
        return p;
    }
}
