package io.seedgrid.seeds.bars;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads market data CSV: OHLCV bars ({@link #bars}) or trade ticks aggregated into bars ({@link #trades}).
 *
 * <p>The input is UTF-8 text; its first line is a header naming the columns (any order, case-insensitive, each
 * name once); extra columns are ignored. A time is an ISO-8601 instant ({@code 2013-01-02T21:00:00Z}), a UTC
 * date-time ({@code 2013-01-02 21:00:00}), a date ({@code 2013-01-02}, that day's bar, stamped 00:00 UTC) or an
 * epoch number, read by its size: below {@link #SECONDS_BELOW} (1e11) epoch seconds, from {@link #MILLIS_FROM}
 * (1e12, 2001-09-09) epoch milliseconds. Numbers in between are refused as ambiguous (as seconds they are years
 * 5138 to 33658, as milliseconds 1973 to 2001: a year-9999 file in seconds would otherwise pass for 1978), and so
 * are epoch numbers before {@link #EARLIEST} or after {@link #LATEST}.
 *
 * <p>Beyond each row: no bar may end later than now plus one bar plus {@link #FUTURE_TOLERANCE} (no trade later
 * than now plus the tolerance), judged by the loader's clock; a stated timeframe must fit the bars' spacing, and
 * without one the spacing decides ({@link BarSpacing}). Input is all or nothing: the first problem throws a
 * {@link BarsFormatException} naming the source, the line (0 for problems of the whole file) and the problem, with
 * echoed input cut to {@link BarsFormatException#ECHO_LIMIT} characters, and no bars are returned. Lines longer than
 * {@link #MAX_LINE} characters, NUL characters (binary files, UTF-16) and bytes that are not UTF-8 are refused.
 */
public final class CsvBarsLoader {
    /** Clock skew allowed beyond now (and, for bars, beyond one bar length) before a time counts as future. */
    public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    /** The longest line read, in characters: far beyond any row of bars, short of exhausting memory. */
    public static final int MAX_LINE = 1_000_000;
    /** Epoch numbers below this are seconds. */
    public static final long SECONDS_BELOW = 100_000_000_000L;
    /** Epoch numbers from this on are milliseconds. */
    public static final long MILLIS_FROM = 1_000_000_000_000L;
    /** The earliest epoch number accepted (as a time). */
    public static final Instant EARLIEST = Instant.parse("1970-01-02T00:00:00Z");
    /** The latest epoch number accepted (as a time). */
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private static final String[] TIME_COLUMNS = {"time", "timestamp", "date", "datetime", "end_time"};
    private static final CsvBarsLoader SYSTEM = new CsvBarsLoader(InstantSource.system());

    private final InstantSource clock;

    private CsvBarsLoader(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A loader that judges future times by {@code clock} (tests pass a fixed one). */
    public static CsvBarsLoader withClock(InstantSource clock) {
        return new CsvBarsLoader(clock);
    }

    /** Reads an OHLCV file with columns time, open, high, low, close, volume, in the stated timeframe (checked). */
    public static Bars readBars(Path file, String symbol, Timeframe timeframe) {
        return SYSTEM.bars(file, symbol, Optional.of(timeframe));
    }

    /** Reads OHLCV bars from {@code reader} in the stated timeframe (checked); {@code source} names it in errors. */
    public static Bars readBars(Reader reader, String source, String symbol, Timeframe timeframe) {
        return SYSTEM.bars(reader, source, symbol, Optional.of(timeframe));
    }

    /** Reads trade ticks (columns time, price, amount) and aggregates them into bars; see {@link TradeAggregator}. */
    public static Bars readTrades(Path file, String symbol, Timeframe timeframe) {
        return SYSTEM.trades(file, symbol, timeframe);
    }

    /** Reads trade ticks from {@code reader} and aggregates them into bars of {@code timeframe}. */
    public static Bars readTrades(Reader reader, String source, String symbol, Timeframe timeframe) {
        return SYSTEM.trades(reader, source, symbol, timeframe);
    }

    /**
     * Reads an OHLCV file: in {@code timeframe} when given (refused when the bars' spacing contradicts it), else in
     * the timeframe their spacing says.
     *
     * @throws BarsFormatException  naming the file, line and problem; also when the path is no regular file
     * @throws UncheckedIOException when the file cannot be read
     */
    public Bars bars(Path file, String symbol, Optional<Timeframe> timeframe) {
        try (Reader reader = open(file)) {
            return bars(new Rows(reader, file.toString(), file), symbol, timeframe);
        } catch (IOException e) {
            throw cannotRead(file.toString(), e);
        }
    }

    /** As {@link #bars(Path, String, Optional)}, from {@code reader}; {@code source} names it in errors. */
    public Bars bars(Reader reader, String source, String symbol, Optional<Timeframe> timeframe) {
        return bars(new Rows(reader, source, null), symbol, timeframe);
    }

    /** Reads a trade file (time, price, amount) and aggregates it into bars of {@code timeframe}. */
    public Bars trades(Path file, String symbol, Timeframe timeframe) {
        try (Reader reader = open(file)) {
            return trades(new Rows(reader, file.toString(), file), symbol, timeframe);
        } catch (IOException e) {
            throw cannotRead(file.toString(), e);
        }
    }

    /** As {@link #trades(Path, String, Timeframe)}, from {@code reader}; {@code source} names it in errors. */
    public Bars trades(Reader reader, String source, String symbol, Timeframe timeframe) {
        return trades(new Rows(reader, source, null), symbol, timeframe);
    }

    /**
     * Null when {@code file} is a regular file, else what it is instead: "no such file", "a directory, not a
     * regular file", "not a regular file but a device, pipe or socket", "a broken symbolic link".
     */
    public static String fileProblem(Path file) {
        if (Files.isRegularFile(file)) {
            return null;
        }
        if (Files.isDirectory(file)) {
            return "a directory, not a regular file";
        }
        if (Files.exists(file)) {
            return "not a regular file but a device, pipe or socket";
        }
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? "a broken symbolic link" : "no such file";
    }

    private static Reader open(Path file) throws IOException {
        String problem = fileProblem(file);
        if (problem != null) {
            throw new BarsFormatException(file.toString(), 0, problem);
        }
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    private static UncheckedIOException cannotRead(String source, IOException e) {
        String why = e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
        return new UncheckedIOException("cannot read " + source + ": " + why, e);
    }

    private Bars bars(Rows rows, String symbol, Optional<Timeframe> stated) {
        Bars.requireSymbol(symbol);
        Objects.requireNonNull(stated, "timeframe");
        int time = rows.column(TIME_COLUMNS);
        int open = rows.column("open");
        int high = rows.column("high");
        int low = rows.column("low");
        int close = rows.column("close");
        int volume = rows.column("volume", "vol");
        var times = new LongList();
        var lines = new LongList();
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
            lines.add(rows.line);
            o.add(ro);
            h.add(rh);
            l.add(rl);
            c.add(rc);
            v.add(rv);
        }
        if (times.size == 0) {
            throw new BarsFormatException(rows.source, 0, "no bars after the header");
        }
        long[] ends = times.toArray();
        Timeframe timeframe = timeframe(ends, stated, rows.source);
        long latest = clock.millis() + timeframe.duration().toMillis() + FUTURE_TOLERANCE.toMillis();
        if (ends[ends.length - 1] > latest) {
            int first = ends.length - 1;
            while (first > 0 && ends[first - 1] > latest) {
                first--;
            }
            throw new BarsFormatException(
                    rows.source,
                    lines.values[first],
                    "bar time " + Instant.ofEpochMilli(ends[first])
                            + " is in the future: it is " + clock.instant().truncatedTo(ChronoUnit.SECONDS)
                            + " now, and a " + timeframe + " bar may end at most "
                            + timeframe + " + " + Spans.of(FUTURE_TOLERANCE.toMillis()) + " from now");
        }
        return Bars.of(symbol, timeframe, ends, o.toArray(), h.toArray(), l.toArray(), c.toArray(), v.toArray());
    }

    /** The stated timeframe when it fits the spacing of {@code ends}, else the inferred one; see {@link BarSpacing}. */
    private static Timeframe timeframe(long[] ends, Optional<Timeframe> stated, String source) {
        BarSpacing spacing = BarSpacing.of(ends);
        if (stated.isPresent()) {
            String contradiction = spacing.contradiction(stated.get());
            if (contradiction != null) {
                throw new BarsFormatException(source, 0, contradiction);
            }
            return stated.get();
        }
        try {
            return spacing.inferred();
        } catch (IllegalArgumentException e) {
            throw new BarsFormatException(source, 0, e.getMessage());
        }
    }

    private Bars trades(Rows rows, String symbol, Timeframe timeframe) {
        Objects.requireNonNull(timeframe, "timeframe");
        var aggregator = new TradeAggregator(symbol, timeframe);
        int time = rows.column(TIME_COLUMNS);
        int price = rows.column("price");
        int amount = rows.column("amount", "volume", "size", "quantity");
        long latest = clock.millis() + FUTURE_TOLERANCE.toMillis();
        for (String[] row = rows.next(); row != null; row = rows.next()) {
            long t = rows.time(row, time);
            double p = rows.number(row, price, "price");
            double a = rows.number(row, amount, "amount");
            if (t > latest) {
                throw rows.error("trade time " + Instant.ofEpochMilli(t) + " is in the future: it is "
                        + clock.instant().truncatedTo(ChronoUnit.SECONDS)
                        + " now (" + Spans.of(FUTURE_TOLERANCE.toMillis()) + " ahead are allowed for clock skew)");
            }
            String problem = aggregator.problem(t, p, a);
            if (problem != null) {
                throw rows.error(problem);
            }
            aggregator.add(t, p, a);
        }
        if (aggregator.isEmpty()) {
            throw new BarsFormatException(rows.source, 0, "no trades after the header");
        }
        return aggregator.toBars();
    }

    /** Rows of fields after a header, with the line number kept for errors. */
    private static final class Rows {
        private final Lines lines;
        private final String source;
        private final String[] header;
        private long line;

        Rows(Reader reader, String source, Path file) {
            this.lines = new Lines(reader, source, file);
            this.source = source;
            String first = lines.next();
            if (first == null) {
                throw new BarsFormatException(source, 0, "empty file: expected a header line");
            }
            line = 1;
            this.header = Arrays.stream(first.split(",", -1))
                    .map(s -> s.strip().replace("\uFEFF", "").toLowerCase(Locale.ROOT))
                    .toArray(String[]::new);
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                Integer before = header[i].isEmpty() ? null : seen.putIfAbsent(header[i], i);
                if (before != null) {
                    throw new BarsFormatException(
                            source,
                            1,
                            "header names column '"
                                    + BarsFormatException.excerpt(header[i]) + "' twice (columns " + (before + 1)
                                    + " and "
                                    + (i + 1) + "): which one holds the values is unclear");
                }
            }
        }

        int column(String... names) {
            for (String name : names) {
                for (int i = 0; i < header.length; i++) {
                    if (header[i].equals(name)) {
                        return i;
                    }
                }
            }
            throw new BarsFormatException(
                    source,
                    1,
                    "header has no '" + names[0] + "' column (found: "
                            + BarsFormatException.excerpt(String.join(", ", header)) + ")");
        }

        String[] next() {
            String text;
            do {
                text = lines.next();
                if (text == null) {
                    return null;
                }
                line = lines.number;
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
                throw error(name + " '" + BarsFormatException.excerpt(text) + "' is not a number");
            }
        }

        long time(String[] row, int column) {
            String text = row[column].strip();
            try {
                return parseTime(text);
            } catch (DateTimeParseException e) {
                throw error("time '" + BarsFormatException.excerpt(text)
                        + "' is not an ISO-8601 instant, date-time, date or epoch number");
            } catch (IllegalArgumentException e) { // the epoch rules
                throw error(e.getMessage());
            }
        }

        BarsFormatException error(String problem) {
            return new BarsFormatException(source, line, problem);
        }
    }

    /**
     * Lines of a reader (ended by \n, \r\n or \r), numbered from 1; refuses endless lines, NUL characters and
     * undecodable bytes, naming the line.
     */
    private static final class Lines {
        private final Reader reader;
        private final String source;
        private final Path file; // to find the line of an undecodable byte; null for other readers
        private final char[] buffer = new char[16384];
        private final StringBuilder text = new StringBuilder(256);
        private int pos;
        private int end;
        private boolean skipNewline; // the last line ended with \r: a \n right after belongs to it
        long number;

        Lines(Reader reader, String source, Path file) {
            this.reader = reader;
            this.source = source;
            this.file = file;
        }

        /** The next line without its terminator, or null at the end of the input. */
        String next() {
            text.setLength(0);
            boolean any = false;
            while (true) {
                if (pos == end && !fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
                if (skipNewline) {
                    skipNewline = false;
                    if (buffer[pos] == '\n') {
                        pos++;
                        continue;
                    }
                }
                any = true;
                int stop = pos;
                while (stop < end && buffer[stop] != '\n' && buffer[stop] != '\r') {
                    if (buffer[stop] == '\0') {
                        throw new BarsFormatException(
                                source,
                                number + 1,
                                "a NUL character: this looks like a binary "
                                        + "file (or UTF-16 text), not UTF-8 CSV text");
                    }
                    stop++;
                }
                text.append(buffer, pos, stop - pos);
                if (text.length() > MAX_LINE) {
                    throw new BarsFormatException(
                            source,
                            number + 1,
                            "line is longer than " + MAX_LINE
                                    + " characters: not a CSV of bars (is this a binary file?)");
                }
                if (stop < end) {
                    skipNewline = buffer[stop] == '\r';
                    pos = stop + 1;
                    break;
                }
                pos = end;
            }
            number++;
            return text.toString();
        }

        private boolean fill() {
            try {
                int n;
                do {
                    n = reader.read(buffer, 0, buffer.length);
                } while (n == 0);
                if (n < 0) {
                    return false;
                }
                pos = 0;
                end = n;
                return true;
            } catch (CharacterCodingException e) {
                // the reader decodes ahead of the lines handed out: find the line in the bytes
                long at = file == null ? 0 : firstUndecodableLine(file);
                throw new BarsFormatException(
                        source,
                        at > 0 ? at : number + 1,
                        "not UTF-8 text: a byte sequence that is"
                                + " not UTF-8 (is this a binary file, or text in another encoding such as Latin-1 or UTF-16?)");
            } catch (IOException e) {
                throw cannotRead(source, e);
            }
        }
    }

    /** The 1-based number of the first line of {@code file} that is not valid UTF-8, or 0 when every line is. */
    static long firstUndecodableLine(Path file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long number = 1;
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b != '\n' && line.size() <= 4 * MAX_LINE) {
                    line.write(b);
                    continue;
                }
                if (!decodes(decoder, line.toByteArray())) {
                    return number;
                }
                line.reset();
                number++;
            }
            return decodes(decoder, line.toByteArray()) ? 0 : number;
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean decodes(CharsetDecoder decoder, byte[] bytes) {
        try {
            decoder.reset().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * Epoch millis of a time field; see the class comment for the accepted forms.
     *
     * @throws DateTimeParseException   when the text is no accepted form
     * @throws IllegalArgumentException when it is an epoch number the rules refuse, saying why
     */
    static long parseTime(String text) {
        if (!text.isEmpty() && text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return epochMillis(text);
        }
        if (text.length() == 10) {
            return LocalDate.parse(text)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant()
                    .toEpochMilli();
        }
        if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        }
        return LocalDateTime.parse(text.replace(' ', 'T'))
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
    }

    /** Epoch millis of an epoch number in ASCII digits: seconds below 1e11, milliseconds from 1e12, nothing between. */
    static long epochMillis(String digits) {
        if (digits.length() > 18) {
            throw new IllegalArgumentException("epoch number " + BarsFormatException.excerpt(digits) + " has "
                    + digits.length() + " digits, far more than epoch milliseconds before "
                    + LATEST.atZone(ZoneOffset.UTC).getYear()
                    + " (microseconds and nanoseconds are not read)");
        }
        long value = Long.parseLong(digits);
        long millis;
        String unit;
        if (value < SECONDS_BELOW) {
            millis = value * 1000;
            unit = "epoch seconds ";
        } else if (value < MILLIS_FROM) {
            throw new IllegalArgumentException("epoch number " + value + " is ambiguous: as seconds it is "
                    + Instant.ofEpochSecond(value) + ", as milliseconds " + Instant.ofEpochMilli(value)
                    + "; epoch seconds must be below 1e11 and epoch milliseconds at least 1e12 ("
                    + Instant.ofEpochMilli(MILLIS_FROM)
                    + "): write other times as ISO-8601");
        } else {
            millis = value;
            unit = "epoch milliseconds ";
        }
        if (millis < EARLIEST.toEpochMilli() || millis > LATEST.toEpochMilli()) {
            throw new IllegalArgumentException(unit + value + " (" + Instant.ofEpochMilli(millis) + ") lie "
                    + (millis < EARLIEST.toEpochMilli() ? "before " + EARLIEST : "after " + LATEST)
                    + ": not a plausible bar time"
                    + (millis > LATEST.toEpochMilli() && unit.startsWith("epoch milli")
                            ? " (microseconds and nanoseconds are not read)"
                            : ""));
        }
        return millis;
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
