package io.seedgrid.seeds.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The timeframe the bars' spacing says, on real data and on each timeframe's own spacing. */
class BarSpacingTest {
    @Test
    void theBundledDataIsWhatItSays() {
        Bars aapl = BundledData.load("AAPL");
        Bars btc = BundledData.load("BTCUSD");
        assertEquals(Optional.of(Timeframe.D1), BarSpacing.of(aapl).timeframe());
        assertEquals(Optional.of(Timeframe.M1), BarSpacing.of(btc).timeframe());
        for (Timeframe tf : new Timeframe[] {Timeframe.M5, Timeframe.M15, Timeframe.H1, Timeframe.D1}) {
            assertEquals(Optional.of(tf), BarSpacing.of(btc.resample(tf)).timeframe(), tf::label);
            assertNull(BarSpacing.of(btc.resample(tf)).contradiction(tf));
        }
        assertEquals(
                "the bars are 1 min apart (median of 9602 intervals): that is 1m bars, not the stated 5m",
                BarSpacing.of(btc).contradiction(Timeframe.M5));
    }

    @Test
    void eachTimeframeFromNinetyPercentOfItsLengthToNinetyPercentOfTheNext() {
        long minute = 60_000;
        assertEquals(Optional.empty(), new BarSpacing(3, 53_999).timeframe());
        assertEquals(Optional.of(Timeframe.M1), new BarSpacing(3, 54_000).timeframe());
        assertEquals(Optional.of(Timeframe.M1), new BarSpacing(3, 4 * minute).timeframe());
        assertEquals(Optional.of(Timeframe.M5), new BarSpacing(3, 4 * minute + 30_000).timeframe());
        assertEquals(Optional.of(Timeframe.H1), new BarSpacing(3, 21 * 60 * minute).timeframe());
        assertEquals(Optional.of(Timeframe.D1), new BarSpacing(3, 7 * 24 * 60 * minute).timeframe(), "weekly bars: 1d");
        assertEquals(Optional.empty(), BarSpacing.of(new long[] {5}).timeframe());
        assertNull(BarSpacing.of(new long[] {5}).contradiction(Timeframe.H1), "one bar contradicts nothing");
        var e = assertThrows(IllegalArgumentException.class, () -> BarSpacing.of(new long[] {5, 5}));
        assertTrue(e.getMessage().contains("strictly increase"), e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> new BarSpacing(0, 5));
    }
}
