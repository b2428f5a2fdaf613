package io.seedgrid.seeds;

/**
 * Argument checks that return what they check, so a value is checked where it is stored, and say the name, the rule
 * and the bad value. NaN never passes a numeric check.
 */
public final class Requires {
    private Requires() {}

    /** {@code value >= min}. */
    public static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + " but was " + value);
        }
        return value;
    }

    /** {@code value >= min}, NaN refused. */
    public static double atLeast(String name, double value, double min) {
        if (!(value >= min)) {
            throw new IllegalArgumentException(name + " must be >= " + text(min) + " but was " + value);
        }
        return value;
    }

    /** A finite number. */
    public static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number but was " + value);
        }
        return value;
    }

    /** {@code value} in [0, 1]. */
    public static double probability(String name, double value) {
        return inClosedRange(name, value, 0, 1);
    }

    /** {@code value} in (0, 1). */
    public static double openProbability(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must lie in (0, 1) but was " + value);
        }
        return value;
    }

    /** {@code value} in [min, max]. */
    public static double inClosedRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    name + " must lie in [" + text(min) + ", " + text(max) + "] but was " + value);
        }
        return value;
    }

    /** {@code value} in [min, max). */
    public static double inHalfOpenRange(String name, double value, double min, double max) {
        if (!(value >= min && value < max)) {
            throw new IllegalArgumentException(
                    name + " must lie in [" + text(min) + ", " + text(max) + ") but was " + value);
        }
        return value;
    }

    /** A bound as people write it: 1 rather than 1.0. */
    private static String text(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15
                ? Long.toString((long) bound)
                : Double.toString(bound);
    }
}
