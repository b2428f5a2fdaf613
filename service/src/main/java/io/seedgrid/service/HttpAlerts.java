package io.seedgrid.service;

/**
 * The service's own alert rules' thresholds, judged over its most recent answered requests (scrapes of
 * {@code /metrics} and event streams left out). Defaults: more than 5% of the last 200 requests answered 5xx, or their
 * 95th-percentile latency above 1 s, judged from 20 requests on.
 *
 * @param maxErrorRate      share of 5xx answers above which {@code http_error_rate} fires, in [0, 1)
 * @param maxLatencySeconds 95th-percentile latency above which {@code http_latency} fires, > 0
 * @param window            requests judged (the most recent), >= 1
 * @param minRequests       requests in the window below which nothing is judged, in [1, window]
 */
public record HttpAlerts(double maxErrorRate, double maxLatencySeconds, int window, int minRequests) {

    public static final HttpAlerts DEFAULT = new HttpAlerts(0.05, 1.0, 200, 20);

    public HttpAlerts {
        if (!(maxErrorRate >= 0 && maxErrorRate < 1)) {
            throw new IllegalArgumentException(
                    "the HTTP error-rate threshold must lie in [0, 1) but was " + maxErrorRate);
        }
        if (!(maxLatencySeconds > 0 && Double.isFinite(maxLatencySeconds))) {
            throw new IllegalArgumentException("the HTTP latency threshold must be a positive number of seconds but"
                    + " was " + maxLatencySeconds);
        }
        if (window < 1) {
            throw new IllegalArgumentException("the HTTP alert window must be >= 1 request but was " + window);
        }
        if (minRequests < 1 || minRequests > window) {
            throw new IllegalArgumentException(
                    "the HTTP alerts' minimum requests must lie in [1, " + window + "] but was " + minRequests);
        }
    }
}
