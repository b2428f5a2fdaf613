package io.seedgrid.strategies.live;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The time of a replay: the end of the last bar fed in. Lifecycle entries, runs and alerts of a replayed life are
 * stamped with it, so "live since" and "the last N bars" mean what they would have meant live.
 */
public final class ReplayClock extends Clock {
    private volatile Instant now;

    public ReplayClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** Moves the clock to {@code instant} (never back). */
    public void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("a replay's clock goes forward only: " + instant + " is before " + now);
        }
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
