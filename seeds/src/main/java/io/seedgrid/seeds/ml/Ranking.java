package io.seedgrid.seeds.ml;

/**
 * Sorts the small windows the ML seeds train on (at most 65,536 values) by value, branch-free: an LSD radix sort on
 * the top 24 bits of each value's order-preserving bit pattern (sign, exponent and 12 mantissa bits: values a
 * 4,096th apart are told apart), which is stable, then an insertion pass on the exact values, which moves only ids
 * whose values agreed in those 24 bits (so -0.0 stays before 0.0, which compare equal). On a few hundred values this
 * is about twice as fast as a comparison sort, whose branches the processor cannot predict.
 */
final class Ranking {
    /** Values a sort takes at most: an id fits in the low 16 bits of a key. */
    static final int MAX_VALUES = 1 << 16;

    private static final int DIGIT_BITS = 8;
    private static final int BUCKETS = 1 << DIGIT_BITS;
    private static final int DIGITS = 3;
    private static final int ID_BITS = 16;

    private Ranking() {}

    /**
     * Writes to {@code ids[0 .. m)} the ids {@code 0..m-1} ordered by {@code values[from + id]}, equal values by id.
     * {@code keys} and {@code spare} are scratch of at least {@code m} entries.
     */
    static void sort(double[] values, int from, int m, int[] ids, long[] keys, long[] spare) {
        if (m > MAX_VALUES) {
            throw new IllegalArgumentException("at most " + MAX_VALUES + " values but had " + m);
        }
        int[] count = new int[DIGITS * BUCKETS]; // one histogram per digit, all filled in one pass
        for (int i = 0; i < m; i++) {
            long bits = Double.doubleToLongBits(values[from + i]);
            // Flip so that unsigned order is numeric order (all bits of negatives, the sign bit of the others), with
            // no branch on the sign; keep the top 24 bits above the id.
            long ordered = bits ^ (bits >> 63 | Long.MIN_VALUE);
            long key = (ordered >>> 64 - DIGITS * DIGIT_BITS) << ID_BITS | i;
            keys[i] = key;
            for (int digit = 0; digit < DIGITS; digit++) {
                count[digit * BUCKETS + digit(key, digit)]++;
            }
        }
        long[] in = keys;
        long[] out = spare;
        for (int digit = 0; digit < DIGITS; digit++) {
            int base = digit * BUCKETS;
            if (count[base + digit(in[0], digit)] == m) {
                continue; // every key has this digit: the pass would change nothing
            }
            int position = 0;
            for (int b = base; b < base + BUCKETS; b++) {
                int c = count[b];
                count[b] = position;
                position += c;
            }
            for (int i = 0; i < m; i++) {
                long key = in[i];
                out[count[base + digit(key, digit)]++] = key;
            }
            long[] swap = in;
            in = out;
            out = swap;
        }
        for (int j = 0; j < m; j++) {
            int id = (int) (in[j] & (MAX_VALUES - 1));
            double v = values[from + id];
            int at = j;
            while (at > 0 && values[from + ids[at - 1]] > v) {
                ids[at] = ids[at - 1];
                at--;
            }
            ids[at] = id;
        }
    }

    private static int digit(long key, int digit) {
        return (int) (key >>> ID_BITS + digit * DIGIT_BITS) & (BUCKETS - 1);
    }

    /** {@code values[0 .. m)}, sorted, as a new array. */
    static double[] sorted(double[] values, int m) {
        int[] ids = new int[m];
        sort(values, 0, m, ids, new long[m], new long[m]);
        double[] sorted = new double[m];
        for (int j = 0; j < m; j++) {
            sorted[j] = values[ids[j]];
        }
        return sorted;
    }
}
