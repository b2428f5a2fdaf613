package io.seedgrid.runs;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Run ids, unique by construction: {@code [prefix]yyyyMMdd-HHmmss-SYMBOL-sSEED[-wfK]-<UUID v7>}. The readable head
 * says when, what and which seed; the time-ordered UUID (48 bits of milliseconds, 74 random bits) makes two runs
 * started in the same second, with the same symbol and seed, two ids, and sorts ids in start order.
 */
public final class RunIds {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {}

    /**
     * A new run id.
     *
     * @param prefix      e.g. {@code api-} for runs started over HTTP, empty for the command line
     * @param walkForward the folds of a walk-forward run
     */
    public static String next(String prefix, String symbol, long seed, Optional<Integer> walkForward, Instant now) {
        return prefix + TIME.format(now) + "-" + symbol.replaceAll("[^A-Za-z0-9]", "_") + "-s" + seed
                + walkForward.map(k -> "-wf" + k).orElse("") + "-" + timeOrdered(now, RANDOM);
    }

    /** A version 7 UUID (RFC 9562): the milliseconds of {@code now}, then random bits. */
    static UUID timeOrdered(Instant now, Random random) {
        long millis = now.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
