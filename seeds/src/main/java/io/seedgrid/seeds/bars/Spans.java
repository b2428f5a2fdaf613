package io.seedgrid.seeds.bars;

import java.util.Locale;

/** Lengths of time in words for messages: "45 s", "12 min", "18 h", "1 h 1 min", "3.7 days", "13.0 years". */
final class Spans {
    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final double YEAR = 365.25 * DAY;

    private Spans() {}

    static String of(long millis) {
        long abs = Math.abs(millis);
        if (abs < MINUTE) {
            return number(millis / (double) SECOND, "s");
        }
        if (abs < HOUR) {
            return number(millis / (double) MINUTE, "min");
        }
        if (abs < DAY) {
            return millis % MINUTE != 0 || millis % HOUR == 0
                    ? number(millis / (double) HOUR, "h")
                    : String.format(Locale.ROOT, "%d h %d min", millis / HOUR, millis % HOUR / MINUTE);
        }
        if (abs < YEAR) {
            return number(millis / (double) DAY, millis == DAY ? "day" : "days");
        }
        return String.format(Locale.ROOT, "%.1f years", millis / YEAR);
    }

    /** Whole numbers without decimals, others with one. */
    private static String number(double value, String unit) {
        return value == Math.rint(value)
                ? String.format(Locale.ROOT, "%d %s", (long) value, unit)
                : String.format(Locale.ROOT, "%.1f %s", value, unit);
    }
}
