package io.seedgrid.seeds.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gaps in real data (none in the bundled sets), in real data with holes cut into it, and in aggregated trades. */
class BarGapsTest {
    private static final Bars AAPL = BundledData.load("AAPL");
    private static final Bars BTC = BundledData.load("BTCUSD");

    /** {@code bars} with the end times from {@code from} on shifted by {@code shift}: a hole before bar {@code from}. */
    private static Bars shifted(Bars bars, int from, Duration shift) {
        long[] t = bars.endEpochMillis();
        for (int i = from; i < t.length; i++) {
            t[i] += shift.toMillis();
        }
        double[] o = new double[t.length];
        double[] h = new double[t.length];
        double[] l = new double[t.length];
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            o[i] = bars.open(i);
            h[i] = bars.high(i);
            l[i] = bars.low(i);
            v[i] = bars.volume(i);
        }
        return Bars.of(bars.symbol(), bars.timeframe(), t, o, h, l, bars.closes(), v);
    }

    @Test
    void theBundledDataHasNone() {
        // AAPL 2013: weekends and holidays are at most 4 days; BTCUSD: every minute has a bar
        assertEquals(0, BarGaps.of(AAPL).count(), BarGaps.of(AAPL)::summary);
        assertEquals("AAPL 1d has no gaps longer than 5 days", BarGaps.of(AAPL).summary());
        assertEquals(0, BarGaps.of(BTC).count(), BarGaps.of(BTC)::summary);
        assertEquals(9_603, BTC.size(), "aggregation still fills the bundled trades' silences (the longest is 21 min)");
    }

    @Test
    void aThirteenYearHoleInDailyBarsIsOneGapWithItsPlaceAndLength() {
        Bars holed = shifted(AAPL, 100, Duration.ofDays(13 * 365));
        BarGaps gaps = BarGaps.of(holed);
        assertEquals(1, gaps.count());
        BarGaps.Gap gap = gaps.longest().get(0);
        assertEquals(100, gap.index());
        assertEquals(AAPL.endTime(99), gap.after());
        assertEquals(holed.endTime(100), gap.before());
        assertEquals(Duration.between(AAPL.endTime(99), AAPL.endTime(100)).plusDays(13 * 365), gap.length());
        assertEquals(gap.length(), gaps.total());
        assertTrue(
                gaps.summary()
                        .startsWith(
                                "AAPL 1d has 1 gap longer than 5 days: 13.0 years from " + AAPL.endTime(99) + " to "),
                gaps.summary());
        // 6 days is a gap for daily bars, 5 is not (a holiday on both sides of a weekend)
        assertEquals(1, BarGaps.of(shifted(AAPL, 10, Duration.ofDays(5))).count());
        assertEquals(0, BarGaps.of(shifted(AAPL, 10, Duration.ofDays(1))).count(), "Mon -> Mon+1 + 1 day: 2 or 4 days");
    }

    @Test
    void intradayGapsAreLongerThanTenBarsAndTheLongestFiveAreKept() {
        assertEquals(Duration.ofMinutes(10), BarGaps.threshold(Timeframe.M1));
        assertEquals(Duration.ofHours(10), BarGaps.threshold(Timeframe.H1));
        Bars holed = BTC;
        List<Integer> minutes = List.of(9, 10, 20, 30, 40, 50, 60); // extra minutes cut out, at bars 1000, 2000, ...
        for (int k = 0; k < minutes.size(); k++) {
            holed = shifted(holed, 1000 * (k + 1), Duration.ofMinutes(minutes.get(k)));
        }
        BarGaps gaps = BarGaps.of(holed);
        // 9 extra minutes make a 10-minute interval: not longer than 10 bars
        assertEquals(6, gaps.count(), gaps::summary);
        assertEquals(
                List.of(61L, 51L, 41L, 31L, 21L),
                gaps.longest().stream().map(g -> g.length().toMinutes()).toList());
        assertEquals(7000, gaps.longest().get(0).index());
        assertEquals(Duration.ofMinutes(11 + 21 + 31 + 41 + 51 + 61), gaps.total());
        assertTrue(
                gaps.summary()
                        .startsWith(
                                "BTCUSD 1m has 6 gaps longer than 10 min (10 bars); the longest is 1 h 1 min from "),
                gaps.summary());
    }

    @Test
    void aLongSilenceInTradesStaysAGapInsteadOfInventedBars() {
        long t0 = 1385337600L; // 2013-11-25T00:00:00Z
        String trades = "timestamp,price,amount\n" + t0 + ",800,1\n" + (t0 + 59 * 60) + ",801,1\n" // 59 min: filled
                + (t0 + 59 * 60 + 13 * 365 * 86_400L) + ",900,1\n"; // 13 years later: left a gap
        Bars bars = CsvBarsLoader.readTrades(new StringReader(trades), "t.csv", "T", Timeframe.M1);
        assertEquals(61, bars.size(), "60 minutes of bars, then one bar 13 years later");
        assertTrue(bars.isFill(30));
        BarGaps gaps = BarGaps.of(bars);
        assertEquals(1, gaps.count());
        assertEquals(
                Instant.ofEpochSecond(t0 + 59 * 60 + 13 * 365 * 86_400L).plusSeconds(60),
                gaps.longest().get(0).before());
        assertEquals(Duration.ofHours(1), TradeAggregator.fillLimit(Timeframe.M1));
        assertEquals(Duration.ofDays(5), TradeAggregator.fillLimit(Timeframe.D1));
    }

    @Test
    void equalGapsAreListedInTimeOrder() {
        long[] t = new long[100_000];
        double[] p = new double[t.length];
        Arrays.fill(p, 10);
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_700_000_000_000L + 60_000L * i + 3_600_000L * (i / 1000); // an hour cut out every 1000 bars
        }
        BarGaps gaps = BarGaps.of(Bars.of("X", Timeframe.M1, t, p, p, p, p, p));
        assertEquals(99, gaps.count(), gaps::summary);
        assertEquals(
                List.of(1000, 2000, 3000, 4000, 5000),
                gaps.longest().stream().map(BarGaps.Gap::index).toList());
        assertEquals(Duration.ofMinutes(61 * 99), gaps.total());
    }
}
