package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BarsFormatException;
import io.seedgrid.seeds.bars.Timeframe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract of {@link BarStore}, and of {@link Ingest} on it. */
abstract class BarStoreContract extends StoreContract {
    @Test
    void realBundledBarsRoundTripExactly() {
        IngestResult aapl = Ingest.bundled(store.bars(), "AAPL");
        IngestResult btc = Ingest.bundled(store.bars(), "btcusd");
        assertEquals(252, aapl.bars());
        assertEquals(252, aapl.stored());
        assertEquals(0, aapl.unchanged());
        assertEquals(BTC.size(), btc.stored());
        assertSameBars(AAPL, store.bars().readBars("AAPL", Timeframe.D1));
        assertSameBars(BTC, store.bars().readBars("BTCUSD", Timeframe.M1, null, null));
    }

    @Test
    void reingestIsIdempotent() {
        Ingest.bundled(store.bars(), "AAPL");
        Ingest.bundled(store.bars(), "BTCUSD");
        IngestResult again = Ingest.bundled(store.bars(), "BTCUSD");
        assertEquals(0, again.stored(), "nothing new on re-ingest");
        assertEquals(BTC.size(), again.unchanged());
        assertEquals(0, store.bars().writeBars(AAPL));
        assertSameBars(BTC, store.bars().readBars("BTCUSD", Timeframe.M1));
        assertEquals(
                List.of(252L, (long) BTC.size()),
                store.bars().listSymbols().stream().map(SymbolSummary::count).toList());
        assertEquals(252 + BTC.size(), store.health().barCount());
    }

    @Test
    void upsertReplacesChangedBarsAndAddsNewOnes() {
        store.bars().writeBars(AAPL);
        int n = AAPL.size();
        long[] t = new long[n + 2];
        double[] o = new double[n + 2],
                h = new double[n + 2],
                l = new double[n + 2],
                c = new double[n + 2],
                v = new double[n + 2];
        for (int i = 0; i < n; i++) {
            t[i] = AAPL.endEpochMilli(i);
            o[i] = AAPL.open(i);
            h[i] = AAPL.high(i);
            l[i] = AAPL.low(i);
            c[i] = AAPL.close(i);
            v[i] = AAPL.volume(i);
        }
        for (int i : new int[] {0, 100, 251}) {
            c[i] = h[i]; // a correction: close moved to the high
            v[i] = v[i] + 1;
        }
        long day = Duration.ofDays(1).toMillis();
        for (int i = n; i < n + 2; i++) {
            t[i] = t[i - 1] + day;
            o[i] = h[i] = l[i] = c[i] = 500 + i;
            v[i] = 10;
        }
        Bars corrected = Bars.of("AAPL", Timeframe.D1, t, o, h, l, c, v);
        assertEquals(5, store.bars().writeBars(corrected), "3 changed + 2 new");
        assertSameBars(corrected, store.bars().readBars("AAPL", Timeframe.D1));
        assertEquals(0, store.bars().writeBars(corrected));
        // a partial older write replaces just its bars (latest wins), the rest stays
        assertEquals(1, store.bars().writeBars(AAPL.slice(99, 102)), "only bar 100 differs");
        Bars now = store.bars().readBars("AAPL", Timeframe.D1);
        assertEquals(n + 2, now.size());
        assertEquals(AAPL.close(100), now.close(100), 0.0);
        assertEquals(c[0], now.close(0), 0.0);
        assertEquals(n + 2, store.health().barCount(), "distinct bars, however they were written");
        assertEquals(n + 2, store.bars().listSymbols().get(0).count());
    }

