package io.seedgrid.seeds.bars;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input to both CSV readers fails whole, naming the source, the 1-based line and the problem. */
class CsvBarsLoaderTest {
    private static final String SOURCE = "test.csv";
    private static final String BARS_HEADER = "time,open,high,low,close,volume";
    private static final String GOOD_1 = "2013-01-02,10,11,9,10.5,100";
    private static final String GOOD_2 = "2013-01-03,10.5,12,10,11,200";
    private static final String TRADES_HEADER = "timestamp,price,amount";

    private static Bars bars(String text) {
        return CsvBarsLoader.readBars(new StringReader(text), SOURCE, "TEST", Timeframe.D1);
    }

    private static Bars trades(String text) {
        return CsvBarsLoader.readTrades(new StringReader(text), SOURCE, "TEST", Timeframe.M1);
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    /** A bad row at line 4 of an otherwise good OHLCV file (lines: header, good, good, bad, good). */
    static Stream<Arguments> badBarRows() {
        return Stream.of(
                Arguments.of("unparseable number", "2013-01-04,10,12,9,abc,100", "close 'abc' is not a number"),
                Arguments.of("empty field", "2013-01-04,,12,9,11,100", "open '' is not a number"),
                Arguments.of("high below low", "2013-01-04,10,9,11,10,100", "high 9.0 is below low 11.0"),
                Arguments.of("close above high", "2013-01-04,10,12,9,13,100", "lies outside [low 9.0, high 12.0]"),
                Arguments.of("negative volume", "2013-01-04,10,12,9,11,-5", "negative volume -5.0"),
                Arguments.of("zero price", "2013-01-04,0,12,0,11,5", "prices must be positive"),
                Arguments.of("NaN price", "2013-01-04,10,NaN,9,11,100", "high is NaN"),
                Arguments.of("NaN volume", "2013-01-04,10,12,9,11,NaN", "volume is NaN"),
                Arguments.of("infinite price", "2013-01-04,10,Infinity,9,11,100", "price is not a finite number"),
                Arguments.of(
                        "same time as previous",
                        "2013-01-03,10,12,9,11,100",
                        "time 2013-01-03T00:00:00Z does not come after the previous row's 2013-01-03T00:00:00Z"),
                Arguments.of("time going back", "2013-01-01,10,12,9,11,100", "does not come after"),
                Arguments.of("bad time", "2013-02-30,10,12,9,11,100", "time '2013-02-30' is not an ISO-8601"),
                Arguments.of("too few fields", "2013-01-04,10,12,9,11", "expected 6 fields but found 5"),
                Arguments.of("too many fields", "2013-01-04,10,12,9,11,100,7", "expected 6 fields but found 7"),
                Arguments.of("thousands separator", "2013-01-04,1,010,12,9,11,100", "expected 6 fields but found 7"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBarRows")
    void badBarRowThrowsNamingSourceLineAndProblem(String what, String row, String problem) {
        String text = lines(BARS_HEADER, GOOD_1, GOOD_2, row, "2013-01-07,10,12,9,11,100");
        var e = assertThrows(BarsFormatException.class, () -> bars(text));
        assertAll(
                () -> assertEquals(SOURCE, e.source()),
                () -> assertEquals(4, e.line()),
                () -> assertTrue(e.problem().contains(problem), () -> "problem was: " + e.problem()),
                () -> assertTrue(e.getMessage().startsWith(SOURCE + ":4: "), e::getMessage));
    }

    @Test
    void blankLinesStillCountTowardsTheLineNumber() {
        String text = lines(BARS_HEADER, GOOD_1, "", GOOD_2, "   ", "2013-01-04,10,9,11,10,100");
        var e = assertThrows(BarsFormatException.class, () -> bars(text));
        assertEquals(6, e.line());
        // and the blank lines themselves are no bars
        assertEquals(2, bars(lines(BARS_HEADER, "", GOOD_1, "", GOOD_2, "")).size());
    }

    @Test
    void missingColumnIsAHeaderError() {
        var e = assertThrows(
                BarsFormatException.class, () -> bars(lines("time,open,high,low,close", "2013-01-02,10,11,9,10.5")));
        assertAll(
                () -> assertEquals(1, e.line()),
                () -> assertEquals(SOURCE, e.source()),
                () -> assertTrue(e.problem().contains("no 'volume' column"), e::problem),
                () -> assertTrue(e.problem().contains("found: time, open, high, low, close"), e::problem));
        var noTime =
                assertThrows(BarsFormatException.class, () -> bars(lines("when,open,high,low,close,volume", GOOD_1)));
        assertEquals(1, noTime.line());
        assertTrue(noTime.problem().contains("no 'time' column"), noTime::problem);
    }

    @Test
    void emptyFileAndHeaderOnlyAreRefused() {
        var empty = assertThrows(BarsFormatException.class, () -> bars(""));
        assertEquals(SOURCE, empty.source());
        assertEquals(0, empty.line()); // not bound to a line: there is none
        assertTrue(empty.problem().contains("empty file"), empty::problem);
        var headerOnly = assertThrows(BarsFormatException.class, () -> bars(BARS_HEADER + "\n\n"));
        assertEquals(0, headerOnly.line());
        assertTrue(headerOnly.problem().contains("no bars after the header"), headerOnly::problem);
        var tradesEmpty = assertThrows(BarsFormatException.class, () -> trades(""));
        assertTrue(tradesEmpty.problem().contains("empty file"), tradesEmpty::problem);
        var tradesHeaderOnly = assertThrows(BarsFormatException.class, () -> trades(TRADES_HEADER));
        assertTrue(tradesHeaderOnly.problem().contains("no trades after the header"), tradesHeaderOnly::problem);
    }

    @Test
    void fileErrorsNameThePath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, lines(BARS_HEADER, GOOD_1, "2013-01-03,10,12,9,11,-1"));
        var e = assertThrows(BarsFormatException.class, () -> CsvBarsLoader.readBars(file, "X", Timeframe.D1));
        assertEquals(file.toString(), e.source());
        assertEquals(3, e.line());
        Path tradesFile = dir.resolve("trades.csv");
        Files.writeString(tradesFile, lines(TRADES_HEADER, "1385337600,800,1", "1385337601,800,x"));
        var t = assertThrows(BarsFormatException.class, () -> CsvBarsLoader.readTrades(tradesFile, "X", Timeframe.M1));
        assertEquals(tradesFile.toString(), t.source());
        assertEquals(3, t.line());
    }

    /** A bad trade at line 4 (lines: header, good, good, bad, good). */
    static Stream<Arguments> badTradeRows() {
        return Stream.of(
                Arguments.of("unparseable price", "1385337620,8o0,1", "price '8o0' is not a number"),
                Arguments.of("unparseable amount", "1385337620,800,", "amount '' is not a number"),
                Arguments.of("NaN price", "1385337620,NaN,1", "price is NaN"),
                Arguments.of("NaN amount", "1385337620,800,nan", "amount 'nan' is not a number"),
                Arguments.of(
                        "negative amount",
                        "1385337620,800,-0.5",
                        "amount must be a non-negative finite number but was -0.5"),
                Arguments.of("zero price", "1385337620,0,1", "price must be a positive finite number but was 0.0"),
                Arguments.of(
                        "time going back",
                        "1385337609,800,1",
                        "trade time 2013-11-25T00:00:09Z goes back before the previous trade's 2013-11-25T00:00:10Z"),
                Arguments.of("bad time", "yesterday,800,1", "time 'yesterday' is not an ISO-8601"),
                Arguments.of("too few fields", "1385337620,800", "expected 3 fields but found 2"),
                Arguments.of("too many fields", "1385337620,800,1,2", "expected 3 fields but found 4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTradeRows")
    void badTradeRowThrowsNamingSourceLineAndProblem(String what, String row, String problem) {
        String text = lines(TRADES_HEADER, "1385337600,800,1", "1385337610,801,2", row, "1385337700,802,1");
        var e = assertThrows(BarsFormatException.class, () -> trades(text));
        assertAll(
                () -> assertEquals(SOURCE, e.source()),
                () -> assertEquals(4, e.line()),
                () -> assertTrue(e.problem().contains(problem), () -> "problem was: " + e.problem()));
    }

    @Test
    void tradesMissingColumn() {
        var e = assertThrows(BarsFormatException.class, () -> trades(lines("timestamp,price", "1385337600,800")));
        assertEquals(1, e.line());
        assertTrue(e.problem().contains("no 'amount' column"), e::problem);
    }

    /** Each accepted time form, with its epoch millis worked out by hand. */
    static Stream<Arguments> timeForms() {
        // 2013-01-02T00:00Z = 1357084800 s (2013-01-01 is 1356998400; + 86400)
        return Stream.of(
                Arguments.of("ISO instant", "2013-01-02T21:00:00Z", 1357084800_000L + 21 * 3600_000L),
                Arguments.of(
                        "ISO instant with millis", "2013-01-02T21:00:00.250Z", 1357084800_000L + 21 * 3600_000L + 250),
                Arguments.of("ISO offset date-time", "2013-01-02T23:00:00+02:00", 1357084800_000L + 21 * 3600_000L),
                Arguments.of("date", "2013-01-02", 1357084800_000L),
                Arguments.of("date-time with space", "2013-01-02 21:00:00", 1357084800_000L + 21 * 3600_000L),
                Arguments.of("date-time with T", "2013-01-02T21:30", 1357084800_000L + 21 * 3600_000L + 1800_000L),
                Arguments.of("epoch seconds", "1357160400", 1357160400_000L),
                Arguments.of("epoch millis", "1357160400123", 1357160400123L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timeForms")
    void acceptedTimeForms(String what, String time, long expectedMillis) {
        Bars b = bars(lines(BARS_HEADER, time + ",10,11,9,10.5,100"));
        assertEquals(1, b.size());
        assertEquals(expectedMillis, b.endEpochMilli(0));
        Bars t = trades(lines(TRADES_HEADER, time + ",800,1"));
        assertEquals(Math.floorDiv(expectedMillis, 60_000L) * 60_000L + 60_000L, t.endEpochMilli(0));
    }

    @Test
    void headerIsCaseInsensitiveAnyOrderWithExtraColumnsAndBom() {
        Bars b = bars(lines("\uFEFFVolume,Close,Low,High,Open,Date,Note", "100,10.5,9,11,10,2013-01-02,x"));
        assertAll(
                () -> assertEquals(10, b.open(0)),
                () -> assertEquals(11, b.high(0)),
                () -> assertEquals(9, b.low(0)),
                () -> assertEquals(10.5, b.close(0)),
                () -> assertEquals(100, b.volume(0)),
                () -> assertEquals(1357084800_000L, b.endEpochMilli(0)),
                () -> assertEquals("TEST", b.symbol()),
                () -> assertEquals(Timeframe.D1, b.timeframe()));
    }

    /**
     * Trades of 2013-11-25 (00:00 = 1385337600) by hand, one-minute bars [start, start + 60 s) stamped at their end:
     * 00:00:05 10, 00:00:30 12, 00:00:59 11 -> bar ending 00:01: O 10 H 12 L 10 C 11 V 1+2+0.5;
     * 00:01:00 11.5 (on the boundary, so the next minute) -> bar ending 00:02: 11.5 x4, V 1;
     * nothing in 00:02 and 00:03 -> flat bars ending 00:03 and 00:04 at 11.5 with volume 0;
     * 00:04:10 9, 00:04:10 9.5, 00:04:40 8.5 (equal times allowed) -> bar ending 00:05: O 9 H 9.5 L 8.5 C 8.5 V 6.
     */
    @Test
    void tradeAggregationByHand() {
        long m = 1385337600_000L;
        Bars b = trades(lines(
                TRADES_HEADER,
                "1385337605,10,1",
                "1385337630,12,2",
                "1385337659,11,0.5",
                "1385337660,11.5,1",
                "1385337850,9,4",
                "1385337850,9.5,1",
                "1385337880,8.5,1"));
        assertArrayEquals(
                new long[] {m + 60_000, m + 120_000, m + 180_000, m + 240_000, m + 300_000}, b.endEpochMillis());
        double[][] expected = { // open, high, low, close, volume
            {10, 12, 10, 11, 3.5},
            {11.5, 11.5, 11.5, 11.5, 1},
            {11.5, 11.5, 11.5, 11.5, 0},
            {11.5, 11.5, 11.5, 11.5, 0},
            {9, 9.5, 8.5, 8.5, 6}
        };
        for (int i = 0; i < expected.length; i++) {
            double[] actual = {b.open(i), b.high(i), b.low(i), b.close(i), b.volume(i)};
            assertArrayEquals(expected[i], actual, 1e-12, "bar " + i);
        }
        assertEquals(Timeframe.M1, b.timeframe());
    }

    @Test
    void tradeAggregationToFiveMinutes() {
        long m = 1385337600_000L;
        Bars b = CsvBarsLoader.readTrades(
                new StringReader(lines(
                        TRADES_HEADER, "1385337605,10,1", "1385337899,12,2", "1385337900,11,1", "1385338500,13,1")),
                SOURCE,
                "TEST",
                Timeframe.M5);
        // [00:00, 00:05): 10, 12; [00:05, 00:10): 11; [00:10, 00:15) empty; [00:15, 00:20): 13
        assertArrayEquals(new long[] {m + 300_000, m + 600_000, m + 900_000, m + 1_200_000}, b.endEpochMillis());
        assertArrayEquals(new double[] {12, 11, 11, 13}, b.closes());
        assertArrayEquals(new double[] {3, 1, 0, 1}, new double[] {b.volume(0), b.volume(1), b.volume(2), b.volume(3)});
        assertEquals(10, b.open(0));
        assertEquals(10, b.low(0));
    }

    // ---------------------------------------------------------------- hardening (issue 13, points 6 and 7)

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final CsvBarsLoader AT_NOW = CsvBarsLoader.withClock(InstantSource.fixed(NOW));

    private static String ohlcv(Instant time) {
        return time + ",10,11,9,10.5,100";
    }

    /** Hourly bars from {@code first}, {@code n} of them. */
    private static String hourly(Instant first, int n) {
        StringBuilder sb = new StringBuilder(BARS_HEADER).append('\n');
        for (int i = 0; i < n; i++) {
            sb.append(ohlcv(first.plus(Duration.ofHours(i)))).append('\n');
        }
        return sb.toString();
    }

    @Test
    void barsEndingMoreThanOneBarAndFiveMinutesFromNowAreRefusedNamingLineAndTime() {
        Instant limit = NOW.plus(Duration.ofDays(1)).plus(CsvBarsLoader.FUTURE_TOLERANCE);
        String yesterday = ohlcv(NOW.minus(Duration.ofDays(1)));
        Bars atLimit = AT_NOW.bars(
                new StringReader(lines(BARS_HEADER, yesterday, ohlcv(limit))), SOURCE, "T", Optional.of(Timeframe.D1));
        assertEquals(limit, atLimit.endTime(1), "one bar plus the tolerance ahead is still accepted");
        var e = assertThrows(
                BarsFormatException.class,
                () -> AT_NOW.bars(
                        new StringReader(lines(
                                BARS_HEADER,
                                yesterday,
                                ohlcv(limit.plusMillis(1)),
                                ohlcv(limit.plus(Duration.ofDays(400))))),
                        SOURCE,
                        "T",
                        Optional.of(Timeframe.D1)));
        assertEquals(3, e.line(), "the first future bar's line");
        assertTrue(
                e.problem().contains("bar time " + limit.plusMillis(1) + " is in the future: it is " + NOW + " now"),
                e.problem());
        assertTrue(e.problem().contains("1d + 5 min"), e.problem());
        // hourly bars get an hour of slack, not a day
        Instant hour = NOW.plus(Duration.ofHours(1)).plus(CsvBarsLoader.FUTURE_TOLERANCE);
        var h = assertThrows(
                BarsFormatException.class,
                () -> AT_NOW.bars(
                        new StringReader(hourly(hour.minus(Duration.ofHours(2)), 4)), SOURCE, "T", Optional.empty()));
        assertEquals(5, h.line());
        // trades: the tolerance alone
        var t = assertThrows(
                BarsFormatException.class,
                () -> AT_NOW.trades(
                        new StringReader(lines(
                                TRADES_HEADER,
                                NOW.getEpochSecond() + ",800,1",
                                NOW.plus(CsvBarsLoader.FUTURE_TOLERANCE).getEpochSecond() + ",800,1",
                                (NOW.plus(CsvBarsLoader.FUTURE_TOLERANCE).getEpochSecond() + 1) + ",800,1")),
                        SOURCE,
                        "T",
                        Timeframe.M1));
        assertEquals(4, t.line());
        assertTrue(t.problem().contains("trade time 2026-03-10T12:05:01Z is in the future"), t.problem());
        // with the real clock, a file of the year 2100 is refused too (the path every command takes)
        assertThrows(BarsFormatException.class, () -> bars(lines(BARS_HEADER, GOOD_1, "2100-01-01,10,11,9,10.5,100")));
    }

    @Test
    void withoutATimeframeTheSpacingDecidesAndAStatedOneMustFitIt() {
        Instant start = Instant.parse("2024-01-02T00:00:00Z");
        String text = hourly(start, 48);
        Bars inferred = AT_NOW.bars(new StringReader(text), SOURCE, "T", Optional.empty());
        assertEquals(Timeframe.H1, inferred.timeframe(), "an hourly file without a timeframe is 1h, not 1d");
        assertEquals(48, inferred.size());
        var told = assertThrows(BarsFormatException.class, () -> bars(text));
        assertEquals(0, told.line(), "a problem of the whole file");
        assertEquals(
                "the bars are 1 h apart (median of 47 intervals): that is 1h bars, not the stated 1d", told.problem());
        // daily bars with weekends: still 1d; said to be 1h they are refused
        Bars aapl = BundledData.load("AAPL");
        StringBuilder daily = new StringBuilder(BARS_HEADER).append('\n');
        for (int i = 0; i < aapl.size(); i++) {
            daily.append(aapl.endTime(i)).append(",10,11,9,10.5,100\n");
        }
        assertEquals(
                Timeframe.D1,
                AT_NOW.bars(new StringReader(daily.toString()), SOURCE, "T", Optional.empty())
                        .timeframe());
        var hourlyAapl = assertThrows(
                BarsFormatException.class,
                () -> AT_NOW.bars(new StringReader(daily.toString()), SOURCE, "T", Optional.of(Timeframe.H1)));
        assertTrue(hourlyAapl.problem().endsWith("that is 1d bars, not the stated 1h"), hourlyAapl.problem());
        // minute bars with a few silent minutes stay 1m; 30-second bars are no timeframe at all
        String sparse = lines(
                BARS_HEADER,
                "2024-01-02T00:01:00Z,10,11,9,10.5,1",
                "2024-01-02T00:02:00Z,10,11,9,10.5,1",
                "2024-01-02T00:05:00Z,10,11,9,10.5,1",
                "2024-01-02T00:06:00Z,10,11,9,10.5,1");
        assertEquals(
                Timeframe.M1,
                AT_NOW.bars(new StringReader(sparse), SOURCE, "T", Optional.empty())
                        .timeframe());
        var halfMinutes = assertThrows(
                BarsFormatException.class,
                () -> AT_NOW.bars(
                        new StringReader(lines(
                                BARS_HEADER,
                                "2024-01-02T00:00:30Z,10,11,9,10.5,1",
                                "2024-01-02T00:01:00Z,10,11,9,10.5,1")),
                        SOURCE,
                        "T",
                        Optional.empty()));
        assertTrue(
                halfMinutes.problem().contains("30 s apart")
                        && halfMinutes.problem().contains("shortest timeframe 1m"),
                halfMinutes.problem());
        var single = assertThrows(
                BarsFormatException.class,
                () -> AT_NOW.bars(new StringReader(lines(BARS_HEADER, GOOD_1)), SOURCE, "T", Optional.empty()));
        assertTrue(single.problem().contains("cannot infer the timeframe from a single bar"), single.problem());
    }

    /** Epoch numbers by size: seconds below 1e11, milliseconds from 1e12, refused between and out of range. */
    static Stream<Arguments> badEpochs() {
        return Stream.of(
                Arguments.of(
                        "year 9999 in seconds",
                        "253370764800",
                        "epoch number 253370764800 is ambiguous: as seconds it is 9999-01-01T00:00:00Z, as milliseconds 1978-01-11T12:46:04.800Z"),
                Arguments.of("1e11 exactly", "100000000000", "is ambiguous"),
                Arguments.of("just below 1e12", "999999999999", "is ambiguous"),
                Arguments.of(
                        "seconds after 2200",
                        "7258118401",
                        "epoch seconds 7258118401 (2200-01-01T00:00:01Z) lie after"),
                Arguments.of("seconds before 1970-01-02", "86399", "lie before 1970-01-02T00:00:00Z"),
                Arguments.of("zero", "0", "lie before 1970-01-02"),
                Arguments.of("milliseconds after 2200", "7258118400001", "epoch milliseconds 7258118400001"),
                Arguments.of("microseconds", "1357160400000000", "microseconds and nanoseconds are not read"),
                Arguments.of("a hundred digits", "1".repeat(100), "has 100 digits"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEpochs")
    void epochNumbersThatAreAmbiguousOrImplausibleAreRefusedNamingTheLine(String what, String epoch, String problem) {
        var e = assertThrows(
                BarsFormatException.class,
                () -> bars(lines(BARS_HEADER, "1357084800,10,11,9,10.5,100", epoch + ",10,11,9,10.5,100")));
        assertEquals(3, e.line());
        assertTrue(e.problem().contains(problem), e::problem);
        assertTrue(e.problem().length() < 300, e::problem);
    }

    @Test
    void epochBoundariesAreReadByTheRule() {
        assertEquals(86_400_000L, CsvBarsLoader.epochMillis("86400"));
        var below1e11 = assertThrows(IllegalArgumentException.class, () -> CsvBarsLoader.epochMillis("99999999999"));
        assertTrue(below1e11.getMessage().startsWith("epoch seconds 99999999999"), below1e11::getMessage);
        assertEquals(
                1_000_000_000_000L, CsvBarsLoader.epochMillis("1000000000000"), "1e12 is milliseconds (2001-09-09)");
        assertEquals(CsvBarsLoader.LATEST.toEpochMilli(), CsvBarsLoader.epochMillis("7258118400"));
        assertEquals(CsvBarsLoader.LATEST.toEpochMilli(), CsvBarsLoader.epochMillis("7258118400000"));
    }

    @Test
    void echoedInputIsCut() {
        String wide = "x".repeat(100_000);
        var header = assertThrows(BarsFormatException.class, () -> bars(lines(wide, "1")));
        assertTrue(
                header.problem()
                        .startsWith(
                                "header has no 'time' column (found: " + "x".repeat(80) + "... (100000 characters))"),
                () -> header.problem().substring(0, 200));
        var field = assertThrows(
                BarsFormatException.class, () -> bars(lines(BARS_HEADER, "2013-01-02,10,11,9," + wide + ",1")));
        assertTrue(
                field.problem().endsWith("... (100000 characters)' is not a number"),
                () -> field.problem().substring(0, 200));
        var time =
                assertThrows(BarsFormatException.class, () -> bars(lines(BARS_HEADER, "y" + wide + ",10,11,9,10,1")));
        assertTrue(time.problem().length() < 200, () -> time.problem().substring(0, 200));
        var symbol = assertThrows(
                IllegalArgumentException.class,
                () -> CsvBarsLoader.readBars(
                        new StringReader(lines(BARS_HEADER, GOOD_1)), SOURCE, "S".repeat(10_000), Timeframe.D1));
        assertEquals(
                "symbol must be 1 to 64 printable characters but was '" + "S".repeat(80) + "... (10000 characters)'",
                symbol.getMessage());
        var timeframe = assertThrows(IllegalArgumentException.class, () -> Timeframe.parse("h".repeat(5000)));
        assertTrue(timeframe.getMessage().endsWith("... (5000 characters)'"), timeframe::getMessage);
        // a line longer than the limit is refused before it fills the memory
        var endless = assertThrows(BarsFormatException.class, () -> bars("z".repeat(CsvBarsLoader.MAX_LINE + 1)));
        assertEquals(1, endless.line());
        assertTrue(endless.problem().startsWith("line is longer than 1000000 characters"), endless::problem);
    }

    @Test
    void aColumnNamedTwiceIsRefused() {
        var e = assertThrows(
                BarsFormatException.class,
                () -> bars(lines("time,open,high,low,close,Close,volume", "2013-01-02,10,11,9,10.5,10.6,100")));
        assertEquals(1, e.line());
        assertEquals(
                "header names column 'close' twice (columns 5 and 6): which one holds the values is unclear",
                e.problem());
        var trades = assertThrows(
                BarsFormatException.class, () -> trades(lines("timestamp,price,amount,price", "1385337600,800,1,801")));
        assertTrue(trades.problem().contains("'price' twice"), trades::problem);
        // empty names (trailing commas) are no columns: still fine
        assertEquals(1, bars(lines(BARS_HEADER + ",,", GOOD_1 + ",,")).size());
    }

    @Test
    void binaryAndOtherNonTextFilesAreNamedForWhatTheyAre(@TempDir Path dir) throws IOException {
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(
                latin1,
                (lines(BARS_HEADER, GOOD_1, GOOD_2) + "2013-01-04,10,11,9,10.5,100 caf\u00e9\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        var e = assertThrows(BarsFormatException.class, () -> CsvBarsLoader.readBars(latin1, "X", Timeframe.D1));
        assertEquals(4, e.line(), "the line of the bad byte");
        assertTrue(e.problem().startsWith("not UTF-8 text"), e::problem);
        Path binary = dir.resolve("binary.csv");
        Files.write(binary, (BARS_HEADER + "\n\0\0\0\1\2\3\n").getBytes(StandardCharsets.UTF_8));
        var b = assertThrows(BarsFormatException.class, () -> CsvBarsLoader.readBars(binary, "X", Timeframe.D1));
        assertEquals(2, b.line());
        assertTrue(b.problem().contains("looks like a binary file"), b::problem);
        var directory = assertThrows(BarsFormatException.class, () -> CsvBarsLoader.readBars(dir, "X", Timeframe.D1));
        assertEquals(dir + ": a directory, not a regular file", directory.getMessage());
        var missing = assertThrows(
                BarsFormatException.class, () -> CsvBarsLoader.readTrades(dir.resolve("nope.csv"), "X", Timeframe.M1));
        assertEquals("no such file", missing.problem());
        Path zero = Path.of("/dev/zero");
        if (Files.exists(zero)) {
            var device = assertThrows(BarsFormatException.class, () -> CsvBarsLoader.readBars(zero, "X", Timeframe.D1));
            assertEquals("not a regular file but a device, pipe or socket", device.problem());
        }
    }

    @Test
    void oldMacAndWindowsLineEndsStillWork() {
        assertEquals(
                2,
                bars(BARS_HEADER + "\r\n" + GOOD_1 + "\r\n" + GOOD_2 + "\r\n").size());
        assertEquals(2, bars(BARS_HEADER + "\r" + GOOD_1 + "\r" + GOOD_2).size());
        // a reader that hands out one character at a time splits every \r\n across reads
        String text = BARS_HEADER + "\r\n" + GOOD_1 + "\r\n\r\n" + GOOD_2 + "\r\n" + "2013-01-04,10,9,11,10,100\r\n";
        Reader trickle = new FilterReader(new StringReader(text)) {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(1, length));
            }
        };
        var e = assertThrows(
                BarsFormatException.class, () -> CsvBarsLoader.readBars(trickle, SOURCE, "T", Timeframe.D1));
        assertEquals(5, e.line(), "header, bar, blank, bar, bad bar");
    }
}
