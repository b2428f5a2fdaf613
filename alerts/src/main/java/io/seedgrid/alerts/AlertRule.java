package io.seedgrid.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One alert rule: what it watches, judged now. {@link Alerts} asks every rule on every evaluation and turns changes
 * of its observations into alerts.
 *
 * @apiNote Contract: {@link #observe} returns one observation per subject the rule watches now (firing or not); a
 *          subject left out counts as cleared (e.g. a strategy that is no longer live). It reads its evidence where it
 *          lives (storage, metrics) and may throw; a rule that throws leaves its alerts as they were.
 */
public interface AlertRule {

    /** The rule's name, e.g. {@code drift}: lower case, digits and '_' (a Prometheus label value and a log word). */
    String name();

    /** What the rule fires on, in one line (for help texts and the docs). */
    String description();

    /** Every subject the rule watches, judged at {@code now}. */
    List<Observation> observe(Instant now);

    /** A rule named {@code name} that judges its subjects with {@code observe}. */
    static AlertRule of(String name, String description, Function<Instant, List<Observation>> observe) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(observe, "observe");
        return new AlertRule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public List<Observation> observe(Instant now) {
                return observe.apply(now);
            }
        };
    }
}