    @Test
    void rangeReadsAreHalfOpenAndEmptyRangesGiveEmptyBars() {
        store.bars().writeBars(BTC);
        Instant t10 = BTC.endTime(10);
        Instant t20 = BTC.endTime(20);
        assertSameBars(BTC.slice(10, 20), store.bars().readBars("BTCUSD", Timeframe.M1, t10, t20));
        assertSameBars(BTC.slice(0, 20), store.bars().readBars("BTCUSD", Timeframe.M1, null, t20));
        assertSameBars(BTC.slice(10, BTC.size()), store.bars().readBars("BTCUSD", Timeframe.M1, t10, null));
        assertSameBars(
                BTC.slice(11, 21), store.bars().readBars("BTCUSD", Timeframe.M1, t10.plusNanos(1), t20.plusNanos(1)));
        Bars empty = store.bars().readBars("BTCUSD", Timeframe.M1, t10, t10);
        assertEquals(0, empty.size());
        assertEquals("BTCUSD", empty.symbol());
        assertEquals(0, store.bars().readBars("BTCUSD", Timeframe.M5).size(), "other timeframe");
        assertEquals(0, store.bars().readBars("NOPE", Timeframe.M1).size(), "unknown symbol");
        assertEquals(
                0,
                store.bars()
                        .readBars("BTCUSD", Timeframe.M1, Instant.parse("2030-01-01T00:00:00Z"), null)
                        .size());
        assertEquals(
                BTC.size(),
                store.bars()
                        .readBars("BTCUSD", Timeframe.M1, Instant.MIN, Instant.MAX)
                        .size());
        assertEquals(
                0,
                store.bars()
                        .readBars("BTCUSD", Timeframe.M1, Instant.MIN, Instant.MIN)
                        .size());
        assertEquals(
                0,
                store.bars().readBars("BTCUSD", Timeframe.M1, null, Instant.MIN).size());
        assertEquals(
                0,
                store.bars()
                        .readBars("BTCUSD", Timeframe.M1, null, BTC.endTime(0))
                        .size());
        assertEquals(
                1,
                store.bars()
                        .readBars("BTCUSD", Timeframe.M1, null, BTC.endTime(0).plusMillis(1))
                        .size());
        assertThrows(IllegalArgumentException.class, () -> store.bars().readBars("BTCUSD", Timeframe.M1, t20, t10));
        assertThrows(IllegalArgumentException.class, () -> store.bars().readBars(" ", Timeframe.M1, null, null));
    }

    @Test
    void listSymbolsSummarisesEachSymbolAndTimeframe() {
        assertEquals(List.of(), store.bars().listSymbols());
        store.bars().writeBars(BTC);
        store.bars().writeBars(AAPL);
        store.bars().writeBars(AAPL.withSymbol("aapl").head(10));
        List<SymbolSummary> list = store.bars().listSymbols();
        assertEquals(
                List.of(
                        new SymbolSummary("AAPL", Timeframe.D1, 252, AAPL.endTime(0), AAPL.endTime(251)),
                        new SymbolSummary(
                                "BTCUSD", Timeframe.M1, BTC.size(), BTC.endTime(0), BTC.endTime(BTC.size() - 1)),
                        new SymbolSummary("aapl", Timeframe.D1, 10, AAPL.endTime(0), AAPL.endTime(9))),
                list);
    }

    @Test
    void everyTimeframeIsStoredUnderItsOwnLabel() {
        // BTCUSD in every timeframe it resamples to; 15m is the newest (schema version 3 on postgres).
        List<SymbolSummary> expected = new ArrayList<>();
        for (Timeframe tf : Timeframe.values()) {
            Bars bars = tf == Timeframe.M1 ? BTC : BTC.resample(tf);
            assertEquals(bars.size(), store.bars().writeBars(bars), tf.label());
            expected.add(new SymbolSummary("BTCUSD", tf, bars.size(), bars.endTime(0), bars.endTime(bars.size() - 1)));
        }
        for (Timeframe tf : Timeframe.values()) {
            assertSameBars(
                    tf == Timeframe.M1 ? BTC : BTC.resample(tf), store.bars().readBars("BTCUSD", tf));
        }
        assertEquals(expected, store.bars().listSymbols(), "ordered by timeframe length");
    }

