package io.seedgrid.seeds.gene;

import java.util.Locale;
import java.util.Objects;

/**
 * One gene of a seed: a named parameter with an inclusive range and a default.
 *
 * @param name         the parameter's name, e.g. {@code fast}
 * @param min          the smallest allowed value
 * @param max          the largest allowed value
 * @param defaultValue the value used when nobody chose one; inside the range
 * @param kind         integer genes take whole values only
 */
public record GeneSpec(String name, double min, double max, double defaultValue, Kind kind) {

    public enum Kind {
        INTEGER,
        REAL;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public GeneSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (!name.matches("[a-zA-Z][a-zA-Z0-9]*")) {
            throw new IllegalArgumentException(
                    "gene name must be alphanumeric, starting with a letter, but was '" + name + "'");
        }
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException(
                    "gene " + name + ": range must be finite with min <= max but was [" + min + ", " + max + "]");
        }
        if (!(defaultValue >= min && defaultValue <= max)) {
            throw new IllegalArgumentException(
                    "gene " + name + ": default must lie in [" + min + ", " + max + "] but was " + defaultValue);
        }
        if (kind == Kind.INTEGER
                && (min != Math.rint(min) || max != Math.rint(max) || defaultValue != Math.rint(defaultValue))) {
            throw new IllegalArgumentException("integer gene " + name + " needs whole bounds and default");
        }
    }

    public static GeneSpec integer(String name, int min, int max, int defaultValue) {
        return new GeneSpec(name, min, max, defaultValue, Kind.INTEGER);
    }

    public static GeneSpec real(String name, double min, double max, double defaultValue) {
        return new GeneSpec(name, min, max, defaultValue, Kind.REAL);
    }

    /** The nearest allowed value: clipped to the range, and rounded for integer genes. NaN is refused. */
    public double nearestAllowed(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("gene " + name + " must be a number but was NaN");
        }
        double clipped = Math.max(min, Math.min(max, value));
        return kind == Kind.INTEGER ? Math.rint(clipped) : clipped;
    }

    /** Checks that {@code value} is allowed as it is and returns it; says the rule and the value otherwise. */
    public double require(double value) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new IllegalArgumentException(
                    "gene " + name + " must lie in [" + format(min) + ", " + format(max) + "] but was " + value);
        }
        if (kind == Kind.INTEGER && value != Math.rint(value)) {
            throw new IllegalArgumentException("gene " + name + " must be a whole number but was " + value);
        }
        return value;
    }

    /** The range as users read it, e.g. {@code [2, 50]} or {@code [0.5, 3.0]}. */
    public String rangeText() {
        return "[" + format(min) + ", " + format(max) + "]";
    }

    public String format(double value) {
        return kind == Kind.INTEGER ? Long.toString(Math.round(value)) : String.format(Locale.ROOT, "%.4g", value);
    }
}
