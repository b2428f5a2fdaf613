package io.seedgrid.seeds.bars;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads market data CSV: OHLCV bars ({@link #readBars}) or trade ticks aggregated into bars ({@link #readTrades}).
 *
 * <p>The first line is a header naming the columns (any order, case-insensitive); extra columns are ignored.
 * A time is an ISO-8601 instant ({@code 2013-01-02T21:00:00Z}), a UTC date-time ({@code 2013-01-02 21:00:00}),
 * a date ({@code 2013-01-02}, that day's bar, stamped 00:00 UTC) or epoch seconds or milliseconds. Input is all or
 * nothing: the first bad line throws a {@link BarsFormatException} naming the source, the line and the problem,
 * and no bars are returned.
 */
public final class CsvBarsLoader {
    private static final String[] TIME_COLUMNS = {"time", "timestamp", "date", "datetime", "end_time"};

    private CsvBarsLoader() {
    }

    /** Reads an OHLCV file with columns time, open, high, low, close, volume. */
    public static Bars readBars(Path file, String symbol, Timeframe timeframe) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readBars(reader, file.toString(), symbol, timeframe);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads OHLCV bars from {@code reader}; {@code source} names it in errors. */
    public static Bars readBars(Reader reader, String source, String symbol, Timeframe timeframe) {
        Rows rows = new Rows(reader, source);
        int time = rows.column(TIME_COLUMNS);
        int open = rows.column("open");
        int high = rows.column("high");
        int low = rows.column("low");
        int close = rows.column("close");
        int volume = rows.column("volume", "vol");
        var times = new LongList();
        var o = new DoubleList();
        var h = new DoubleList();
        var l = new DoubleList();
        var c = new DoubleList();
        var v = new DoubleList();
        for (String[] row = rows.next(); row != null; row = rows.next()) {
            long t = rows.time(row, time);
            double ro = rows.number(row, open, "open");
            double rh = rows.number(row, high, "high");
            double rl = rows.number(row, low, "low");
            double rc = rows.number(row, close, "close");
            double rv = rows.number(row, volume, "volume");
            String problem = Bars.problem(ro, rh, rl, rc, rv);
            if (problem != null) {
                throw rows.error(problem);
            }
            if (times.size > 0 && t <= times.last()) {
                throw rows.error("time " + Instant.ofEpochMilli(t) + " does not come after the previous row's "
                        + Instant.ofEpochMilli(times.last()));
            }
            times.add(t);
            o.add(ro);
            h.add(rh);
            l.add(rl);
            c.add(rc);
            v.add(rv);
        }
        if (times.size == 0) {
            throw new BarsFormatException(source, 0, "no bars after the header");
        }
        return Bars.of(symbol, timeframe, times.toArray(), o.toArray(), h.toArray(), l.toArray(), c.toArray(), v.toArray());
    }

    /** Reads trade ticks (columns time, price, amount) and aggregates them into bars; see {@link TradeAggregator}. */
    public static Bars readTrades(Path file, String symbol, Timeframe timeframe) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return readTrades(reader, file.toString(), symbol, timeframe);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads trade ticks from {@code reader} and aggregates them into bars of {@code timeframe}. */
    public static Bars readTrades(Reader reader, String source, String symbol, Timeframe timeframe) {
        Rows rows = new Rows(reader, source);
        int time = rows.column(TIME_COLUMNS);
        int price = rows.column("price");
        int amount = rows.column("amount", "volume", "size", "quantity");
        var aggregator = new TradeAggregator(symbol, timeframe);
        for (String[] row = rows.next(); row != null; row = rows.next()) {
            long t = rows.time(row, time);
            double p = rows.number(row, price, "price");
            double a = rows.number(row, amount, "amount");
            String problem = aggregator.problem(t, p, a);
            if (problem != null) {
                throw rows.error(problem);
            }
            aggregator.add(t, p, a);
        }
        if (aggregator.isEmpty()) {
            throw new BarsFormatException(source, 0, "no trades after the header");
        }
        return aggregator.toBars();
    }

    /** Line-by-line access with the line number kept for errors. */
    private static final class Rows {
        private final BufferedReader reader;
        private final String source;
        private final String[] header;
        private long line;

        Rows(Reader reader, String source) {
            this.reader = reader instanceof BufferedReader br ? br : new BufferedReader(reader);
            this.source = source;
            String first = readLine();
            if (first == null) {
                throw new BarsFormatException(source, 0, "empty file: expected a header line");
            }
            this.header = Arrays.stream(first.split(",", -1))
                    .map(s -> s.strip().replace("\uFEFF", "").toLowerCase(Locale.ROOT))
                    .toArray(String[]::new);
        }

        int column(String... names) {
            for (String name : names) {
                for (int i = 0; i < header.length; i++) {
                    if (header[i].equals(name)) {
                        return i;
                    }
                }
            }
            throw new BarsFormatException(source, 1, "header has no '" + names[0] + "' column (found: "
                    + String.join(", ", header) + ")");
        }

        String[] next() {
            String text;
            do {
                text = readLine();
                if (text == null) {
                    return null;
                }
            } while (text.isBlank());
            String[] row = text.split(",", -1);
            // More fields than the header names is no extra column but a shifted row (a decimal comma, a thousands
            // separator): reading it by position would load wrong prices.
            if (row.length != header.length) {
                throw error("expected " + header.length + " fields but found " + row.length);
            }
            return row;
        }

        double number(String[] row, int column, String name) {
            String text = row[column].strip();
            try {
                double value = Double.parseDouble(text);
                if (Double.isNaN(value)) {
                    throw error(name + " is NaN");
                }
                return value;
            } catch (NumberFormatException e) {
                throw error(name + " '" + text + "' is not a number");
            }
        }

        long time(String[] row, int column) {
            String text = row[column].strip();
            try {
                return parseTime(text);
            } catch (DateTimeParseException | NumberFormatException e) {
                throw error("time '" + text + "' is not an ISO-8601 instant, date-time, date or epoch number");
            }
        }

        BarsFormatException error(String problem) {
            return new BarsFormatException(source, line, problem);
        }

        private String readLine() {
            try {
                String text = reader.readLine();
                if (text != null) {
                    line++;
                }
                return text;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
            }
        }
    }

    /** Epoch millis of a time field; see the class comment for the accepted forms. */
    static long parseTime(String text) {
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            long value = Long.parseLong(text);
            return value > 100_000_000_000L ? value : value * 1000; // epoch millis vs seconds
        }
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli();
        }
        return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** A growable long array, to read files without boxing. */
    static final class LongList {
        private long[] values = new long[1024];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long last() {
            return values[size - 1];
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable double array, to read files without boxing. */
    static final class DoubleList {
        private double[] values = new double[1024];
        int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        double last() {
            return values[size - 1];
        }

        /** The backing array, valid up to {@code size}; for in-place updates of the last value. */
        double[] values() {
            return values;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
