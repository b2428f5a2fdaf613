package io.seedgrid.strategies.live;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What the live loop does besides signals and canary steps. Defaults: shadows wait for a person to promote them, no
 * scheduled re-evolution, re-evolution on drift or decay when a {@link Reevolution} is attached, decay = a live Sharpe
 * ratio below 0 over the last 100 bars in PRODUCTION, bars stale after 5 bar lengths (at least 15 minutes), every
 * strategy name, actor {@code lifecycle}.
 *
 * @param promoteShadows  whether a SHADOW whose gates pass moves to CANARY by itself
 * @param reevolveEvery   re-evolve each name with a PRODUCTION version this often (empty: only on decay)
 * @param reevolveOnDecay whether drift or decay of a PRODUCTION version starts a re-evolution
 * @param decaySharpe     the live Sharpe ratio (annualised) below which a PRODUCTION version has decayed (empty: only
 *                        drift counts)
 * @param decayWindow     the most recent live bars the decay bound is judged over, >= 2
 * @param staleAfterBars  bar lengths without a new bar after which a traded symbol's bars are stale, > 0
 * @param minStale        the shortest silence that counts as stale, whatever the timeframe
 * @param names           the strategy names the loop looks after (empty: all)
 * @param actor           who the loop's lifecycle entries name
 */
public record LoopSettings(
        boolean promoteShadows,
        Optional<Duration> reevolveEvery,
        boolean reevolveOnDecay,
        OptionalDouble decaySharpe,
        int decayWindow,
        double staleAfterBars,
        Duration minStale,
        Set<String> names,
        String actor) {

    public static final LoopSettings DEFAULT = new LoopSettings(
            false, Optional.empty(), true, OptionalDouble.of(0), 100, 5, Duration.ofMinutes(15), Set.of(), "lifecycle");

    public LoopSettings {
        Objects.requireNonNull(reevolveEvery, "reevolveEvery");
        reevolveEvery.ifPresent(d -> {
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("the re-evolution period must be at least 1 s but was " + d);
            }
        });
        Objects.requireNonNull(decaySharpe, "decaySharpe");
        decaySharpe.ifPresent(s -> {
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("the decay Sharpe bound must be finite but was " + s);
            }
        });
        if (decayWindow < 2) {
            throw new IllegalArgumentException("the decay window must be >= 2 bars but was " + decayWindow);
        }
        if (!(staleAfterBars > 0 && Double.isFinite(staleAfterBars))) {
            throw new IllegalArgumentException(
                    "stale-after must be a positive number of bars but was " + staleAfterBars);
        }
        Objects.requireNonNull(minStale, "minStale");
        if (minStale.isNegative()) {
            throw new IllegalArgumentException("the shortest stale silence must be >= 0 but was " + minStale);
        }
        names = Set.copyOf(names);
        Objects.requireNonNull(actor, "actor");
    }

    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether the loop looks after {@code name}. */
    public boolean covers(String name) {
        return names.isEmpty() || names.contains(name);
    }

    /** Settings with the defaults of {@link #DEFAULT}; checked when built. */
    public static final class Builder {
        private boolean promoteShadows;
        private Optional<Duration> reevolveEvery;
        private boolean reevolveOnDecay;
        private OptionalDouble decaySharpe;
        private int decayWindow;
        private double staleAfterBars;
        private Duration minStale;
        private Set<String> names;
        private String actor;

        private Builder(LoopSettings from) {
            promoteShadows = from.promoteShadows;
            reevolveEvery = from.reevolveEvery;
            reevolveOnDecay = from.reevolveOnDecay;
            decaySharpe = from.decaySharpe;
            decayWindow = from.decayWindow;
            staleAfterBars = from.staleAfterBars;
            minStale = from.minStale;
            names = from.names;
            actor = from.actor;
        }

        public Builder promoteShadows(boolean value) {
            promoteShadows = value;
            return this;
        }

        public Builder reevolveEvery(Duration value) {
            reevolveEvery = Optional.ofNullable(value);
            return this;
        }

        public Builder reevolveOnDecay(boolean value) {
            reevolveOnDecay = value;
            return this;
        }

        public Builder decaySharpe(OptionalDouble value) {
            decaySharpe = value;
            return this;
        }

        public Builder decayWindow(int value) {
            decayWindow = value;
            return this;
        }

        public Builder staleAfterBars(double value) {
            staleAfterBars = value;
            return this;
        }

        public Builder minStale(Duration value) {
            minStale = value;
            return this;
        }

        public Builder names(Set<String> value) {
            names = value;
            return this;
        }

        public Builder actor(String value) {
            actor = value;
            return this;
        }

        public LoopSettings build() {
            return new LoopSettings(
                    promoteShadows,
                    reevolveEvery,
                    reevolveOnDecay,
                    decaySharpe,
                    decayWindow,
                    staleAfterBars,
                    minStale,
                    names,
                    actor);
        }
    }
}
