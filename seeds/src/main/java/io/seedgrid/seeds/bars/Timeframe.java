package io.seedgrid.seeds.bars;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The bar lengths seedgrid loads and aggregates to. */
public enum Timeframe {
    M1("1m", Duration.ofMinutes(1)),
    M5("5m", Duration.ofMinutes(5)),
    M15("15m", Duration.ofMinutes(15)),
    H1("1h", Duration.ofHours(1)),
    D1("1d", Duration.ofDays(1));

    private final String label;
    private final Duration duration;

    Timeframe(String label, Duration duration) {
        this.label = label;
        this.duration = duration;
    }

    public String label() {
        return label;
    }

    public Duration duration() {
        return duration;
    }

    /** Parses "1m", "5m", "15m", "1h" or "1d" (case-insensitive). */
    public static Timeframe parse(String text) {
        for (Timeframe tf : values()) {
            if (tf.label.equalsIgnoreCase(text == null ? "" : text.trim())) {
                return tf;
            }
        }
        throw new IllegalArgumentException("timeframe must be one of "
                + Arrays.stream(values()).map(Timeframe::label).collect(Collectors.joining(", "))
                + " but was '" + BarsFormatException.excerpt(text) + "'");
    }

    @Override
    public String toString() {
        return label;
    }
}
