package io.seedgrid.strategies;

import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.storage.SignalPoint;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyVersionRecord;
import io.seedgrid.strategies.stats.TestResult;
import io.seedgrid.strategies.stats.Tests;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Two versions over their common live bars: what {@link StrategyRegistry#compare} and the shadow gates read. */
final class Comparisons {
    private Comparisons() {}

    /**
     * {@code a} and {@code b} over the bars after both went live ({@code liveA}, {@code liveB}; empty: never, so no
     * bars) on which both realised a return. Both are compared on their own symbols' bars, matched by end time.
     */
    static Comparison compare(
            Store store,
            StrategyVersionRecord a,
            StrategyDefinition defA,
            Optional<Instant> liveA,
            StrategyVersionRecord b,
            StrategyDefinition defB,
            Optional<Instant> liveB) {
        if (liveA.isEmpty() || liveB.isEmpty()) {
            return empty(a, b);
        }
        Instant from = liveA.get().isAfter(liveB.get()) ? liveA.get() : liveB.get();
        LiveReturns ra = LiveReturns.since(store, a, defA, from);
        LiveReturns rb = LiveReturns.since(store, b, defB, from);
        Map<Long, Integer> indexB = new HashMap<>();
        long[] timesB = rb.endEpochMillis();
        for (int i = 0; i < timesB.length; i++) {
            indexB.put(timesB[i], i);
        }
        long[] timesA = ra.endEpochMillis();
        double[] returnsA = ra.returns();
        double[] returnsB = rb.returns();
        long[] common = new long[timesA.length];
        double[] x = new double[timesA.length];
        double[] y = new double[timesA.length];
        int n = 0;
        for (int i = 0; i < timesA.length; i++) {
            Integer j = indexB.get(timesA[i]);
            if (j != null) {
                common[n] = timesA[i];
                x[n] = returnsA[i];
                y[n++] = returnsB[j];
            }
        }
        if (n == 0) {
            return empty(a, b);
        }
        common = Arrays.copyOf(common, n);
        x = Arrays.copyOf(x, n);
        y = Arrays.copyOf(y, n);
        double perYear = barsPerYear(a);
        Metrics ma = Metrics.ofReturns(x, 0, 0, 0, perYear);
        Metrics mb = Metrics.ofReturns(y, 0, 0, 0, perYear);
        double agreement = agreement(store, a, defA, b, defB, common);
        double meanDiff = 0;
        for (int i = 0; i < n; i++) {
            meanDiff += (x[i] - y[i]) / n;
        }
        double t = Double.NaN;
        double two = Double.NaN;
        double less = Double.NaN;
        if (n >= 2) {
            TestResult paired = Tests.pairedLess(x, y);
            t = paired.statistic();
            less = paired.pValue();
            two = Math.min(1, 2 * Math.min(less, 1 - less));
        }
        return new Comparison(
                a.id(),
                b.id(),
                n,
                Optional.of(Instant.ofEpochMilli(common[0])),
                Optional.of(Instant.ofEpochMilli(common[n - 1])),
                ma.sharpe(),
                mb.sharpe(),
                ma.totalReturn(),
                mb.totalReturn(),
                ma.maxDrawdown(),
                mb.maxDrawdown(),
                agreement,
                meanDiff,
                t,
                two,
                less);
    }

    private static Comparison empty(StrategyVersionRecord a, StrategyVersionRecord b) {
        return new Comparison(
                a.id(),
                b.id(),
                0,
                Optional.empty(),
                Optional.empty(),
                0,
                0,
                0,
                0,
                0,
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN);
    }

    /** The share of {@code times} at which both decided the same position (at the bar before, held during it). */
    private static double agreement(
            Store store,
            StrategyVersionRecord a,
            StrategyDefinition defA,
            StrategyVersionRecord b,
            StrategyDefinition defB,
            long[] times) {
        Map<Long, Integer> before = positionsBefore(store, a, defA);
        Map<Long, Integer> beforeB = positionsBefore(store, b, defB);
        int same = 0;
        for (long t : times) {
            if (before.getOrDefault(t, 0).equals(beforeB.getOrDefault(t, 0))) {
                same++;
            }
        }
        return (double) same / times.length;
    }

    /** Each stored signal's bar end time to the position decided at the signal before: the one held during the bar. */
    private static Map<Long, Integer> positionsBefore(Store store, StrategyVersionRecord r, StrategyDefinition def) {
        List<SignalPoint> points = store.signals().readSignals(r.id(), r.symbol(), null);
        double[] values = new double[points.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = points.get(i).value();
        }
        int[] positions = def.positionRule().decide(values);
        Map<Long, Integer> out = new HashMap<>(points.size() * 2);
        for (int i = 1; i < positions.length; i++) {
            out.put(points.get(i).time().toEpochMilli(), positions[i - 1]);
        }
        return out;
    }

    /** Bars per year of the data the version was evolved on, as observed (the backtest annualises the same way). */
    static double barsPerYear(StrategyVersionRecord r) {
        EvolvedOn on = Codec.evolvedOn(Codec.tree("data", r.dataJson()));
        double years = (on.lastBar().toEpochMilli() - on.firstBar().toEpochMilli()) / (365.25 * 24 * 3600 * 1000.0);
        return years > 0 ? (on.bars() - 1) / years : 1;
    }
}
