package io.seedgrid.service;

import io.seedgrid.strategies.live.LiveLoop;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The live loop a service watches over: it adds its own alert rules (HTTP error rate and latency) to the loop's, shows
 * every alert on {@code /metrics} and {@code /alerts}, and, given a period, ticks the loop on a thread of its own
 * (signals, gates, re-evolutions, alerts after bars were ingested elsewhere). Without a period someone else drives the
 * loop (a replay).
 *
 * @param loop  the loop, on the service's store
 * @param every how often the service ticks it (empty: it does not)
 * @param http  the HTTP alert rules' thresholds
 */
public record LifecycleMonitor(LiveLoop loop, Optional<Duration> every, HttpAlerts http) {
    public LifecycleMonitor {
        Objects.requireNonNull(loop, "loop");
        Objects.requireNonNull(every, "every");
        every.ifPresent(d -> {
            if (d.compareTo(Duration.ofMillis(10)) < 0) {
                throw new IllegalArgumentException("the lifecycle period must be at least 10 ms but was " + d);
            }
        });
        Objects.requireNonNull(http, "http");
    }
}
