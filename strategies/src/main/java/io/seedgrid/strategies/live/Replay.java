package io.seedgrid.strategies.live;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.storage.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Rehearses a strategy's life on past bars: the bars before {@code from} are the replay store's history, then each bar
 * from {@code from} on is fed in alone, as a live feed would bring it, through {@link LiveLoop#ingest} (the live
 * path: store, signals, gates, re-evolutions, alerts) with the {@link ReplayClock} at its end. Paced at {@code speed}
 * times real time, or as fast as possible.
 *
 * @apiNote The replay store should be one of its own: the replay writes bars, signals, lifecycle entries and runs.
 */
public final class Replay {
    private final Bars source;
    private final Store target;
    private final ReplayClock clock;
    private final LiveLoop loop;
    private final Instant from;
    private final int maxBars;
    private final double speed;
    private final Sleeper sleeper;
    private volatile boolean stopped;

    /** Waits between bars; tests and fast replays do not. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * What a replay did.
     *
     * @param history bars stored as history before the first replayed bar
     * @param ticks   one per replayed bar, in order
     * @param stopped whether it was stopped before its last bar
     */
    public record Summary(int history, List<LiveLoop.Tick> ticks, boolean stopped) {
        public Summary {
            ticks = List.copyOf(ticks);
        }
    }

    private Replay(Builder b) {
        this.source = b.source;
        this.target = b.target;
        this.clock = b.clock;
        this.loop = b.loop;
        this.from = b.from;
        this.maxBars = b.maxBars;
        this.speed = b.speed;
        this.sleeper = b.sleeper;
    }

    /**
     * A replay of {@code source} into {@code target} (the store {@code loop} works on), moving {@code clock} (the
     * loop's and its registry's).
     */
    /** A replay speed: a multiple of real time, finite and >= 0 (0: as fast as possible). */
    public static double requireSpeed(double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException("speed must be >= 0 (0: as fast as possible) but was " + value);
        }
        return value;
    }

    public static Builder builder(Bars source, Store target, ReplayClock clock, LiveLoop loop) {
        return new Builder(source, target, clock, loop);
    }

    /** Index of the first replayed bar: the first ending at or after {@code from}. */
    public int firstIndex() {
        int i = 0;
        while (i < source.size() && source.endTime(i).isBefore(from)) {
            i++;
        }
        return i;
    }

    /** Stores the history (the bars before the first replayed one) and moves the clock to its last bar. */
    public int writeHistory() {
        int first = firstIndex();
        if (first < 2) {
            throw new IllegalArgumentException("a replay needs at least 2 bars of history before " + from + " but "
                    + source.symbol() + " has " + first);
        }
        if (first >= source.size()) {
            throw new IllegalArgumentException("no bar of " + source.symbol() + " ends at or after " + from
                    + " (the last ends " + source.endTime(source.size() - 1) + ")");
        }
        target.bars().writeBars(source.slice(0, first));
        clock.set(source.endTime(first - 1));
        return first;
    }

    /** Feeds the bars one at a time (history first, when not written yet); {@code onTick} hears each tick. */
    public Summary run(Consumer<LiveLoop.Tick> onTick) throws InterruptedException {
        int first = firstIndex();
        if (target.bars()
                        .readBars(source.symbol(), source.timeframe(), source.endTime(first - 1), null)
                        .size()
                == 0) {
            writeHistory();
        }
        int end = maxBars > 0 ? Math.min(source.size(), first + maxBars) : source.size();
        List<LiveLoop.Tick> ticks = new ArrayList<>();
        for (int i = first; i < end && !stopped; i++) {
            if (i > first && speed > 0) {
                long gap = source.endEpochMilli(i) - source.endEpochMilli(i - 1);
                sleeper.sleep(Duration.ofMillis(Math.round(gap / speed)));
            }
            clock.set(source.endTime(i));
            LiveLoop.Tick tick = loop.ingest(source.slice(i, i + 1));
            ticks.add(tick);
            onTick.accept(tick);
        }
        return new Summary(first, ticks, stopped);
    }

    /** Stops after the bar being fed (from another thread, e.g. a Ctrl-C hook). */
    public void stop() {
        stopped = true;
    }

    /**
     * Settings of a replay. Required: the source bars, the target store, the clock and the loop. Defaults: from the
     * middle of the source, every bar after it, as fast as possible.
     */
    public static final class Builder {
        private final Bars source;
        private final Store target;
        private final ReplayClock clock;
        private final LiveLoop loop;
        private Instant from;
        private int maxBars;
        private double speed;
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        private Builder(Bars source, Store target, ReplayClock clock, LiveLoop loop) {
            this.source = Objects.requireNonNull(source, "source");
            this.target = Objects.requireNonNull(target, "target");
            this.clock = Objects.requireNonNull(clock, "clock");
            this.loop = Objects.requireNonNull(loop, "loop");
            if (source.size() < 3) {
                throw new IllegalArgumentException(
                        "a replay needs at least 3 bars but " + source.symbol() + " has " + source.size());
            }
            this.from = source.endTime(source.size() / 2);
        }

        /** The first replayed bar: the first ending at or after {@code value}. */
        public Builder from(Instant value) {
            from = Objects.requireNonNull(value, "from");
            return this;
        }

        /** At most this many bars replayed (0: all after {@code from}). */
        public Builder bars(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("bars must be >= 0 (0: all) but was " + value);
            }
            maxBars = value;
            return this;
        }

        /** Times real time (a minute bar every 6 s at 10); 0 as fast as possible. */
        public Builder speed(double value) {
            speed = requireSpeed(value);
            return this;
        }

        public Builder sleeper(Sleeper value) {
            sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }

        public Replay build() {
            return new Replay(this);
        }
    }
}
