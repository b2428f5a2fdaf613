package io.seedgrid.strategies.live;

import io.seedgrid.evolution.fitness.BatchReport;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.runs.DataSource;
import io.seedgrid.runs.RunManifest;
import io.seedgrid.runs.RunRecorder;
import io.seedgrid.runs.SavePlan;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyStage;
import io.seedgrid.strategies.NewStrategy;
import io.seedgrid.strategies.PromotionRefusedException;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.StrategyDefinition;
import io.seedgrid.strategies.StrategyRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Evolves a strategy name again on the newest stored bars with the settings that evolved it ({@link RunSettings}):
 * as many bars as its version was evolved on, ending at the newest, the run recorded in the store like any other (with
 * what it re-evolved and why). The best accepted result is registered as the name's next version (its parent the
 * newest version, its trigger recorded) and walks through TESTING and STAGING, their gates judging it, into SHADOW
 * beside the PRODUCTION version. Nothing accepted, a gate refusing or a failed run leave production as it was; a
 * failed run is recorded FAILED with its reason.
 *
 * @apiNote Safe to use from several threads; runs of one name are serialised.
 */
public final class Reevolution {
    private static final DateTimeFormatter RUN_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** What started a run. */
    public enum Trigger {
        /** The first evolution of a name (a replay starts its life with one). */
        INITIAL,
        /** The schedule ({@code --every}). */
        SCHEDULE,
        /** The PRODUCTION version's live returns drift from its backtest's (KS). */
        DRIFT,
        /** The PRODUCTION version's live Sharpe ratio fell below the bound over the last bars. */
        DECAY,
        /** Asked for by hand. */
        MANUAL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a run ended. */
    public enum Status {
        /** Its best accepted strategy is the name's new version, in SHADOW. */
        SHADOW,
        /** Its best accepted strategy was registered but a gate on the way refused it (it stays where it stopped). */
        REFUSED,
        /** The run completed and accepted nothing: no new version. */
        NOTHING_ACCEPTED,
        /** The run failed: no new version, the failure recorded. */
        FAILED
    }

    /**
     * One re-evolution.
     *
     * @param name      the strategy name
     * @param trigger   what started it
     * @param status    how it ended
     * @param runId     its run, when one was recorded
     * @param version   the version it registered, if any
     * @param parent    the version it succeeds (the newest when it started), if any
     * @param failovers jobs re-run elsewhere because a grid node left during the run
     * @param at        when it started
     * @param message   how it ended, in words
     */
    public record Outcome(
            String name,
            Trigger trigger,
            Status status,
            Optional<String> runId,
            Optional<RegisteredStrategy> version,
            Optional<String> parent,
            int failovers,
            Instant at,
            String message) {
        public Outcome {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(message, "message");
        }
    }

    private final Store store;
    private final StrategyRegistry registry;
    private final Clock clock;
    private final UnaryOperator<EvolutionRun.Builder> where;
    private final String actor;
    private final Map<String, Outcome> last = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * Re-evolutions of the strategies in {@code registry} (kept in {@code store}), stamped by {@code clock}; {@code where}
     * says where fitness runs (e.g. a grid's evaluators; identity: this machine's cores).
     */
    public Reevolution(
            Store store,
            StrategyRegistry registry,
            Clock clock,
            UnaryOperator<EvolutionRun.Builder> where,
            String actor) {
        this.store = Objects.requireNonNull(store, "store");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.where = Objects.requireNonNull(where, "where");
        this.actor = Objects.requireNonNull(actor, "actor");
    }

    /**
     * Re-evolves {@code name} with the settings that evolved its PRODUCTION version (else its newest), on the newest
     * stored bars of that version's symbol and timeframe.
     *
     * @throws IllegalArgumentException when no version of {@code name} is registered
     */
    public Outcome run(String name, Trigger trigger) {
        RegisteredStrategy base = registry.list().stream()
                .filter(s -> s.name().equals(name))
                .max(Comparator.comparing((RegisteredStrategy s) -> s.stage() == StrategyStage.PRODUCTION)
                        .thenComparing(RegisteredStrategy::version))
                .orElseThrow(() -> new IllegalArgumentException("no strategy named '" + name + "' to re-evolve"));
        return evolve(
                name,
                base.evolvedOn().symbol(),
                base.evolvedOn().timeframe(),
                base.evolvedOn().bars(),
                RunSettings.of(store.runs(), base),
                trigger);
    }

    /**
     * Evolves {@code name} for the first time on the newest {@code bars} stored bars of {@code symbol} (0: all) with
     * {@code settings}, the result walking into SHADOW as a re-evolution's does.
     */
    public Outcome first(
            String name, String symbol, Timeframe timeframe, int bars, UnaryOperator<EvolutionRun.Builder> settings) {
        NewStrategy.requireName(name);
        return evolve(name, symbol, timeframe, bars, settings, Trigger.INITIAL);
    }

    /** The last outcome of a run of {@code name} in this process. */
    public Optional<Outcome> last(String name) {
        return Optional.ofNullable(last.get(name));
    }

    /** Every name's last outcome in this process. */
    public List<Outcome> lastOutcomes() {
        return new ArrayList<>(last.values());
    }

    /** When a run last re-evolved {@code name}: the newest stored run that says so. */
    public Optional<Instant> lastAttempt(String name) {
        Instant newest = null;
        for (RunRecord r : store.runs().listRuns(500)) {
            if (RunSettings.reevolved(r).filter(name::equals).isPresent()
                    && (newest == null || r.createdAt().isAfter(newest))) {
                newest = r.createdAt();
            }
        }
        return Optional.ofNullable(newest);
    }

