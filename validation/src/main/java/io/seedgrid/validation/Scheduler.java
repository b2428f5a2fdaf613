package io.seedgrid.validation;

import io.seedgrid.alerts.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a validation on a fixed schedule in the calling thread, as a service would: cycle 1 at once, then one cycle per
 * period counted from the start of the previous one (at once when a cycle took longer than the period). After each
 * cycle, a change of readiness (ready to not ready, or back) against the previous cycle (for the first cycle: the
 * most recent stored report) raises an {@link Alert}: the listener hears it and, when a webhook is configured, the
 * report is POSTed to it.
 *
 * @apiNote {@link #run()} blocks until the cycle limit or {@link #stop()} (from another thread, e.g. a Ctrl-C hook);
 *          stopping interrupts a sleep at once and a running validation between two checks (that validation is
 *          dropped, not stored).
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /** Waits until an instant; tests inject one that acts between cycles. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepUntil(Instant wake) throws InterruptedException;
    }

    /** What a schedule tells its owner. */
    public interface Listener {
        default void cycleStarted(int cycle, Instant at) {}

        void cycleFinished(int cycle, RunOutcome outcome);

        /** The validation could not run this cycle (a bug or an environment failure outside the checks). */
        default void cycleFailed(int cycle, RuntimeException e) {}

        void alert(Alert alert);

        default void webhook(Alert alert, Webhook.Delivery delivery) {}
    }

    /**
     * Readiness changed.
     *
     * @param cycle    the cycle that saw the change
     * @param at       when that cycle's validation started
     * @param ready    readiness now
     * @param outcome  this cycle's validation
     */
    public record Alert(int cycle, Instant at, boolean ready, RunOutcome outcome) {
        /** The webhook event name: {@code readiness.lost} or {@code readiness.restored}. */
        public String event() {
            return ready ? "readiness.restored" : "readiness.lost";
        }

        /** One log line. */
        public String line() {
            ValidationReport r = outcome.report();
            return String.format(
                    Locale.ROOT,
                    "ALERT %s seedgrid deployment is %s (was %s): score %.1f, overall %s%s",
                    at,
                    ready ? "PRODUCTION READY again" : "NOT READY",
                    ready ? "not ready" : "ready",
                    r.businessValueScore(),
                    r.overallStatus(),
                    r.failedTests().isEmpty()
                            ? ""
                            : ", failed: "
                                    + String.join(
                                            ", ",
                                            r.failedTests().stream()
                                                    .map(CheckResult::name)
                                                    .toList()));
        }
    }

    /** How a schedule ended. */
    public record Summary(int cycles, Optional<RunOutcome> last, boolean stopped) {}

    private final Supplier<RunOutcome> validation;
    private final Duration period;
    private final int maxCycles;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final Optional<Webhook> webhook;
    private final Listener listener;
    private volatile boolean stopped;
    private volatile Thread running;

    private Scheduler(Builder b) {
        this.validation = b.validation;
        this.period = b.period;
        this.maxCycles = b.maxCycles;
        this.clock = b.clock;
        this.sleeper = b.sleeper != null
                ? b.sleeper
                : wake -> {
                    long millis = Duration.between(b.clock.instant(), wake).toMillis();
                    if (millis > 0) {
                        Thread.sleep(millis);
                    }
                };
        this.webhook = b.webhook;
        this.listener = b.listener;
    }

    /** A schedule running {@code validation} every {@code period}. */
    public static Builder builder(Supplier<RunOutcome> validation, Duration period) {
        return new Builder(validation, period);
    }

    /**
     * Parses a period: {@code 500ms}, {@code 2s}, {@code 15m}, {@code 24h}, {@code 7d}, or ISO-8601 ({@code PT15M}).
     *
     * @throws IllegalArgumentException naming the value and the forms accepted, or a period under one second
     */
    public static Duration parsePeriod(String text) {
        String t = Objects.requireNonNull(text, "period").strip().toLowerCase(Locale.ROOT);
        Duration d;
        Matcher m = SIMPLE.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "period must look like 30s, 15m, 24h, 7d or PT15M but was '" + text + "'");
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("period must be at least 1s but was '" + text + "'");
        }
        return d;
    }

    /** Runs cycles until the limit or {@link #stop()}. */
    public Summary run() {
        running = Thread.currentThread();
        Optional<Boolean> lastReady = Optional.empty();
        Optional<RunOutcome> last = Optional.empty();
        int done = 0;
        Instant next = clock.instant();
        try {
            while (!stopped && (maxCycles == 0 || done < maxCycles)) {
                if (done > 0) {
                    try {
                        sleeper.sleepUntil(next);
                    } catch (InterruptedException e) {
                        break;
                    }
                    if (stopped) {
                        break;
                    }
                }
                Instant start = clock.instant();
                next = start.plus(period);
                int cycle = done + 1;
                listener.cycleStarted(cycle, start);
                RunOutcome outcome;
                try {
                    outcome = validation.get();
                } catch (CancellationException e) {
                    break;
                } catch (RuntimeException e) {
                    if (stopped) {
                        break;
                    }
                    done = cycle;
                    LOG.warn("validation cycle {} could not run: {}", cycle, e.toString());
                    listener.cycleFailed(cycle, e);
                    continue;
                }
                done = cycle;
                last = Optional.of(outcome);
                boolean ready = outcome.report().productionReady();
                Optional<Boolean> before =
                        lastReady.isPresent() ? lastReady : outcome.previous().map(ReportSummary::productionReady);
                listener.cycleFinished(cycle, outcome);
                if (before.isPresent() && before.get() != ready) {
                    Alert alert = new Alert(cycle, outcome.report().startedAt(), ready, outcome);
                    listener.alert(alert);
                    webhook.ifPresent(hook -> listener.webhook(alert, hook.post(outcome.json(), alert.event())));
                }
                lastReady = Optional.of(ready);
            }
        } finally {
            running = null;
            Thread.interrupted(); // a stop() that raced with the end must not leak into the caller
        }
        return new Summary(done, last, stopped);
    }

    /** Stops the schedule: interrupts a sleep, or the running validation between two checks. */
    public void stop() {
        stopped = true;
        Thread t = running;
        if (t != null) {
            t.interrupt();
        }
    }

    /**
     * Settings of a schedule. Required: the validation and the period. Defaults: run until stopped, the system clock,
     * a sleeper that sleeps, no webhook, a listener that logs (alerts at WARN).
     */
    public static final class Builder {
        private final Supplier<RunOutcome> validation;
        private final Duration period;
        private int maxCycles;
        private InstantSource clock = InstantSource.system();
        private Sleeper sleeper;
        private Optional<Webhook> webhook = Optional.empty();
        private Listener listener = new Listener() {
            @Override
            public void cycleFinished(int cycle, RunOutcome outcome) {
                LOG.info("validation cycle {}: {}", cycle, outcome.report().verdict());
            }

            @Override
            public void alert(Alert alert) {
                LOG.warn(alert.line());
            }

            @Override
            public void webhook(Alert alert, Webhook.Delivery delivery) {
                LOG.info(delivery.line());
            }
        };

        private Builder(Supplier<RunOutcome> validation, Duration period) {
            this.validation = Objects.requireNonNull(validation, "validation");
            if (period == null || period.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("period must be at least 1 s but was " + period);
            }
            this.period = period;
        }

        /** Stop after {@code cycles} cycles; 0 runs until stopped. */
        public Builder cycles(int cycles) {
            if (cycles < 0) {
                throw new IllegalArgumentException("cycles must be >= 0 but was " + cycles);
            }
            this.maxCycles = cycles;
            return this;
        }

        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        public Builder webhook(Webhook webhook) {
            this.webhook = Optional.of(Objects.requireNonNull(webhook, "webhook"));
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Scheduler build() {
            return new Scheduler(this);
        }
    }
}
