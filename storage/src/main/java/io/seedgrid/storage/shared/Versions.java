package io.seedgrid.storage.shared;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Version stamps for published files: {@code <16 hex: hybrid clock millis>-<16 hex: random>}, ordered as text.
 *
 * <p>The clock part is {@code max(wall clock, newest version seen in the directory + 1, last stamp of this JVM + 1)}:
 * a write that starts after another write's file is visible always gets a newer stamp, whatever the machines'
 * clocks say (a hybrid logical clock). The random part orders writes that really were concurrent, the same way for
 * every reader.
 */
final class Versions {
    static final Pattern VERSION = Pattern.compile("[0-9a-f]{16}-[0-9a-f]{16}");
    static final int LENGTH = 33;
    private static final AtomicLong LAST = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Versions() {}

    /** A new stamp newer than every one in {@code seen} and every one this JVM made before. */
    static String next(Collection<String> seen) {
        long newest = 0;
        for (String v : seen) {
            newest = Math.max(newest, clock(v));
        }
        long floor = newest + 1;
        long t = LAST.updateAndGet(prev -> Math.max(Math.max(System.currentTimeMillis(), floor), prev + 1));
        return String.format(Locale.ROOT, "%016x-%016x", t, RANDOM.nextLong());
    }

    static long clock(String version) {
        return Long.parseUnsignedLong(version.substring(0, 16), 16);
    }

    /** The version a published file's name carries after {@code prefix}, or null if it carries none. */
    static String of(String fileName, String prefix) {
        if (!fileName.startsWith(prefix) || fileName.length() < prefix.length() + LENGTH) {
            return null;
        }
        String v = fileName.substring(prefix.length(), prefix.length() + LENGTH);
        return VERSION.matcher(v).matches() ? v : null;
    }
}