    private Outcome evolve(
            String name,
            String symbol,
            Timeframe timeframe,
            int count,
            UnaryOperator<EvolutionRun.Builder> settings,
            Trigger trigger) {
        synchronized (locks.computeIfAbsent(name, k -> new Object())) {
            Instant at = clock.instant();
            Optional<String> parent = registry.find(name).map(RegisteredStrategy::id);
            String runId = null;
            int[] failovers = {0};
            try {
                Bars stored = store.bars().readBars(symbol, timeframe);
                Bars bars = count > 0 && stored.size() > count
                        ? stored.slice(stored.size() - count, stored.size())
                        : stored;
                if (bars.size() < 2) {
                    throw new IllegalArgumentException(
                            "no stored " + timeframe + " bars of " + symbol + " to evolve " + name + " on");
                }
                EvolutionRun run =
                        where.apply(settings.apply(EvolutionRun.builder(bars))).build();
                runId = runId(name, at, trigger);
                RunManifest manifest = RunManifest.of(
                        RunManifest.Origin.LIFECYCLE,
                        run,
                        DataSource.stored(symbol, timeframe),
                        bars,
                        Optional.empty(),
                        SavePlan.reevolution(name, trigger.label(), parent));
                // created at this clock's time (the replayed bars' in a replay: when a name was last re-evolved is
                // replayed time); the lease keeps the wall clock, which other processes judge it by
                try (RunRecorder recorder =
                        RunRecorder.builder(store.runs()).createdAt(clock).create(runId, manifest, RunStatus.RUNNING)) {
                    RunResult result;
                    try {
                        result = run.run(
                                g -> failovers[0] +=
                                        g.batch().map(BatchReport::failovers).orElse(0),
                                recorder::generation);
                    } catch (RuntimeException e) {
                        recorder.failed(e);
                        throw e;
                    }
                    recorder.results(result.top());
                    Optional<RankedStrategy> best = result.bestAccepted();
                    Outcome outcome;
                    if (best.isEmpty()) {
                        recorder.completed(failoverNote(failovers[0]));
                        outcome = new Outcome(
                                name,
                                trigger,
                                Status.NOTHING_ACCEPTED,
                                Optional.of(runId),
                                Optional.empty(),
                                parent,
                                failovers[0],
                                at,
                                "run " + runId + " (" + trigger.label()
                                        + ") accepted nothing"
                                        + parent.map(p -> "; " + p + " stays as it was")
                                                .orElse(""));
                    } else {
                        RegisteredStrategy saved = registry.save(new NewStrategy(
                                name,
                                StrategyDefinition.of(
                                        best.get().strategy(), result.spec().settings()),
                                bars,
                                runId,
                                best.get().rank(),
                                actor,
                                result.top().size(),
                                trigger.label()));
                        recorder.completed(failoverNote(failovers[0]));
                        outcome = intoShadow(saved, trigger, runId, parent, failovers[0], at);
                    }
                    last.put(name, outcome);
                    return outcome;
                }
            } catch (RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                Outcome outcome = new Outcome(
                        name,
                        trigger,
                        Status.FAILED,
                        Optional.ofNullable(runId),
                        Optional.empty(),
                        parent,
                        failovers[0],
                        at,
                        "re-evolution of " + name + " (" + trigger.label() + ") failed: " + reason
                                + parent.map(p -> "; " + p + " stays as it was").orElse(""));
                last.put(name, outcome);
                return outcome;
            }
        }
    }

    /** Walks a new version through TESTING and STAGING (their gates judging it) into SHADOW. */
    private Outcome intoShadow(
            RegisteredStrategy saved,
            Trigger trigger,
            String runId,
            Optional<String> parent,
            int failovers,
            Instant at) {
        RegisteredStrategy s = saved;
        try {
            s = registry.promote(s.id(), actor);
            s = registry.promote(s.id(), actor);
            s = registry.shadow(s.id(), actor);
            return new Outcome(
                    s.name(),
                    trigger,
                    Status.SHADOW,
                    Optional.of(runId),
                    Optional.of(s),
                    parent,
                    failovers,
                    at,
                    s.id() + " from run " + runId + " (" + trigger.label() + ") is in SHADOW"
                            + parent.map(p -> ", after " + p).orElse(""));
        } catch (PromotionRefusedException e) {
            RegisteredStrategy stopped = registry.get(s.id());
            return new Outcome(
                    s.name(),
                    trigger,
                    Status.REFUSED,
                    Optional.of(runId),
                    Optional.of(stopped),
                    parent,
                    failovers,
                    at,
                    stopped.id() + " from run " + runId + " stays " + stopped.stage() + ": " + e.getMessage());
        }
    }

    private static String failoverNote(int failovers) {
        return failovers == 0 ? null : failovers + " job(s) failed over: a grid node was lost during the run";
    }

    /** {@code reevolve-NAME-yyyyMMdd-HHmmss-trigger}, with a counter when that id is taken. */
    private String runId(String name, Instant at, Trigger trigger) {
        String base = "reevolve-" + name + "-" + RUN_TIME.format(at) + "-" + trigger.label();
        String id = base;
        for (int k = 2; store.runs().findRun(id).isPresent(); k++) {
            id = base + "-" + k;
        }
        return id;
    }
}
