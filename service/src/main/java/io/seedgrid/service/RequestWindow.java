package io.seedgrid.service;

import io.seedgrid.alerts.AlertRule;
import io.seedgrid.alerts.Observation;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The service's most recent answered requests (status and latency), and the two alert rules judged over them:
 * {@code http_error_rate} (share of 5xx answers) and {@code http_latency} (95th-percentile latency).
 */
final class RequestWindow {
    private final HttpAlerts limits;
    private final int[] status;
    private final double[] seconds;
    private int next;
    private int size;

    RequestWindow(HttpAlerts limits) {
        this.limits = limits;
        this.status = new int[limits.window()];
        this.seconds = new double[limits.window()];
    }

    synchronized void add(int code, double latency) {
        status[next] = code;
        seconds[next] = latency;
        next = (next + 1) % status.length;
        size = Math.min(size + 1, status.length);
    }

    /** The requests in the window: statuses and latencies, oldest first does not matter. */
    private synchronized double[][] snapshot() {
        double[] codes = new double[size];
        double[] lat = new double[size];
        for (int i = 0; i < size; i++) {
            codes[i] = status[i];
            lat[i] = seconds[i];
        }
        return new double[][] {codes, lat};
    }

    List<AlertRule> rules() {
        return List.of(
                AlertRule.of(
                        "http_error_rate",
                        "more than " + percent(limits.maxErrorRate()) + " of the last " + limits.window()
                                + " requests answered with a 5xx status",
                        now -> errorRate()),
                AlertRule.of(
                        "http_latency",
                        "the 95th-percentile latency of the last " + limits.window() + " requests above "
                                + limits.maxLatencySeconds() + " s",
                        now -> latency()));
    }

    private List<Observation> errorRate() {
        double[] codes = snapshot()[0];
        long errors = Arrays.stream(codes).filter(c -> c >= 500).count();
        double rate = codes.length == 0 ? 0 : (double) errors / codes.length;
        boolean judged = codes.length >= limits.minRequests();
        return List.of(new Observation(
                "http",
                judged && rate > limits.maxErrorRate(),
                rate,
                limits.maxErrorRate(),
                String.format(
                        Locale.ROOT,
                        "%d of the last %d requests answered 5xx (%s)%s",
                        errors,
                        codes.length,
                        percent(rate),
                        judged ? "" : "; judged from " + limits.minRequests() + " requests"),
                "/metrics"));
    }

    private List<Observation> latency() {
        double[] lat = snapshot()[1];
        Arrays.sort(lat);
        double p95 = lat.length == 0 ? 0 : lat[Math.min(lat.length - 1, (int) Math.ceil(0.95 * lat.length) - 1)];
        boolean judged = lat.length >= limits.minRequests();
        return List.of(new Observation(
                "http",
                judged && p95 > limits.maxLatencySeconds(),
                p95,
                limits.maxLatencySeconds(),
                String.format(
                        Locale.ROOT,
                        "95th-percentile latency %.3f s over the last" + " %d requests%s",
                        p95,
                        lat.length,
                        judged ? "" : "; judged from " + limits.minRequests() + " requests"),
                "/metrics"));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
