package io.seedgrid.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The answer of {@link Store#health()}: a real round trip to the data, timed.
 *
 * @param status       HEALTHY, DEGRADED (answers, but slowly or only partly) or UNHEALTHY (does not answer)
 * @param backend      "local", "shared" or "postgres"
 * @param latencyMillis wall time of the health query (a real query over the stored bars), in milliseconds
 * @param barCount     bars stored (distinct symbol, timeframe, end time), or -1 when unknown
 * @param error        what is wrong (names the file, directory or database), or null when HEALTHY
 * @param details      backend facts worth printing (location, file counts, server version, ...), in order
 */
public record StoreHealth(Status status, String backend, double latencyMillis, long barCount, String error,
        Map<String, String> details) {

    /** A health query slower than this makes the store DEGRADED. */
    public static final long SLOW_MILLIS = 200;

    public enum Status {
        HEALTHY, DEGRADED, UNHEALTHY
    }

    public StoreHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(backend, "backend");
        error = StorageException.oneLine(error);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details == null ? Map.of() : details));
    }

    /** A store that did not answer at all (e.g. could not be opened). */
    public static StoreHealth unhealthy(String backend, double latencyMillis, String error, Map<String, String> details) {
        return new StoreHealth(Status.UNHEALTHY, backend, latencyMillis, -1, error, details);
    }

    /**
     * The status a store that answered in {@code latencyMillis} deserves: DEGRADED when slower than
     * {@link #SLOW_MILLIS} or when {@code problem} (a partial failure) is not null, else HEALTHY.
     */
    public static StoreHealth answered(String backend, double latencyMillis, long barCount, String problem,
            Map<String, String> details) {
        String error = problem;
        if (latencyMillis > SLOW_MILLIS) {
            String slow = String.format(java.util.Locale.ROOT, "slow: health query took %.0f ms (over %d ms)",
                    latencyMillis, SLOW_MILLIS);
            error = error == null ? slow : error + "; " + slow;
        }
        return new StoreHealth(error == null ? Status.HEALTHY : Status.DEGRADED, backend, latencyMillis, barCount,
                error, details);
    }

    public boolean isHealthy() {
        return status == Status.HEALTHY;
    }

    /** One line for a terminal, e.g. {@code HEALTHY local 0.4 ms, 9603 bars}. */
    public String summary() {
        String text = String.format(java.util.Locale.ROOT, "%s %s %.1f ms", status, backend, latencyMillis)
                + (barCount >= 0 ? ", " + barCount + " bars" : "");
        return error == null ? text : text + ": " + error;
    }
}