    @Test
    void symbolsWithMetacharactersAreStoredVerbatim() {
        store.bars().writeBars(AAPL);
        List<String> symbols = List.of(
                META_SYMBOL,
                "x/../../etc/passwd",
                "q\"uo`te$(rm -rf /)",
                "%2F",
                "sp ace",
                "ünï€😀",
                "..",
                "*?[glob]{x}",
                "C:\\win\\path",
                "a\\'b");
        int k = 0;
        for (String s : symbols) {
            Bars b = AAPL.slice(k, k + 20).withSymbol(s);
            assertEquals(20, store.bars().writeBars(b), s);
            assertSameBars(b, store.bars().readBars(s, Timeframe.D1));
            k += 5;
        }
        List<String> listed =
                store.bars().listSymbols().stream().map(SymbolSummary::symbol).toList();
        assertTrue(listed.containsAll(symbols), listed.toString());
        assertEquals(symbols.size() + 1, listed.size());
        assertSameBars(AAPL, store.bars().readBars("AAPL", Timeframe.D1)); // the bars table is still there
    }

    @Test
    void longestSymbolsRoundTrip() {
        String symbol = "😀".repeat(32); // 64 chars, 128 UTF-8 bytes: the longest symbol, in escapes far too long
        String almost = "😀".repeat(31) + "x";
        Bars b = AAPL.head(30).withSymbol(symbol);
        store.bars().writeBars(b);
        store.bars().writeBars(AAPL.slice(30, 40).withSymbol(almost));
        assertSameBars(b, store.bars().readBars(symbol, Timeframe.D1));
        assertEquals(10, store.bars().readBars(almost, Timeframe.D1).size());
    }

    // ---------------------------------------------------------------- ingest

    @Test
    void csvIngestCountsRowsStoredAndUnchanged() throws IOException {
        Path csv = temp.resolve("aapl.csv");
        StringBuilder sb = new StringBuilder("time,open,high,low,close,volume\n");
        for (int i = 0; i < AAPL.size(); i++) {
            sb.append(AAPL.endTime(i))
                    .append(',')
                    .append(AAPL.open(i))
                    .append(',')
                    .append(AAPL.high(i))
                    .append(',')
                    .append(AAPL.low(i))
                    .append(',')
                    .append(AAPL.close(i))
                    .append(',')
                    .append(AAPL.volume(i))
                    .append('\n');
        }
        Files.writeString(csv, sb, StandardCharsets.UTF_8);
        IngestResult first = Ingest.csv(store.bars(), csv, "AAPL.csv", Timeframe.D1, false);
        assertEquals(252, first.rowsRead());
        assertEquals(252, first.stored());
        IngestResult second = Ingest.csv(store.bars(), csv, "AAPL.csv", Timeframe.D1, false);
        assertEquals(0, second.stored());
        assertEquals(252, second.unchanged());
        assertSameBars(AAPL.withSymbol("AAPL.csv"), store.bars().readBars("AAPL.csv", Timeframe.D1));

        Path trades = temp.resolve("trades.csv");
        Files.writeString(trades, """
                timestamp,price,amount
                1385337600,800.5,0.1
                1385337610,801.0,0.2
                1385337665,799.0,1.5
                """);
        IngestResult t = Ingest.csv(store.bars(), trades, "BTC-T", Timeframe.M1, true);
        assertEquals(3, t.rowsRead());
        assertEquals(2, t.bars(), "two minutes of trades");
        Bars stored = store.bars().readBars("BTC-T", Timeframe.M1);
        assertEquals(801.0, stored.high(0), 0.0);
        assertEquals(1.5, stored.volume(1), 0.0);
    }

