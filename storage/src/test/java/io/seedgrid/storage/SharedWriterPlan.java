package io.seedgrid.storage;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The bars two concurrent writers publish, and the check that a read saw a consistent state.
 *
 * <p>Keys are minute indexes {@code i} (bar end {@code T0 + i minutes}). Writer 1, batch k, writes
 * {@code [100k, 100k+150)}: it overlaps its own next batch (latest must win within a writer) and has keys
 * {@code [100k+50, 100k+70)} nobody else writes, so a read shows whether batch k is visible. Writer 2, batch k,
 * writes {@code [100k+70, 100k+130)} (overlapping writer 1) plus 50 keys of its own far away. Every bar of a batch
 * carries the batch's tag: volume = writer * 1000 + k, and all four prices = writer * 100 + k + 0.25, so a torn row
 * (values of two writes) is detectable too.
 */
final class SharedWriterPlan {
    static final String SYMBOL = "CONC/BTC'USD";
    static final Timeframe TF = Timeframe.M1;
    static final long T0 = Instant.parse("2024-01-01T00:01:00Z").toEpochMilli();
    static final long MINUTE = 60_000;

    private SharedWriterPlan() {}

    static int[] keys(int writer, int k, int batches) {
        if (writer == 1) {
            int[] out = new int[150];
            for (int j = 0; j < 150; j++) {
                out[j] = 100 * k + j;
            }
            return out;
        }
        int[] out = new int[110];
        for (int j = 0; j < 60; j++) {
            out[j] = 100 * k + 70 + j;
        }
        int own = 100 * batches + 1000 + 50 * k;
        for (int j = 0; j < 50; j++) {
            out[60 + j] = own + j;
        }
        return out;
    }

    static Bars batch(int writer, int k, int batches) {
        int[] keys = keys(writer, k, batches);
        int n = keys.length;
        long[] t = new long[n];
        double[] p = new double[n];
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            t[j] = T0 + keys[j] * MINUTE;
            p[j] = price(writer * 1000 + k);
            v[j] = writer * 1000 + k;
        }
        return Bars.of(SYMBOL, TF, t, p, p, p, p, v);
    }

    static double price(int tag) {
        return (tag / 1000) * 100 + (tag % 1000) + 0.25;
    }

    /** The latest batch of {@code writer} up to {@code upTo} that covers key {@code i}, or -1. */
    static int latestCovering(int writer, int i, int upTo, int batches) {
        for (int k = upTo; k >= 0; k--) {
            for (int key : keys(writer, k, batches)) {
                if (key == i) {
                    return k;
                }
            }
        }
        return -1;
    }

    /**
     * Null when {@code read} is exactly what some prefix of writer 1's batches and some prefix of writer 2's batches
     * give under latest-wins per key (for keys both wrote, either writer may be the latest), else the problem.
     */
    static String check(Bars read, int batches) {
        Map<Integer, Integer> tagAt = new HashMap<>();
        int k1 = -1;
        int k2 = -1;
        for (int j = 0; j < read.size(); j++) {
            long offset = read.endEpochMilli(j) - T0;
            if (offset % MINUTE != 0) {
                return "unexpected bar time " + read.endTime(j);
            }
            int i = (int) (offset / MINUTE);
            double vol = read.volume(j);
            int tag = (int) vol;
            if (tag != vol || (tag / 1000 != 1 && tag / 1000 != 2)) {
                return "unexpected volume " + vol + " at key " + i;
            }
            if (read.open(j) != price(tag)
                    || read.close(j) != price(tag)
                    || read.high(j) != price(tag)
                    || read.low(j) != price(tag)) {
                return "torn row at key " + i + ": prices do not match tag " + tag;
            }
            tagAt.put(i, tag);
            if (tag / 1000 == 1) {
                k1 = Math.max(k1, tag % 1000);
            } else {
                k2 = Math.max(k2, tag % 1000);
            }
        }
        Set<Integer> expected = new HashSet<>();
        for (int k = 0; k <= k1; k++) {
            for (int key : keys(1, k, batches)) {
                expected.add(key);
            }
        }
        for (int k = 0; k <= k2; k++) {
            for (int key : keys(2, k, batches)) {
                expected.add(key);
            }
        }
        if (!expected.equals(tagAt.keySet())) {
            Set<Integer> missing = new HashSet<>(expected);
            missing.removeAll(tagAt.keySet());
            Set<Integer> extra = new HashSet<>(tagAt.keySet());
            extra.removeAll(expected);
            return "keys differ from writer 1 batches 0.." + k1 + " + writer 2 batches 0.." + k2 + ": missing "
                    + missing.size() + " " + head(missing) + ", extra " + extra.size() + " " + head(extra);
        }
        for (var e : tagAt.entrySet()) {
            int i = e.getKey();
            int c1 = latestCovering(1, i, k1, batches);
            int c2 = latestCovering(2, i, k2, batches);
            int tag = e.getValue();
            boolean ok = (c1 >= 0 && tag == 1000 + c1) || (c2 >= 0 && tag == 2000 + c2);
            if (!ok) {
                return "key " + i + " has tag " + tag + " but the latest candidates are writer 1 batch " + c1
                        + " and writer 2 batch " + c2;
            }
        }
        return null;
    }

    private static String head(Set<Integer> s) {
        return s.stream().sorted().limit(10).toList().toString();
    }
}
