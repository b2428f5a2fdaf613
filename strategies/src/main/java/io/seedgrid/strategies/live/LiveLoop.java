package io.seedgrid.strategies.live;

import io.seedgrid.alerts.Alert;
import io.seedgrid.alerts.AlertRule;
import io.seedgrid.alerts.Alerts;
import io.seedgrid.alerts.Webhook;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyStage;
import io.seedgrid.strategies.CanaryReview;
import io.seedgrid.strategies.ConcurrentChangeException;
import io.seedgrid.strategies.DriftReport;
import io.seedgrid.strategies.GateResult;
import io.seedgrid.strategies.LifecycleException;
import io.seedgrid.strategies.LiveReturns;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.SignalService;
import io.seedgrid.strategies.SignalServices;
import io.seedgrid.strategies.SignalUpdate;
import io.seedgrid.strategies.StrategyRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * A strategy's life as one loop: after new bars are stored, {@link #tick()} computes the signals of every SHADOW,
 * CANARY and PRODUCTION version, then judges the gates (drift checks, each canary's step, shadows that may go to
 * CANARY), then starts re-evolutions that are due (schedule) or called for (drift or decay of a PRODUCTION version),
 * then judges the alert rules. {@link #ingest} stores bars first: the replay calls it bar by bar, the service calls
 * {@link #tick()} on a timer after bars were ingested elsewhere; both are this code.
 *
 * @apiNote Ticks are serialised. Every move is the registry's (compare-and-set appends), so several loops on one store
 *          never both step a canary; their alerts, kept in memory, would be told by each.
 */
public final class LiveLoop {
    private final Store store;
    private final StrategyRegistry registry;
    private final SignalService signals;
    private final Clock clock;
    private final LoopSettings settings;
    private final Optional<Reevolution> reevolution;
    private final Executor runs;
    private final Alerts alerts;
    private final Consumer<String> log;
    private final Map<String, Instant> decaySince = new ConcurrentHashMap<>();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private volatile List<RegisteredStrategy> snapshot = List.of();

    /**
     * What one tick did.
     *
     * @param at           when
     * @param signals      new signals stored, by strategy id
     * @param reviews      canary reviews that did something (stepped, promoted, held, rolled back)
     * @param shadowsMoved shadows promoted to CANARY by themselves
     * @param started      re-evolutions started (by name, with their trigger)
     * @param finished     re-evolutions that finished during the tick (those run in the tick's thread)
     * @param alerts       alert changes
     */
    public record Tick(
            Instant at,
            Map<String, Integer> signals,
            List<CanaryReview> reviews,
            List<String> shadowsMoved,
            Map<String, Reevolution.Trigger> started,
            List<Reevolution.Outcome> finished,
            List<Alert> alerts) {
        public Tick {
            signals = Map.copyOf(signals);
            reviews = List.copyOf(reviews);
            shadowsMoved = List.copyOf(shadowsMoved);
            started = Map.copyOf(started);
            finished = List.copyOf(finished);
            alerts = List.copyOf(alerts);
        }
    }

    private LiveLoop(Builder b) {
        this.store = b.store;
        this.registry = b.registry;
        this.signals = SignalServices.open(store, registry);
        this.clock = b.clock;
        this.settings = b.settings;
        this.reevolution = Optional.ofNullable(b.reevolution);
        this.runs = b.runs;
        this.log = b.log;
        Alerts.Builder alertBuilder = Alerts.builder(clock)
                .rules(LoopAlerts.rules(store, registry, () -> snapshot, settings, reevolution))
                .rules(b.extraRules)
                .listener(b.alertListener)
                .baseUrl(b.baseUrl);
        b.webhook.ifPresent(alertBuilder::webhook);
        this.alerts = alertBuilder.build();
    }

    /** A loop on {@code registry} (kept in {@code store}), stamping its entries by {@code clock}. */
    public static Builder builder(Store store, StrategyRegistry registry, Clock clock) {
        return new Builder(store, registry, clock);
    }

    public Alerts alerts() {
        return alerts;
    }

    public StrategyRegistry registry() {
        return registry;
    }

    public Optional<Reevolution> reevolution() {
        return reevolution;
    }

    public LoopSettings settings() {
        return settings;
    }

    /** Stores {@code bars} (new ones, as a live feed brings them), then ticks. */
    public Tick ingest(Bars bars) {
        store.bars().writeBars(bars);
        return tick();
    }

    /** Signals, then gates, then re-evolutions, then alerts. */
    public synchronized Tick tick() {
        Instant now = clock.instant();
        List<RegisteredStrategy> tracked = tracked(registry.list());
        // signals of every bar not yet signalled
        Map<String, Integer> stored = new LinkedHashMap<>();
        for (RegisteredStrategy s : tracked) {
            SignalUpdate u = signals.update(s, null);
            if (u.stored() > 0) {
                stored.put(s.id(), u.stored());
            }
        }
        // gates: drift verdicts of PRODUCTION versions, each canary's step (its drift verdict included), shadows
        List<CanaryReview> reviews = new ArrayList<>();
        boolean moved = false;
        for (RegisteredStrategy s : tracked) {
            if (s.stage() == StrategyStage.PRODUCTION) {
                registry.checkDrift(s.id(), settings.actor());
            } else if (s.stage() == StrategyStage.CANARY) {
                CanaryReview r = registry.reviewCanary(s.id(), settings.actor());
                if (r.recorded()) { // a hold is told once, when it begins
                    reviews.add(r);
                    log.accept(r.message());
                    moved = true;
                }
            }
        }
        List<RegisteredStrategy> now_ =
                moved || settings.promoteShadows() || reevolution.isPresent() ? tracked(registry.list()) : tracked;
        List<String> shadowsMoved = new ArrayList<>();
        if (settings.promoteShadows()) {
            Set<String> withCanary = new HashSet<>();
            now_.stream().filter(s -> s.stage() == StrategyStage.CANARY).forEach(s -> withCanary.add(s.name()));
            for (RegisteredStrategy s : now_) {
                if (s.stage() != StrategyStage.SHADOW
                        || withCanary.contains(s.name())
                        || !registry.preview(s.id()).stream().allMatch(GateResult::passed)) {
                    continue;
                }
                try {
                    RegisteredStrategy c = registry.promote(s.id(), settings.actor());
                    shadowsMoved.add(c.id());
                    withCanary.add(c.name());
                    log.accept(c.id() + " passed its shadow gates: CANARY at " + Math.round(c.share() * 100) + "%");
                } catch (LifecycleException | ConcurrentChangeException lost) {
                    // another writer moved the name meanwhile: judged again on the next tick
                }
            }
            if (!shadowsMoved.isEmpty()) {
                now_ = tracked(registry.list());
            }
        }
        // re-evolutions: due by the schedule, or called for by drift or decay
        Map<String, Reevolution.Trigger> started = new LinkedHashMap<>();
        List<Reevolution.Outcome> finished = Collections.synchronizedList(new ArrayList<>());
        if (reevolution.isPresent()) {
            for (RegisteredStrategy s : now_) {
                if (s.stage() != StrategyStage.PRODUCTION) {
                    continue;
                }
                Optional<Reevolution.Trigger> trigger = trigger(s, now_, now);
                if (trigger.isPresent() && running.putIfAbsent(s.name(), Boolean.TRUE) == null) {
                    started.put(s.name(), trigger.get());
                    log.accept("re-evolving " + s.name() + " (" + trigger.get().label() + ")");
                    runs.execute(() -> {
                        try {
                            Reevolution.Outcome o = reevolution.get().run(s.name(), trigger.get());
                            finished.add(o);
                            log.accept(o.message());
                        } finally {
                            running.remove(s.name());
                        }
                    });
                }
            }
        }
        snapshot = registry.list();
        List<Alert> changes = alerts.evaluate();
        return new Tick(now, stored, reviews, shadowsMoved, started, new ArrayList<>(finished), changes);
    }

    private List<RegisteredStrategy> tracked(List<RegisteredStrategy> all) {
        return all.stream()
                .filter(RegisteredStrategy::tracked)
                .filter(s -> settings.covers(s.name()))
                .toList();
    }

    /** Why {@code production} should be re-evolved now, if it should. */
    private Optional<Reevolution.Trigger> trigger(
            RegisteredStrategy production, List<RegisteredStrategy> tracked, Instant now) {
        String name = production.name();
        boolean candidate = tracked.stream()
                .anyMatch(o -> o.name().equals(name)
                        && (o.stage() == StrategyStage.SHADOW || o.stage() == StrategyStage.CANARY));
        if (candidate) {
            return Optional.empty(); // a newer version is being judged already
        }
        Optional<Instant> lastAttempt = reevolution.get().lastAttempt(name);
        if (settings.reevolveEvery().isPresent()) {
            Instant reference = lastAttempt.orElse(production.createdAt());
            if (!now.isBefore(reference.plus(settings.reevolveEvery().get()))) {
                return Optional.of(Reevolution.Trigger.SCHEDULE);
            }
        }
        if (!settings.reevolveOnDecay()) {
            return Optional.empty();
        }
        if (production.drifting()) {
            Instant since = production.drift().map(DriftReport::at).orElse(now);
            if (lastAttempt.isEmpty() || lastAttempt.get().isBefore(since)) {
                return Optional.of(Reevolution.Trigger.DRIFT);
            }
            return Optional.empty();
        }
        if (settings.decaySharpe().isPresent() && decayed(production)) {
            Instant since = decaySince.computeIfAbsent(name, k -> now);
            if (lastAttempt.isEmpty() || lastAttempt.get().isBefore(since)) {
                return Optional.of(Reevolution.Trigger.DECAY);
            }
        } else {
            decaySince.remove(name);
        }
        return Optional.empty();
    }

    /** A live Sharpe ratio below the bound over the last {@code decayWindow} bars in PRODUCTION. */
    private boolean decayed(RegisteredStrategy s) {
        LiveReturns live = LiveReturns.of(store, s).after(s.stageSince());
        if (live.size() < settings.decayWindow()) {
            return false;
        }
        double[] r = live.returns();
        double[] recent = Arrays.copyOfRange(r, r.length - settings.decayWindow(), r.length);
        double perYear = s.evolvedOn().bars() > 1
                ? (s.evolvedOn().bars() - 1)
                        / Math.max(
                                1e-9,
                                (s.evolvedOn().lastBar().toEpochMilli()
                                                - s.evolvedOn().firstBar().toEpochMilli())
                                        / (365.25 * 24 * 3600 * 1000.0))
                : 1;
        return Metrics.ofReturns(recent, 0, 0, 0, perYear).sharpe()
                < settings.decaySharpe().getAsDouble();
    }

    /**
     * Settings of a loop. Required: the store, the registry and the clock. Defaults: {@link LoopSettings#DEFAULT}, no
     * re-evolution, re-evolutions run in the ticking thread, no webhook, alerts logged, log lines to SLF4J.
     */
    public static final class Builder {
        private final Store store;
        private final StrategyRegistry registry;
        private final Clock clock;
        private LoopSettings settings = LoopSettings.DEFAULT;
        private Reevolution reevolution;
        private Executor runs = Runnable::run;
        private final List<AlertRule> extraRules = new ArrayList<>();
        private Optional<Webhook> webhook = Optional.empty();
        private String baseUrl;
        private Alerts.Listener alertListener = Alerts.LOGGING;
        private Consumer<String> log =
                line -> LoggerFactory.getLogger(LiveLoop.class).info(line);

        private Builder(Store store, StrategyRegistry registry, Clock clock) {
            this.store = Objects.requireNonNull(store, "store");
            this.registry = Objects.requireNonNull(registry, "registry");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        public Builder settings(LoopSettings value) {
            settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** Re-evolutions the loop may start (none: it starts none). */
        public Builder reevolution(Reevolution value) {
            reevolution = value;
            return this;
        }

        /** Where re-evolutions run: the ticking thread by default (a replay); an executor of its own in a service. */
        public Builder runs(Executor value) {
            runs = Objects.requireNonNull(value, "runs");
            return this;
        }

        /** More alert rules judged with the loop's (e.g. the service's HTTP ones). */
        public Builder rule(AlertRule value) {
            extraRules.add(Objects.requireNonNull(value, "rule"));
            return this;
        }

        public Builder webhook(Webhook value) {
            webhook = Optional.of(Objects.requireNonNull(value, "webhook"));
            return this;
        }

        /** The base of the evidence links in webhook bodies, e.g. the service's URL. */
        public Builder baseUrl(String value) {
            baseUrl = value;
            return this;
        }

        public Builder alertListener(Alerts.Listener value) {
            alertListener = Objects.requireNonNull(value, "alertListener");
            return this;
        }

        /** Where the loop's lines go (steps, rollbacks, re-evolutions). */
        public Builder log(Consumer<String> value) {
            log = Objects.requireNonNull(value, "log");
            return this;
        }

        public LiveLoop build() {
            return new LiveLoop(this);
        }
    }
}
