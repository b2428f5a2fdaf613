package io.seedgrid.seeds.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.TestSupport;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link Bars#resample} on bars made by hand and on the bundled BTCUSD minutes against the raw trades. */
class ResampleTest {
    private static final long MINUTE = 60_000;

    @Test
    void minuteBarsAggregateIntoFiveMinuteBarsOnTheUtcGrid() {
        // Minutes ending 00:04 .. 00:07 and, after a gap, 00:16 (times in minutes after midnight).
        long[] ends = {4 * MINUTE, 5 * MINUTE, 6 * MINUTE, 7 * MINUTE, 16 * MINUTE};
        Bars minutes = Bars.of(
                "X",
                Timeframe.M1,
                ends,
                new double[] {10, 11, 12, 11, 20},
                new double[] {11, 13, 12.5, 11.5, 21},
                new double[] {9.5, 10.5, 11, 10, 19},
                new double[] {11, 12, 11, 10.5, 20.5},
                new double[] {1, 2, 3, 4, 5});
        Bars five = minutes.resample(Timeframe.M5);
        assertEquals(Timeframe.M5, five.timeframe());
        assertEquals("X", five.symbol());
        // 00:04 and 00:05 end in (00:00, 00:05]; 00:06, 00:07 in (00:05, 00:10]; 00:16 in (00:15, 00:20]. The empty
        // bucket (00:10, 00:15] gives no bar.
        assertArrayEquals(new long[] {5 * MINUTE, 10 * MINUTE, 20 * MINUTE}, five.endEpochMillis());
        assertBar(five, 0, 10, 13, 9.5, 12, 3);
        assertBar(five, 1, 12, 12.5, 10, 10.5, 7);
        assertBar(five, 2, 20, 21, 19, 20.5, 5);
        // Straight to 1h: one bar ending 01:00.
        Bars hour = minutes.resample(Timeframe.H1);
        assertArrayEquals(new long[] {60 * MINUTE}, hour.endEpochMillis());
        assertBar(hour, 0, 10, 21, 9.5, 20.5, 15);
        // Resampling the resampled agrees with resampling once.
        assertArrayEquals(hour.closes(), five.resample(Timeframe.H1).closes());
    }

    @Test
    void fillsOnlyCountInABucketOfNothingElse() {
        // 00:01 trades; 00:02 .. 00:06 are fills at its close of 11 (zero volume, flat); 00:07 trades again.
        long[] ends = {MINUTE, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE, 5 * MINUTE, 6 * MINUTE, 7 * MINUTE};
        Bars minutes = Bars.of(
                "X",
                Timeframe.M1,
                ends,
                new double[] {10, 11, 11, 11, 11, 11, 12},
                new double[] {12, 11, 11, 11, 11, 11, 13},
                new double[] {9, 11, 11, 11, 11, 11, 11.5},
                new double[] {11, 11, 11, 11, 11, 11, 12.5},
                new double[] {1, 0, 0, 0, 0, 0, 2});
        assertTrue(minutes.isFill(1) && minutes.isFill(5) && !minutes.isFill(0) && !minutes.isFill(6));
        Bars five = minutes.resample(Timeframe.M5);
        // (00:00, 00:05]: the trade minute and four fills; (00:05, 00:10]: a fill then a trade: it opens at the trade.
        assertBar(five, 0, 10, 12, 9, 11, 1);
        assertBar(five, 1, 12, 13, 11.5, 12.5, 2);
        // A bucket of fills only stays a fill.
        Bars quiet = minutes.slice(0, 6).resample(Timeframe.M5);
        assertBar(quiet, 1, 11, 11, 11, 11, 0);
        assertTrue(quiet.isFill(1));
        // A zero-volume flat bar at a new price is not a fill: its price is real.
        Bars moved = Bars.of(
                "X",
                Timeframe.M1,
                new long[] {MINUTE, 2 * MINUTE},
                new double[] {10, 10.5},
                new double[] {10, 10.5},
                new double[] {10, 10.5},
                new double[] {10, 10.5},
                new double[] {0, 0});
        assertTrue(!moved.isFill(0) && !moved.isFill(1));
        assertBar(moved.resample(Timeframe.M5), 0, 10, 10.5, 10, 10.5, 0);
    }

    private static void assertBar(Bars b, int i, double open, double high, double low, double close, double volume) {
        assertArrayEquals(
                new double[] {open, high, low, close, volume},
                new double[] {b.open(i), b.high(i), b.low(i), b.close(i), b.volume(i)},
                1e-12,
                "bar " + i);
    }

