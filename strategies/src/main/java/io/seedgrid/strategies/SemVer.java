package io.seedgrid.strategies;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version {@code MAJOR.MINOR.PATCH} of a strategy name. The registry bumps MAJOR when the set of seeds
 * changes (the signal is built from other parts), MINOR when genes, weights, thresholds or backtest settings change,
 * and PATCH when the same definition is saved again from a new run (new data, new metrics).
 */
public record SemVer(int major, int minor, int patch) implements Comparable<SemVer> {
    public static final SemVer FIRST = new SemVer(1, 0, 0);
    private static final Pattern TEXT = Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})");

    public SemVer {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException(
                    "version numbers must be >= 0 but were " + major + "." + minor + "." + patch);
        }
    }

    /** Parses {@code 1.2.3} (no leading zeros, no pre-release or build parts). */
    public static SemVer parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("version must be MAJOR.MINOR.PATCH (e.g. 1.2.0) but was '" + text + "'");
        }
        return new SemVer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    public SemVer nextMajor() {
        return new SemVer(major + 1, 0, 0);
    }

    public SemVer nextMinor() {
        return new SemVer(major, minor + 1, 0);
    }

    public SemVer nextPatch() {
        return new SemVer(major, minor, patch + 1);
    }

    @Override
    public int compareTo(SemVer o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
