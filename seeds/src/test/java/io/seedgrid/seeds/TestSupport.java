package io.seedgrid.seeds;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.Seed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test helpers: raw bundled CSV read without the loaders, genomes, and bars changed after a cut. */
public final class TestSupport {
    public static final String AAPL_RESOURCE = "appleinc_bars_from_20130101_usd.csv";
    public static final String BTC_RESOURCE = "bitstamp_trades_from_20131125_usd.csv";

    /** The eight classic seeds, by their registry names. */
    public static final List<String> CLASSIC = List.of(
            "EMACrossoverSeed",
            "StochasticOscillatorSeed",
            "VolatilityScalingSeed",
            "RSIFilterSeed",
            "VWAPReversionSeed",
            "BollingerBandsSeed",
            "SMATrendFilterSeed",
            "IchimokuCloudSeed");

    private TestSupport() {}

    /** The data rows of a classpath CSV (header dropped), each split on commas; read here, not by the loaders. */
    public static List<String[]> rawRows(String resource) {
        InputStream in = TestSupport.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the test classpath");
        }
        List<String[]> rows = new ArrayList<>();
        try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    rows.add(line.split(","));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Column {@code column} of the raw rows, as numbers. */
    public static double[] rawColumn(List<String[]> rows, int column) {
        double[] values = new double[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Double.parseDouble(rows.get(i)[column]);
        }
        return values;
    }

    /** A genome drawn uniformly within each gene's range (whole values for integer genes). */
    public static double[] randomGenes(Seed seed, Random random) {
        List<GeneSpec> specs = seed.genes();
        double[] genes = new double[specs.size()];
        for (int i = 0; i < genes.length; i++) {
            GeneSpec spec = specs.get(i);
            genes[i] = spec.kind() == GeneSpec.Kind.INTEGER
                    ? spec.min() + random.nextInt((int) (spec.max() - spec.min()) + 1)
                    : spec.min() + random.nextDouble() * (spec.max() - spec.min());
        }
        return Genes.require(specs, genes);
    }

    /** Every gene at its minimum ({@code max == false}) or maximum. */
    public static double[] cornerGenes(Seed seed, boolean max) {
        return seed.genes().stream()
                .mapToDouble(spec -> max ? spec.max() : spec.min())
                .toArray();
    }

    /**
     * The same bars up to and including {@code t}; after it every bar's prices are scaled by a random factor in
     * [0.5, 2) (so each bar stays valid) and its volume replaced. Built with {@link Bars#of}.
     */
    public static Bars alteredAfter(Bars bars, int t, Random random) {
        int n = bars.size();
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double f = i <= t ? 1 : 0.5 + 1.5 * random.nextDouble();
            o[i] = bars.open(i) * f;
            h[i] = bars.high(i) * f;
            l[i] = bars.low(i) * f;
            c[i] = bars.close(i) * f;
            v[i] = i <= t ? bars.volume(i) : 1 + 1000 * random.nextDouble();
        }
        return Bars.of(bars.symbol(), bars.timeframe(), bars.endEpochMillis(), o, h, l, c, v);
    }

    /** Bars whose signal value differs from the previous bar's. */
    public static int valueChanges(double[] signal) {
        int changes = 0;
        for (int t = 1; t < signal.length; t++) {
            if (Double.compare(signal[t], signal[t - 1]) != 0) {
                changes++;
            }
        }
        return changes;
    }

    /** Times the sign of the signal flips between consecutive non-zero values. */
    public static int signChanges(double[] signal) {
        int changes = 0;
        double last = 0;
        for (double s : signal) {
            if (s != 0) {
                if (last != 0 && Math.signum(s) != Math.signum(last)) {
                    changes++;
                }
                last = s;
            }
        }
        return changes;
    }
}
