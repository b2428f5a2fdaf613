package io.seedgrid.validation;

import java.util.Locale;

/** Name, title, weight and criticality of a check; subclasses supply {@link #run}. */
abstract class BaseCheck implements Check {
    private final String name;
    private final String title;
    private final int weight;
    private final boolean critical;

    BaseCheck(String name, String title, int weight, boolean critical) {
        if (weight < 1) {
            throw new IllegalArgumentException("check " + name + ": weight must be >= 1 but was " + weight);
        }
        this.name = name;
        this.title = title;
        this.weight = weight;
        this.critical = critical;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final int weight() {
        return weight;
    }

    @Override
    public final boolean critical() {
        return critical;
    }

    @Override
    public String toString() {
        return name;
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static String number(double x) {
        return String.format(Locale.ROOT, "%.3g", x);
    }

    /** The exception's class and message, one line. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() > 300 ? text.substring(0, 297) + "..." : text;
    }
}