    @Test
    void btcusdMinutesTo15mMatchTheRawTrades() {
        Bars minutes = BundledData.load("BTCUSD");
        Bars quarter = minutes.resample(Timeframe.M15);
        // Independently from the trades (timestamp in s, price, amount): 15-minute buckets [k*900 s, (k+1)*900 s).
        TreeMap<Long, double[]> buckets = new TreeMap<>();
        for (String[] row : TestSupport.rawRows(TestSupport.BTC_RESOURCE)) {
            long end = (Long.parseLong(row[0]) / 900 + 1) * 900 * 1000;
            double price = Double.parseDouble(row[1]);
            double amount = Double.parseDouble(row[2]);
            double[] bar = buckets.get(end);
            if (bar == null) {
                buckets.put(end, new double[] {price, price, price, price, amount});
            } else {
                bar[1] = Math.max(bar[1], price);
                bar[2] = Math.min(bar[2], price);
                bar[3] = price;
                bar[4] += amount;
            }
        }
        long first = buckets.firstKey();
        long last = buckets.lastKey();
        assertEquals((last - first) / (900 * 1000) + 1, quarter.size());
        assertEquals(641, quarter.size());
        assertEquals(Instant.parse("2013-11-25T00:15:00Z"), quarter.endTime(0));
        assertEquals(last, quarter.endEpochMilli(quarter.size() - 1));
        int checked = 0;
        for (int i = 0; i < quarter.size(); i++) {
            double[] fromTrades = buckets.get(quarter.endEpochMilli(i));
            if (fromTrades == null) { // a quarter without a trade: flat at the previous close
                assertBar(
                        quarter,
                        i,
                        quarter.close(i - 1),
                        quarter.close(i - 1),
                        quarter.close(i - 1),
                        quarter.close(i - 1),
                        0);
                continue;
            }
            assertArrayEquals(
                    new double[] {fromTrades[0], fromTrades[1], fromTrades[2], fromTrades[3]},
                    new double[] {quarter.open(i), quarter.high(i), quarter.low(i), quarter.close(i)},
                    1e-12,
                    "bar " + i);
            assertEquals(fromTrades[4], quarter.volume(i), 1e-9 * fromTrades[4], "volume of bar " + i);
            checked++;
        }
        assertTrue(checked > 600, "quarters with trades: " + checked);
        // One bucket by hand: the first quarter is minutes 0..14 of the 1m bars (the first minute ends at 00:01).
        assertEquals(Instant.parse("2013-11-25T00:01:00Z"), minutes.endTime(0));
        double high = 0;
        double low = Double.MAX_VALUE;
        double volume = 0;
        for (int m = 0; m < 15; m++) {
            high = Math.max(high, minutes.high(m));
            low = Math.min(low, minutes.low(m));
            volume += minutes.volume(m);
        }
        assertBar(quarter, 0, minutes.open(0), high, low, minutes.close(14), volume);
        assertEquals(minutes.close(minutes.size() - 1), quarter.close(quarter.size() - 1));
    }

    @Test
    void refusesTargetsThatAreNotCoarser() {
        Bars five = SimulatedMarket.bounce(1, 10, Timeframe.M5, 10, 10);
        for (Map.Entry<Timeframe, String> refused :
                Map.of(Timeframe.M1, "1m", Timeframe.M5, "5m").entrySet()) {
            var e = assertThrows(IllegalArgumentException.class, () -> five.resample(refused.getKey()));
            assertEquals(
                    "cannot resample SIM-BOUNCE 5m bars to " + refused.getValue()
                            + ": the target timeframe must be coarser than the bars' own",
                    e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> five.resample(null));
        // Every coarser timeframe seedgrid knows is a whole number of any finer one (1m | 5m | 15m | 1h | 1d), so
        // the refusal of a source that does not divide the target cannot be reached with today's timeframes.
        for (Timeframe from : Timeframe.values()) {
            for (Timeframe to : Timeframe.values()) {
                if (to.duration().compareTo(from.duration()) > 0) {
                    assertEquals(0, to.duration().toMillis() % from.duration().toMillis(), from + " -> " + to);
                }
            }
        }
        assertEquals(
                List.of("1m", "5m", "15m", "1h", "1d"),
                Arrays.stream(Timeframe.values()).map(Timeframe::label).toList());
    }
}
