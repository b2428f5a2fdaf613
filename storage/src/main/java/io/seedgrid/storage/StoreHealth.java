package io.seedgrid.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * @param warnings     what is worth a look but does not stop the store from working (e.g. temporary files left by
 *                     a writer that crashed), one line each; a HEALTHY store may have some
 */
public record StoreHealth(
        Status status,
        String backend,
        double latencyMillis,
        long barCount,
        String error,
        Map<String, String> details,
        List<String> warnings) {

    /** A health query slower than this makes the store DEGRADED. */
    public static final long SLOW_MILLIS = 200;

    public enum Status {
        HEALTHY,
        DEGRADED,
        UNHEALTHY
    }

    public StoreHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(backend, "backend");
        error = StorageException.oneLine(error);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details == null ? Map.of() : details));
        warnings = warnings == null
                ? List.of()
                : warnings.stream().map(StorageException::oneLine).toList();
    }

    /** Without warnings. */
    public StoreHealth(
            Status status,
            String backend,
            double latencyMillis,
            long barCount,
            String error,
            Map<String, String> details) {
        this(status, backend, latencyMillis, barCount, error, details, List.of());
    }

    /** A store that did not answer at all (e.g. could not be opened). */
    public static StoreHealth unhealthy(
            String backend, double latencyMillis, String error, Map<String, String> details) {
        return new StoreHealth(Status.UNHEALTHY, backend, latencyMillis, -1, error, details);
    }

    /**
     * The status a store that answered in {@code latencyMillis} deserves: DEGRADED when slower than
     * {@link #SLOW_MILLIS} or when {@code problem} (a partial failure) is not null, else HEALTHY.
     */
    public static StoreHealth answered(
            String backend, double latencyMillis, long barCount, String problem, Map<String, String> details) {
        return answered(backend, latencyMillis, barCount, problem, details, List.of());
    }

    /** As {@link #answered(String, double, long, String, Map)}, with {@code warnings} that leave the status as it is. */
    public static StoreHealth answered(
            String backend,
            double latencyMillis,
            long barCount,
            String problem,
            Map<String, String> details,
            List<String> warnings) {
        String error = problem;
        if (latencyMillis > SLOW_MILLIS) {
            String slow = String.format(
                    Locale.ROOT, "slow: health query took %.0f ms (over %d ms)", latencyMillis, SLOW_MILLIS);
            error = error == null ? slow : error + "; " + slow;
        }
        return new StoreHealth(
                error == null ? Status.HEALTHY : Status.DEGRADED,
                backend,
                latencyMillis,
                barCount,
                error,
                details,
                warnings);
    }

    public boolean isHealthy() {
        return status == Status.HEALTHY;
    }

    /** One line for a terminal, e.g. {@code HEALTHY local 0.4 ms, 9603 bars}, then "; warning: ..." for each. */
    public String summary() {
        String text = String.format(Locale.ROOT, "%s %s %.1f ms", status, backend, latencyMillis)
                + (barCount >= 0 ? ", " + barCount + " bars" : "");
        StringBuilder line = new StringBuilder(error == null ? text : text + ": " + error);
        warnings.forEach(w -> line.append("; warning: ").append(w));
        return line.toString();
    }
}