    @Test
    void badCsvStoresNothing() throws IOException {
        Path csv = temp.resolve("bad.csv");
        StringBuilder sb = new StringBuilder("time,open,high,low,close,volume\n");
        for (int i = 0; i < 100; i++) {
            sb.append(AAPL.endTime(i)).append(",10,11,9,10,100\n");
        }
        sb.append("2099-01-01,10,11,9,oops,100\n");
        Files.writeString(csv, sb);
        BarsFormatException e = assertThrows(
                BarsFormatException.class, () -> Ingest.csv(store.bars(), csv, "BAD", Timeframe.D1, false));
        assertEquals(102, e.line());
        assertTrue(e.getMessage().contains("oops"), e.getMessage());
        assertEquals(List.of(), store.bars().listSymbols());
        assertEquals(0, store.bars().readBars("BAD", Timeframe.D1).size());
        assertThrows(
                BarsFormatException.class,
                () -> Ingest.csv(store.bars(), temp.resolve("missing.csv"), "BAD", Timeframe.D1, false));
        assertEquals(List.of(), store.bars().listSymbols());
    }

    /** Issue 13: what ingest used to take on trust. Each refusal stores nothing; gaps are stored but reported. */
    @Test
    void ingestRefusesFutureBarsAndAContradictedTimeframeInfersOneAndReportsGaps() throws IOException {
        Instant now = Instant.parse("2024-06-03T12:00:00Z");
        InstantSource clock = InstantSource.fixed(now);
        StringBuilder hourly = new StringBuilder("time,open,high,low,close,volume\n");
        for (int i = 0; i < 48; i++) {
            hourly.append(now.minus(Duration.ofHours(60 - i))).append(",10,11,9,10,100\n");
        }
        Path hours = Files.writeString(temp.resolve("hourly.csv"), hourly);
        Path future = Files.writeString(
                temp.resolve("future.csv"), hourly.toString() + now.plus(Duration.ofHours(2)) + ",10,11,9,10,1\n");

        BarsFormatException ahead = assertThrows(
                BarsFormatException.class,
                () -> Ingest.csv(future, "FUT").clock(clock).into(store.bars()));
        assertEquals(50, ahead.line());
        assertTrue(ahead.problem().contains("is in the future"), ahead::problem);
        BarsFormatException stated = assertThrows(
                BarsFormatException.class,
                () -> Ingest.csv(hours, "HR")
                        .timeframe(Timeframe.D1)
                        .clock(clock)
                        .into(store.bars()));
        assertEquals(
                "the bars are 1 h apart (median of 47 intervals): that is 1h bars, not the stated 1d",
                stated.problem());
        assertEquals(List.of(), store.bars().listSymbols(), "nothing stored by either");

        IngestResult inferred = Ingest.csv(hours, "HR").clock(clock).into(store.bars());
        assertEquals(Timeframe.H1, inferred.timeframe(), "an hourly file without a timeframe is stored as 1h");
        assertEquals(List.of(), inferred.warnings());
        assertEquals(48, store.bars().readBars("HR", Timeframe.H1).size());
        assertEquals(0, store.bars().readBars("HR", Timeframe.D1).size());

        // the AAPL bars with 13 years cut out after bar 99: stored, with the gap named
        StringBuilder holed = new StringBuilder("date,open,high,low,close,volume\n");
        for (int i = 0; i < AAPL.size(); i++) {
            holed.append(AAPL.endTime(i).plus(Duration.ofDays(i < 100 ? -13 * 365 : 0)))
                    .append(',')
                    .append(AAPL.open(i))
                    .append(',')
                    .append(AAPL.high(i))
                    .append(',')
                    .append(AAPL.low(i))
                    .append(',')
                    .append(AAPL.close(i))
                    .append(',')
                    .append(AAPL.volume(i))
                    .append('\n');
        }
        IngestResult gap = Ingest.csv(Files.writeString(temp.resolve("holed.csv"), holed), "HOLED")
                .into(store.bars());
        assertEquals(Timeframe.D1, gap.timeframe());
        assertEquals(252, gap.stored());
        assertEquals(
                List.of(
                        "HOLED 1d has 1 gap longer than 5 days; runs treat each gap as one bar step",
                        "gap of 13.0 years from " + AAPL.endTime(99).minus(Duration.ofDays(13 * 365)) + " to "
                                + AAPL.endTime(100)),
                gap.warnings());
        assertEquals(List.of(), Ingest.bundled(store.bars(), "AAPL").warnings());
    }
}
