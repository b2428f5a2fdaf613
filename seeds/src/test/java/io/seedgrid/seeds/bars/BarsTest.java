package io.seedgrid.seeds.bars;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BarsTest {
    private static final long[] TIMES = {1000, 2000, 3000};

    private static IllegalArgumentException refused(
            long[] t, double[] o, double[] h, double[] l, double[] c, double[] v) {
        return assertThrows(IllegalArgumentException.class, () -> Bars.of("X", Timeframe.M1, t, o, h, l, c, v));
    }

    @Test
    void ofChecksEveryRuleAndNamesTheBar() {
        double[] ok = {10, 10, 10};
        double[] hi = {11, 11, 11};
        double[] lo = {9, 9, 9};
        double[] vol = {1, 1, 1};
        assertTrue(refused(TIMES, ok, hi, new double[] {9, 12, 9}, ok, vol)
                .getMessage()
                .contains("bar 1 of X: high 11.0 is below low 12.0"));
        assertTrue(refused(TIMES, ok, hi, lo, new double[] {10, 10, Double.NaN}, vol)
                .getMessage()
                .contains("bar 2 of X: price is not a finite number"));
        assertTrue(refused(TIMES, ok, hi, lo, ok, new double[] {1, -1, 1})
                .getMessage()
                .contains("bar 1 of X: negative volume"));
        assertTrue(refused(TIMES, ok, hi, lo, ok, new double[] {1, Double.POSITIVE_INFINITY, 1})
                .getMessage()
                .contains("bar 1 of X: volume is not a finite number"));
        assertTrue(refused(new long[] {1000, 1000, 3000}, ok, hi, lo, ok, vol)
                .getMessage()
                .contains("bar 1 of X: time"));
        assertTrue(refused(TIMES, ok, hi, lo, new double[] {10, 10}, vol)
                .getMessage()
                .contains("equal lengths"));
        assertThrows(IllegalArgumentException.class, () -> Bars.of(" ", Timeframe.M1, TIMES, ok, hi, lo, ok, vol));
    }

    @Test
    void copiesInAndOutAndSlices() {
        double[] close = {10, 10.5, 10.2};
        Bars b = Bars.of(
                "X",
                Timeframe.M1,
                TIMES,
                new double[] {10, 10, 10},
                new double[] {11, 11, 11},
                new double[] {9, 9, 9},
                close,
                new double[] {1, 2, 3});
        close[0] = 99;
        assertEquals(10, b.close(0));
        b.closes()[1] = 99;
        assertEquals(10.5, b.close(1));
        Bars head = b.head(2);
        assertEquals(2, head.size());
        assertArrayEquals(new double[] {10, 10.5}, head.closes());
        Bars tail = b.slice(1, 3);
        assertArrayEquals(new long[] {2000, 3000}, tail.endEpochMillis());
        assertEquals(3, tail.volume(1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.slice(2, 4));
    }

    @Test
    void timeframeParses() {
        assertEquals(Timeframe.M1, Timeframe.parse(" 1M "));
        assertEquals(Timeframe.D1, Timeframe.parse("1d"));
        assertEquals(300_000, Timeframe.parse("5m").duration().toMillis());
        var e = assertThrows(IllegalArgumentException.class, () -> Timeframe.parse("2h"));
        assertTrue(
                e.getMessage().contains("1m, 5m, 15m, 1h, 1d") && e.getMessage().contains("'2h'"), e.getMessage());
    }
}
