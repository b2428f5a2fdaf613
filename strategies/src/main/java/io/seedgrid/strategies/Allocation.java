package io.seedgrid.strategies;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a strategy name's capital is shared among its versions from a moment on: a CANARY carries its step's share, the
 * PRODUCTION version the rest, every other version nothing. A consumer trades {@code share x position} of each
 * version.
 *
 * @param name   the strategy name
 * @param at     from when (the lifecycle entry that set it)
 * @param shares version id to share in (0, 1], only versions that carry capital; they add up to at most 1 (less when
 *               a canary runs without a production version: the rest stays out of the market)
 */
public record Allocation(String name, Instant at, Map<String, Double> shares) {

    public Allocation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(at, "at");
        double sum = 0;
        for (Map.Entry<String, Double> e : shares.entrySet()) {
            double s = e.getValue();
            if (!(s > 0 && s <= 1)) {
                throw new IllegalArgumentException("the share of " + e.getKey() + " must lie in (0, 1] but was " + s);
            }
            sum += s;
        }
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("shares of " + name + " must add up to at most 1 but were " + shares);
        }
        shares = Collections.unmodifiableMap(new TreeMap<>(shares));
    }

    /** The share of version {@code id} (0 when it carries none). */
    public double share(String id) {
        return shares.getOrDefault(id, 0.0);
    }
}
