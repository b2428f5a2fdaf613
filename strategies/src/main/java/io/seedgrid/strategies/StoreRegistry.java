package io.seedgrid.strategies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedgrid.evolution.acceptance.AcceptanceCriteria;
import io.seedgrid.evolution.acceptance.Evidence;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestResult;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gating.DataSufficiency;
import io.seedgrid.seeds.gating.GateDecision;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyEventRecord;
import io.seedgrid.storage.StrategyEventRecord.Kind;
import io.seedgrid.storage.StrategyStage;
import io.seedgrid.storage.StrategyVersionRecord;
import io.seedgrid.strategies.stats.TestResult;
import io.seedgrid.strategies.stats.Tests;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The registry on a {@link Store}: versions are immutable records, the lifecycle is each version's append-only log.
 * Decisions are made on what was read and written with a compare-and-set on the log's length, so two writers (two
 * processes on a shared directory or a database) never both act on the same stage; within this process, moves of
 * one name are also serialised.
 */
final class StoreRegistry implements StrategyRegistry {
    private static final int SAVE_ATTEMPTS = 5;
    private static final int NOTE_ATTEMPTS = 3;

    private final Store store;
    private final Clock clock;
    private final GateConfig gates;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    StoreRegistry(Store store, Clock clock, GateConfig gates) {
        this.store = store;
        this.clock = clock;
        this.gates = gates;
    }

    @Override
    public GateConfig gates() {
        return gates;
    }

    // ---------------------------------------------------------------- saving

    @Override
    public RegisteredStrategy save(NewStrategy s) {
        StrategyDefinition def = s.definition();
        Bars bars = s.bars();
        Evidence evidence =
                Evidence.of(def.strategy(), def.settings(), SeedContext.of(bars), Evidence.DEFAULT_COST_FACTOR);
        BacktestResult result = evidence.result();
        int from = Math.min(bars.size(), Math.max(result.splitIndex(), evidence.measuredFrom()));
        String definitionJson = Codec.write(Codec.definition(def));
        String dataJson = Codec.write(Codec.evolvedOn(EvolvedOn.of(bars, result.splitIndex())));
        String inSample = Codec.write(Codec.metrics(result.inSample()));
        String outSample = Codec.write(Codec.metrics(result.outOfSample()));
        String baseline = Codec.write(
                Codec.baseline(evidence.outOfSampleReturns(), from, OutOfSampleEvidence.of(evidence, s.judged())));
        return locked(s.name(), () -> {
            for (int attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
                Optional<StrategyVersionRecord> newest =
                        versions(s.name()).stream().max(Comparator.comparing(r -> SemVer.parse(r.version())));
                SemVer version = newest.map(n -> bump(n, def)).orElse(SemVer.FIRST);
                String id = s.name() + "@" + version;
                Instant now = clock.instant();
                StrategyVersionRecord record = new StrategyVersionRecord(
                        id,
                        s.name(),
                        version.toString(),
                        now,
                        s.runId(),
                        s.rank(),
                        newest.map(StrategyVersionRecord::id).orElse(null),
                        bars.symbol(),
                        bars.timeframe(),
                        definitionJson,
                        dataJson,
                        inSample,
                        outSample,
                        baseline);
                String message =
                        (s.runId() != null ? "saved from run " + s.runId() + " (rank " + s.rank() + ")" : "saved")
                                + newest.map(n -> ", after " + n.version()).orElse("")
                                + (s.trigger() != null ? "; re-evolved (trigger: " + s.trigger() + ")" : "");
                String details = null;
                if (s.trigger() != null) {
                    ObjectNode lineage = Codec.JSON.createObjectNode();
                    lineage.put("trigger", s.trigger());
                    newest.ifPresent(n -> lineage.put("parent", n.id()));
                    details = Codec.write(lineage);
                }
                StrategyEventRecord created = new StrategyEventRecord(
                        id, 1, now, Kind.CREATED, StrategyStage.DRAFT, s.actor(), message, details);
                if (store.strategies().createStrategy(record, created)) {
                    return view(record, List.of(created), 0);
                }
            }
            throw new ConcurrentChangeException("could not register a new version of " + s.name()
                    + ": other writers took " + SAVE_ATTEMPTS + " versions meanwhile; try again");
        });
    }

    /** The next version after {@code newest} for {@code def} (see {@link StrategyRegistry}). */
    private static SemVer bump(StrategyVersionRecord newest, StrategyDefinition def) {
        SemVer v = SemVer.parse(newest.version());
        StrategyDefinition previous = Codec.definition(Codec.tree("definition", newest.definitionJson()));
        if (!new HashSet<>(previous.seedNames()).equals(new HashSet<>(def.seedNames()))) {
            return v.nextMajor();
        }
        return previous.equals(def) ? v.nextPatch() : v.nextMinor();
    }

    private List<StrategyVersionRecord> versions(String name) {
        return store.strategies().listStrategies().stream()
                .filter(r -> r.name().equals(name))
                .filter(r -> parses(r.version()))
                .toList();
    }

    private static boolean parses(String version) {
        try {
            SemVer.parse(version);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public RegisteredStrategy saveFromRun(String runId, int rank, String name, String actor) {
        RunStrategy found = RunStrategy.of(store, runId, rank);
        RunRecord run = found.run();
        String strategyName = name != null ? name : NewStrategy.defaultName(run.symbol(), run.timeframe());
        return save(
                new NewStrategy(strategyName, found.definition(), found.bars(), runId, rank, actor, found.results()));
    }

    // ---------------------------------------------------------------- reading

    @Override
    public Optional<RegisteredStrategy> find(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw new IllegalArgumentException("a strategy id or name is needed but was '" + idOrName + "'");
        }
        return record(idOrName).map(this::view);
    }

    /** The version as it stands now: its log, and its share when it carries capital. */
    private RegisteredStrategy view(StrategyVersionRecord r) {
        List<StrategyEventRecord> log = store.strategies().strategyEvents(r.id());
        StrategyStage stage =
                log.isEmpty() ? StrategyStage.DRAFT : log.get(log.size() - 1).stage();
        double share = stage == StrategyStage.CANARY || stage == StrategyStage.PRODUCTION
                ? allocation(r.name()).share(r.id())
                : 0;
        return view(r, log, share);
    }

    private Optional<StrategyVersionRecord> record(String idOrName) {
        if (idOrName.length() > 200 || idOrName.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        Optional<StrategyVersionRecord> byId = store.strategies().findStrategy(idOrName);
        if (byId.isPresent() || idOrName.contains("@")) {
            return byId;
        }
        return versions(idOrName).stream().max(Comparator.comparing(r -> SemVer.parse(r.version())));
    }

    private StrategyVersionRecord requireRecord(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw new IllegalArgumentException("a strategy id or name is needed but was '" + idOrName + "'");
        }
        return record(idOrName)
                .orElseThrow(() -> new UnknownStrategyException("no strategy with id or name '" + idOrName + "'"));
    }

    @Override
    public RegisteredStrategy get(String idOrName) {
        return view(requireRecord(idOrName));
    }

    @Override
    public List<RegisteredStrategy> list() {
        List<StrategyVersionRecord> records = store.strategies().listStrategies();
        Map<String, List<StrategyEventRecord>> logs = new HashMap<>();
        for (StrategyEventRecord e : store.strategies().allStrategyEvents()) {
            logs.computeIfAbsent(e.strategyId(), k -> new ArrayList<>()).add(e);
        }
        for (StrategyVersionRecord r : records) { // absent: registered after the logs were read
            logs.computeIfAbsent(r.id(), id -> store.strategies().strategyEvents(id));
        }
        Map<String, Map<String, List<StrategyEventRecord>>> byName = new HashMap<>();
        for (StrategyVersionRecord r : records) {
            byName.computeIfAbsent(r.name(), k -> new HashMap<>()).put(r.id(), logs.get(r.id()));
        }
        Map<String, Allocation> now = new HashMap<>();
        byName.forEach(
                (name, nameLogs) -> now.put(name, Shares.at(name, Shares.history(name, nameLogs), clock.instant())));
        List<RegisteredStrategy> out = new ArrayList<>(records.size());
        for (StrategyVersionRecord r : records) {
            out.add(view(r, logs.get(r.id()), now.get(r.name()).share(r.id())));
        }
        return out;
    }

    @Override
    public List<StrategyEventRecord> history(String idOrName) {
        return store.strategies().strategyEvents(requireRecord(idOrName).id());
    }

    private RegisteredStrategy view(StrategyVersionRecord r, List<StrategyEventRecord> log, double share) {
        if (log.isEmpty()) {
            throw new RegistryException("strategy " + r.id() + " has no log entries; its store is damaged");
        }
        StrategyEventRecord last = log.get(log.size() - 1);
        Instant since = log.get(0).at();
        Optional<DriftReport> drift = Optional.empty();
        for (StrategyEventRecord e : log) {
            if (changesStage(e)) {
                since = e.at();
            }
            if (e.kind() == Kind.DRIFT && e.detailsJson() != null) {
                drift = Optional.of(Codec.drift(
                        r.id(), Codec.tree("drift details", e.detailsJson()).path("drift")));
            }
        }
        return new RegisteredStrategy(
                r.id(),
                r.name(),
                SemVer.parse(r.version()),
                r.createdAt(),
                Optional.ofNullable(r.runId()),
                r.rank(),
                Optional.ofNullable(r.parentId()),
                definition(r),
                Codec.evolvedOn(Codec.tree("data", r.dataJson())),
                Codec.metrics(Codec.tree("in-sample metrics", r.inSampleJson())),
                Codec.metrics(Codec.tree("out-of-sample metrics", r.outOfSampleJson())),
                last.stage(),
                since,
                drift,
                Codec.evidence(Codec.tree("baseline", r.baselineJson())),
                trigger(log.get(0)),
                Math.min(1, Math.max(0, share)));
    }

    /** Why a re-evolution made the version, from its creation entry. */
    private static Optional<String> trigger(StrategyEventRecord created) {
        if (created.detailsJson() == null) {
            return Optional.empty();
        }
        JsonNode t = Codec.tree("creation details", created.detailsJson()).path("trigger");
        return t.isTextual() ? Optional.of(t.asText()) : Optional.empty();
    }

    private static boolean changesStage(StrategyEventRecord e) {
        return e.kind() != Kind.REFUSED && e.kind() != Kind.DRIFT && e.kind() != Kind.STEPPED && e.kind() != Kind.HELD;
    }

    private static StrategyDefinition definition(StrategyVersionRecord r) {
        return Codec.definition(Codec.tree("definition", r.definitionJson()));
    }

    // ---------------------------------------------------------------- lifecycle

    static Optional<StrategyStage> next(StrategyStage stage) {
        return switch (stage) {
            case DRAFT -> Optional.of(StrategyStage.TESTING);
            case TESTING -> Optional.of(StrategyStage.STAGING);
            case STAGING, SHADOW -> Optional.of(StrategyStage.CANARY);
            case CANARY -> Optional.of(StrategyStage.PRODUCTION);
            case PRODUCTION, ARCHIVED -> Optional.empty();
        };
    }

    /** Gates whose failure rolls a canary back at once; the others hold its step. */
    static final Set<String> HARD_GATES = Set.of("canary_drawdown", "drift");

    @Override
    public List<GateResult> preview(String idOrName) {
        StrategyVersionRecord r = requireRecord(idOrName);
        List<StrategyEventRecord> log = store.strategies().strategyEvents(r.id());
        StrategyStage stage = log.get(log.size() - 1).stage();
        if (stage == StrategyStage.CANARY) {
            return canaryGates(r, log);
        }
        return next(stage).map(target -> evaluate(stage, target, r, log)).orElse(List.of());
    }

    @Override
    public RegisteredStrategy shadow(String idOrName, String actor) {
        StrategyVersionRecord r = requireRecord(idOrName);
        return locked(r.name(), () -> {
            List<StrategyEventRecord> log = store.strategies().strategyEvents(r.id());
            StrategyStage stage = log.get(log.size() - 1).stage();
            if (stage != StrategyStage.STAGING) {
                throw new LifecycleException(r.id() + " is " + stage + ": only a STAGING version goes into SHADOW"
                        + " (promote it through TESTING and STAGING first)");
            }
            ObjectNode details = Codec.JSON.createObjectNode();
            details.put("from", stage.name());
            details.put("to", StrategyStage.SHADOW.name());
            Optional<StrategyVersionRecord> production = production(r.name());
            production.ifPresent(p -> details.put("beside", p.id()));
            appendAt(
                    log.size() + 1,
                    r.id(),
                    Kind.PROMOTED,
                    StrategyStage.SHADOW,
                    actor,
                    "STAGING -> SHADOW"
                            + production
                                    .map(p -> ", beside " + p.id())
                                    .orElse(", no PRODUCTION version to compare with yet"),
                    details);
            return get(r.id());
        });
    }

    @Override
    public RegisteredStrategy promote(String idOrName, String actor) {
        StrategyVersionRecord r = requireRecord(idOrName);
        return locked(r.name(), () -> {
            List<StrategyEventRecord> log = store.strategies().strategyEvents(r.id());
            StrategyStage stage = log.get(log.size() - 1).stage();
            if (stage == StrategyStage.ARCHIVED) {
                throw new LifecycleException(r.id() + " is ARCHIVED: archived versions are not promoted again (roll"
                        + " back to restore a former PRODUCTION version, or save a new version)");
            }
            StrategyStage target = next(stage)
                    .orElseThrow(() -> new LifecycleException(r.id() + " is already in PRODUCTION, the last stage"));
            int seq = log.size() + 1;
            if (stage == StrategyStage.CANARY) {
                List<GateResult> results = canaryGates(r, log);
                double share = Shares.canaryShare(log);
                if (results.stream().anyMatch(g -> !g.passed())) {
                    OptionalDouble to = gates.stepAfter(share);
                    PromotionRefusedException refused = new PromotionRefusedException(
                            r.id(),
                            stage,
                            to.isPresent() ? StrategyStage.CANARY : StrategyStage.PRODUCTION,
                            results,
                            "CANARY " + percent(share) + " -> "
                                    + (to.isPresent() ? percent(to.getAsDouble()) : "PRODUCTION"));
                    ObjectNode details = Codec.JSON.createObjectNode();
                    details.put("from", stage.name());
                    details.put("to", refused.to().name());
                    details.put("share", share);
                    details.set("gates", Codec.gates(results));
                    appendAt(seq, r.id(), Kind.REFUSED, stage, actor, refused.getMessage(), details);
                    throw refused;
                }
                return advance(r, seq, share, results, actor);
            }
            if (target == StrategyStage.CANARY) {
                otherCanary(r).ifPresent(c -> {
                    throw new LifecycleException(c.id() + " of " + r.name() + " is in CANARY: one canary per name at a"
                            + " time (it carries part of the name's capital); wait for it, or archive it");
                });
            }
            List<GateResult> results = evaluate(stage, target, r, log);
            if (results.stream().anyMatch(g -> !g.passed())) {
                PromotionRefusedException refused = new PromotionRefusedException(r.id(), stage, target, results);
                ObjectNode details = Codec.JSON.createObjectNode();
                details.put("from", stage.name());
                details.put("to", target.name());
                details.set("gates", Codec.gates(results));
                appendAt(seq, r.id(), Kind.REFUSED, stage, actor, refused.getMessage(), details);
                throw refused;
            }
            ObjectNode details = Codec.JSON.createObjectNode();
            details.put("from", stage.name());
            details.put("to", target.name());
            details.set("gates", Codec.gates(results));
            String message = stage + " -> " + target;
            if (target == StrategyStage.CANARY) {
                double first = gates.canarySteps().get(0);
                details.put("share", first);
                message += " at " + percent(first) + " of " + r.name() + "'s capital"
                        + production(r.name())
                                .map(p -> " (" + p.id() + " holds the rest)")
                                .orElse("");
            }
            appendAt(seq, r.id(), Kind.PROMOTED, target, actor, message, details);
            return get(r.id());
        });
    }

    /** The canary's next step (gates passed): the next share, or PRODUCTION after the last, retiring the previous one. */
    private RegisteredStrategy advance(
            StrategyVersionRecord r, int seq, double share, List<GateResult> results, String actor) {
        OptionalDouble next = gates.stepAfter(share);
        ObjectNode details = Codec.JSON.createObjectNode();
        details.put("from", StrategyStage.CANARY.name());
        details.put("from_share", share);
        details.set("gates", Codec.gates(results));
        if (next.isPresent()) {
            details.put("to", StrategyStage.CANARY.name());
            details.put("share", next.getAsDouble());
            appendAt(
                    seq,
                    r.id(),
                    Kind.STEPPED,
                    StrategyStage.CANARY,
                    actor,
                    "CANARY " + percent(share) + " -> " + percent(next.getAsDouble()) + " of " + r.name()
                            + "'s capital",
                    details);
            return get(r.id());
        }
        Optional<StrategyVersionRecord> previous = production(r.name()).filter(p -> !p.id().equals(r.id()));
        details.put("to", StrategyStage.PRODUCTION.name());
        details.put("share", 1.0);
        previous.ifPresent(p -> details.put("supersedes", p.id()));
        appendAt(
                seq,
                r.id(),
                Kind.PROMOTED,
                StrategyStage.PRODUCTION,
                actor,
                "CANARY " + percent(share) + " -> PRODUCTION"
                        + previous.map(p -> ", replacing " + p.id()).orElse(""),
                details);
        previous.ifPresent(p -> appendNext(
                p.id(),
                Kind.RETIRED,
                StrategyStage.ARCHIVED,
                actor,
                "superseded by " + r.id() + " in PRODUCTION",
                null));
        return get(r.id());
    }

    @Override
    public CanaryReview reviewCanary(String idOrName, String actor) {
        StrategyVersionRecord r = requireRecord(idOrName);
        return locked(r.name(), () -> {
            List<StrategyEventRecord> log = store.strategies().strategyEvents(r.id());
            StrategyStage stage = log.get(log.size() - 1).stage();
            if (stage != StrategyStage.CANARY) {
                return new CanaryReview(
                        r.id(),
                        CanaryReview.Outcome.NOT_CANARY,
                        0,
                        0,
                        List.of(),
                        false,
                        r.id() + " is " + stage + ", not CANARY");
            }
            double share = Shares.canaryShare(log);
            CanaryEvidence evidence = canaryEvidence(r, log);
            CanaryReview review = decide(r, log, share, evidence.gates(), actor);
            // the drift verdict judged here is the one a drift check would record: recorded too, after the decision,
            // in the stage the decision left (CANARY, PRODUCTION or ARCHIVED)
            List<StrategyEventRecord> after = store.strategies().strategyEvents(r.id());
            recordDrift(r, after, after.get(after.size() - 1).stage(), evidence.drift(), actor);
            return review;
        });
    }

    private CanaryReview decide(
            StrategyVersionRecord r,
            List<StrategyEventRecord> log,
            double share,
            List<GateResult> results,
            String actor) {
        int seq = log.size() + 1;
        List<GateResult> hard = results.stream()
                .filter(g -> !g.passed() && HARD_GATES.contains(g.gate()))
                .toList();
        if (!hard.isEmpty()) {
            Optional<StrategyVersionRecord> production = production(r.name());
            String why = hard.stream().map(g -> g.gate() + " - " + g.detail()).collect(Collectors.joining("; "));
            ObjectNode details = Codec.JSON.createObjectNode();
            details.put("automatic", true);
            details.put("share", share);
            details.put("cause", hard.get(0).gate());
            production.ifPresent(p -> details.put("production", p.id()));
            details.set("gates", Codec.gates(results));
            String message = "rolled back automatically at " + percent(share) + ": " + why
                    + production
                            .map(p -> "; " + p.id() + " holds all of " + r.name() + "'s capital again")
                            .orElse("");
            appendAt(seq, r.id(), Kind.ROLLED_BACK, StrategyStage.ARCHIVED, actor, message, details);
            return new CanaryReview(r.id(), CanaryReview.Outcome.ROLLED_BACK, share, 0, results, true, message);
        }
        GateResult period = results.stream()
                .filter(g -> g.gate().equals("canary_period"))
                .findFirst()
                .orElseThrow();
        if (!period.passed()) {
            return new CanaryReview(
                    r.id(), CanaryReview.Outcome.WAITING, share, share, results, false, period.detail());
        }
        List<GateResult> soft = results.stream().filter(g -> !g.passed()).toList();
        if (!soft.isEmpty()) {
            String why = soft.stream().map(g -> g.gate() + " - " + g.detail()).collect(Collectors.joining("; "));
            String message = "step held at " + percent(share) + ": " + why;
            Instant stepStart = Shares.stepSince(log);
            boolean told = log.stream().anyMatch(e -> e.kind() == Kind.HELD && !e.at().isBefore(stepStart));
            if (!told) { // once per step: the hold stands until the step passes or the canary goes
                ObjectNode details = Codec.JSON.createObjectNode();
                details.put("share", share);
                details.put("cause", soft.get(0).gate());
                details.set("gates", Codec.gates(results));
                appendAt(seq, r.id(), Kind.HELD, StrategyStage.CANARY, actor, message, details);
            }
            return new CanaryReview(r.id(), CanaryReview.Outcome.HELD, share, share, results, !told, message);
        }
        RegisteredStrategy after = advance(r, seq, share, results, actor);
        boolean production = after.stage() == StrategyStage.PRODUCTION;
        return new CanaryReview(
                r.id(),
                production ? CanaryReview.Outcome.PROMOTED : CanaryReview.Outcome.STEPPED,
                share,
                production ? 1 : after.share(),
                results,
                true,
                production
                        ? r.id() + " passed its " + percent(share) + " step: in PRODUCTION"
                        : r.id() + " passed its " + percent(share) + " step: it carries " + percent(after.share())
                                + " of " + r.name() + "'s capital");
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    /** Another version of the name in CANARY, if any. */
    private Optional<StrategyVersionRecord> otherCanary(StrategyVersionRecord r) {
        Map<String, List<StrategyEventRecord>> logs = logsOf(r.name());
        for (StrategyVersionRecord v : versions(r.name())) {
            if (v.id().equals(r.id())) {
                continue;
            }
            List<StrategyEventRecord> log = logs.getOrDefault(v.id(), List.of());
            if (!log.isEmpty() && log.get(log.size() - 1).stage() == StrategyStage.CANARY) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- shares and comparisons

    @Override
    public Allocation allocation(String name) {
        return Shares.at(name, allocations(name), clock.instant());
    }

    @Override
    public List<Allocation> allocations(String name) {
        return Shares.history(name, logsOf(name));
    }

    @Override
    public Comparison compare(String a, String b) {
        StrategyVersionRecord ra = requireRecord(a);
        StrategyVersionRecord rb = requireRecord(b);
        return Comparisons.compare(
                store,
                ra,
                definition(ra),
                liveFrom(store.strategies().strategyEvents(ra.id())),
                rb,
                definition(rb),
                liveFrom(store.strategies().strategyEvents(rb.id())));
    }

    @Override
    public LiveReturns liveReturns(String idOrName) {
        StrategyVersionRecord r = requireRecord(idOrName);
        Optional<Instant> from = liveFrom(store.strategies().strategyEvents(r.id()));
        return from.map(f -> LiveReturns.since(store, r, definition(r), f))
                .orElseGet(() -> new LiveReturns(new long[0], new double[0]));
    }

    /** When a version first went live, SHADOW included (empty when it never did: then it has no live bars). */
    static Optional<Instant> liveFrom(List<StrategyEventRecord> log) {
        for (StrategyEventRecord e : log) {
            if (e.kind() == Kind.PROMOTED
                    && (e.stage() == StrategyStage.SHADOW
                            || e.stage() == StrategyStage.CANARY
                            || e.stage() == StrategyStage.PRODUCTION)) {
                return Optional.of(e.at());
            }
        }
        return Optional.empty();
    }

    @Override
    public RegisteredStrategy rollback(String nameOrId, String actor) {
        String name = requireRecord(nameOrId).name();
        return locked(name, () -> {
            StrategyVersionRecord current = production(name)
                    .orElseThrow(() -> new LifecycleException(
                            "no version of " + name + " is in PRODUCTION: nothing to roll back"));
            List<StrategyEventRecord> log = store.strategies().strategyEvents(current.id());
            String previousId = null;
            for (StrategyEventRecord e : log) {
                if (e.kind() == Kind.PROMOTED && e.stage() == StrategyStage.PRODUCTION) {
                    JsonNode d = e.detailsJson() == null ? null : Codec.tree("details", e.detailsJson());
                    previousId = d != null && d.hasNonNull("supersedes")
                            ? d.get("supersedes").asText()
                            : null;
                }
            }
            if (previousId == null) {
                throw new LifecycleException(current.id() + " is the first PRODUCTION version of " + name
                        + ": there is no previous one to roll back to");
            }
            StrategyVersionRecord previous = store.strategies()
                    .findStrategy(previousId)
                    .orElseThrow(() ->
                            new RegistryException(current.id() + " replaced a version that is no longer registered"));
            ObjectNode out = Codec.JSON.createObjectNode();
            out.put("restored", previous.id());
            appendAt(
                    log.size() + 1,
                    current.id(),
                    Kind.ROLLED_BACK,
                    StrategyStage.ARCHIVED,
                    actor,
                    "rolled back: " + previous.id() + " is in PRODUCTION again",
                    out);
            ObjectNode in = Codec.JSON.createObjectNode();
            in.put("replaces", current.id());
            appendNext(
                    previous.id(),
                    Kind.RESTORED,
                    StrategyStage.PRODUCTION,
                    actor,
                    "restored to PRODUCTION by the rollback of " + current.id(),
                    in);
            return get(previous.id());
        });
    }

    @Override
    public RegisteredStrategy archive(String idOrName, String actor) {
        StrategyVersionRecord r = requireRecord(idOrName);
        return locked(r.name(), () -> {
            List<StrategyEventRecord> log = store.strategies().strategyEvents(r.id());
            StrategyStage stage = log.get(log.size() - 1).stage();
            if (stage == StrategyStage.ARCHIVED) {
                throw new LifecycleException(r.id() + " is archived already");
            }
            appendAt(
                    log.size() + 1, r.id(), Kind.ARCHIVED, StrategyStage.ARCHIVED, actor, stage + " -> ARCHIVED", null);
            return get(r.id());
        });
    }

    /** The logs of every version of {@code name}, by id: two reads whatever the number of versions. */
    private Map<String, List<StrategyEventRecord>> logsOf(String name) {
        Map<String, List<StrategyEventRecord>> logs = new HashMap<>();
        for (StrategyVersionRecord v : versions(name)) {
            logs.put(v.id(), new ArrayList<>());
        }
        if (logs.isEmpty()) {
            return logs;
        }
        for (StrategyEventRecord e : store.strategies().allStrategyEvents()) {
            List<StrategyEventRecord> log = logs.get(e.strategyId());
            if (log != null) {
                log.add(e);
            }
        }
        return logs;
    }

    /** The version of {@code name} in PRODUCTION (the most recently moved there, should a crash have left two). */
    private Optional<StrategyVersionRecord> production(String name) {
        Map<String, List<StrategyEventRecord>> logs = logsOf(name);
        StrategyVersionRecord best = null;
        Instant bestSince = null;
        for (StrategyVersionRecord r : versions(name)) {
            List<StrategyEventRecord> log = logs.getOrDefault(r.id(), List.of());
            if (log.isEmpty() || log.get(log.size() - 1).stage() != StrategyStage.PRODUCTION) {
                continue;
            }
            Instant since = log.stream()
                    .filter(StoreRegistry::changesStage)
                    .map(StrategyEventRecord::at)
                    .reduce((a, b) -> b)
                    .orElseThrow();
            if (bestSince == null || since.isAfter(bestSince)) {
                best = r;
                bestSince = since;
            }
        }
        return Optional.ofNullable(best);
    }

    // ---------------------------------------------------------------- gates

    private List<GateResult> evaluate(
            StrategyStage from, StrategyStage target, StrategyVersionRecord r, List<StrategyEventRecord> log) {
        return switch (target) {
            case STAGING -> stagingGates(r);
            case CANARY -> from == StrategyStage.SHADOW ? shadowGates(r, log) : List.of();
            case PRODUCTION -> canaryGates(r, log);
            default -> List.of();
        };
    }

    private List<GateResult> stagingGates(StrategyVersionRecord r) {
        Metrics oos = Codec.metrics(Codec.tree("out-of-sample metrics", r.outOfSampleJson()));
        List<GateResult> out = new ArrayList<>();
        out.add(new GateResult(
                "out_of_sample_sharpe",
                oos.sharpe() > gates.minOutOfSampleSharpe(),
                oos.sharpe(),
                gates.minOutOfSampleSharpe(),
                String.format(
                        Locale.ROOT,
                        "out-of-sample Sharpe %.3f %s %.3f (over %d" + " bars)",
                        oos.sharpe(),
                        oos.sharpe() > gates.minOutOfSampleSharpe() ? ">" : "is not >",
                        gates.minOutOfSampleSharpe(),
                        oos.bars())));
        out.add(new GateResult(
                "max_drawdown",
                oos.maxDrawdown() < gates.maxDrawdown(),
                oos.maxDrawdown(),
                gates.maxDrawdown(),
                String.format(
                        Locale.ROOT,
                        "out-of-sample max drawdown %.2f%% %s %.2f%%",
                        oos.maxDrawdown() * 100,
                        oos.maxDrawdown() < gates.maxDrawdown() ? "<" : "is not <",
                        gates.maxDrawdown() * 100)));
        out.add(dataSufficiency(r));
        out.addAll(evidenceGates(r, oos));
        return out;
    }

    /** Out-of-sample significance, enough trades and the two stress tests, from the evidence recorded at saving. */
    private List<GateResult> evidenceGates(StrategyVersionRecord r, Metrics oos) {
        Optional<OutOfSampleEvidence> recorded = Codec.evidence(Codec.tree("baseline", r.baselineJson()));
        List<GateResult> out = new ArrayList<>();
        boolean enough = oos.trades() >= gates.minOutOfSampleTrades();
        out.add(new GateResult(
                "out_of_sample_trades",
                enough,
                oos.trades(),
                gates.minOutOfSampleTrades(),
                String.format(
                        Locale.ROOT,
                        "%d out-of-sample trades %s %d",
                        oos.trades(),
                        enough ? ">=" : "<",
                        gates.minOutOfSampleTrades())));
        if (recorded.isEmpty()) {
            out.add(new GateResult(
                    "out_of_sample_significance",
                    false,
                    Double.NaN,
                    gates.outOfSampleConfidence(),
                    "no out-of-sample evidence was recorded for " + r.id() + " (registered before seedgrid kept it):"
                            + " save it again"));
            return out;
        }
        OutOfSampleEvidence e = recorded.get();
        double needed = AcceptanceCriteria.requiredPsr(gates.outOfSampleConfidence(), e.judged());
        boolean significant = needed <= 0 || e.outOfSamplePsr() >= needed; // a confidence of 0 asks for nothing
        out.add(new GateResult(
                "out_of_sample_significance",
                significant,
                e.outOfSamplePsr(),
                needed,
                String.format(
                        Locale.ROOT,
                        "out-of-sample PSR %.4f %s %.4f (%.2f Bonferroni-corrected for %d judged)",
                        e.outOfSamplePsr(),
                        significant ? ">=" : "<",
                        needed,
                        gates.outOfSampleConfidence(),
                        e.judged())));
        if (gates.requireRobustness()) {
            out.add(positive("next_close_sharpe", "out-of-sample Sharpe with next-close fills", e.nextCloseSharpe()));
            out.add(positive(
                    "stressed_cost_sharpe",
                    String.format(Locale.ROOT, "out-of-sample Sharpe at %.1f x costs", e.costFactor()),
                    e.stressedCostSharpe()));
        }
        return out;
    }

    private static GateResult positive(String gate, String words, double value) {
        boolean ok = value > 0;
        return new GateResult(
                gate, ok, value, 0, String.format(Locale.ROOT, "%s %.3f %s 0", words, value, ok ? ">" : "is not >"));
    }

    private GateResult dataSufficiency(StrategyVersionRecord r) {
        EvolvedOn on = Codec.evolvedOn(Codec.tree("data", r.dataJson()));
        if (!gates.requireDataSufficiency()) {
            return new GateResult("data_sufficiency", true, on.bars(), 0, "not required by the gate settings");
        }
        List<String> short_ = new ArrayList<>();
        int needed = 0;
        for (StrategyDefinition.Component c : definition(r).components()) {
            if (c.weight() <= 0) {
                continue;
            }
            Seed seed = Seeds.byName(c.seed());
            GateDecision d = DataSufficiency.assess(
                    seed,
                    on.bars(),
                    c.genes().values().stream().mapToDouble(Double::doubleValue).toArray());
            needed = Math.max(needed, Math.max(seed.dataRequirement().minimum(), d.barsForGenes()));
            if (!d.eligible()) {
                short_.add(c.seed() + " " + d.recommendation() + " (" + d.reason() + ")");
            }
        }
        return new GateResult(
                "data_sufficiency",
                short_.isEmpty(),
                on.bars(),
                needed,
                short_.isEmpty()
                        ? on.bars() + " bars meet every weighted seed's requirement (" + needed + " needed)"
                        : "not met on the " + on.bars() + " bars it was evolved on: " + String.join("; ", short_));
    }

    /**
     * The gates of a canary's current step: enough live bars at this step, returns at this step not significantly
     * worse than the backtest's out-of-sample returns, the canary's live drawdown below the limit, no drift. The last
     * two are hard ({@link #HARD_GATES}): judged from the first live bar on.
     */
    private List<GateResult> canaryGates(StrategyVersionRecord r, List<StrategyEventRecord> log) {
        return canaryEvidence(r, log).gates();
    }

    /** A canary step's gates and the drift verdict among them. */
    private record CanaryEvidence(List<GateResult> gates, DriftReport drift) {}

    private CanaryEvidence canaryEvidence(StrategyVersionRecord r, List<StrategyEventRecord> log) {
        Instant start = liveSince(log);
        Instant stepStart = Shares.stepSince(log);
        double share = Shares.canaryShare(log);
        LiveReturns live = LiveReturns.since(store, r, definition(r), start);
        double[] step = live.after(stepStart).returns();
        List<GateResult> out = new ArrayList<>();
        boolean enough = step.length >= gates.minCanaryBars();
        out.add(new GateResult(
                "canary_period",
                enough,
                step.length,
                gates.minCanaryBars(),
                String.format(
                        Locale.ROOT,
                        "%d bars of %s %s with live signals at the %s step (since %s); %d needed%s",
                        step.length,
                        r.symbol(),
                        r.timeframe(),
                        percent(share),
                        stepStart,
                        gates.minCanaryBars(),
                        enough || live.size() > 0
                                ? ""
                                : " (compute them with 'seedgrid signals --strategy " + r.id() + "')")));
        if (enough) {
            out.add(notWorseThanBacktest("canary_returns", r, step, "at this step"));
        }
        double drawdown = Metrics.ofReturns(live.returns(), 0, 0, 0, 1).maxDrawdown();
        boolean shallow = drawdown < gates.maxDrawdown();
        out.add(new GateResult(
                "canary_drawdown",
                shallow,
                drawdown,
                gates.maxDrawdown(),
                String.format(
                        Locale.ROOT,
                        "live drawdown %.2f%% over %d bars since CANARY %s %.2f%%",
                        drawdown * 100,
                        live.size(),
                        shallow ? "<" : "is not <",
                        gates.maxDrawdown() * 100)));
        DriftReport drift = driftReport(r, log, StrategyStage.CANARY, clock.instant(), live.returns());
        out.add(new GateResult(
                "drift",
                !drift.drifting(),
                Double.isNaN(drift.pValue()) ? 1 : drift.pValue(),
                gates.driftAlpha(),
                drift.status() + ": " + drift.message()));
        return new CanaryEvidence(out, drift);
    }

    /** Live returns not significantly worse than the backtest's out-of-sample ones (one-sided Welch). */
    private GateResult notWorseThanBacktest(String gate, StrategyVersionRecord r, double[] live, String when) {
        double[] baseline = Codec.baselineReturns(Codec.tree("baseline", r.baselineJson()));
        if (baseline.length < 2 || live.length < 2) {
            return new GateResult(
                    gate,
                    false,
                    Double.NaN,
                    gates.canaryAlpha(),
                    baseline.length < 2
                            ? "the backtest has fewer than 2 out-of-sample bars to compare live returns with"
                            : "fewer than 2 live bars " + when);
        }
        TestResult w = Tests.welchLess(live, baseline);
        boolean ok = !w.significantAt(gates.canaryAlpha());
        return new GateResult(
                gate,
                ok,
                w.pValue(),
                gates.canaryAlpha(),
                String.format(
                        Locale.ROOT,
                        "live mean %.4f%% %s vs backtest %.4f%% per bar (%d vs %d bars): Welch t = %.3f, df = %.1f, one-sided"
                                + " p = %.4f %s %.2f: %s",
                        mean(live) * 100,
                        when,
                        mean(baseline) * 100,
                        live.length,
                        baseline.length,
                        w.statistic(),
                        w.df(),
                        w.pValue(),
                        ok ? ">=" : "<",
                        gates.canaryAlpha(),
                        ok ? "not significantly worse" : "significantly worse than the backtest"));
    }

    /**
     * From SHADOW to CANARY: beside a PRODUCTION version, enough common live bars over which the shadow's realised
     * Sharpe ratio is at least production's and its returns are not significantly worse bar for bar (paired one-sided
     * t-test); without one, enough live bars not significantly worse than the backtest's. Its would-be drawdown must
     * stay below the limit either way.
     */
    private List<GateResult> shadowGates(StrategyVersionRecord r, List<StrategyEventRecord> log) {
        Instant since = liveSince(log);
        List<GateResult> out = new ArrayList<>();
        Optional<StrategyVersionRecord> production = production(r.name());
        if (production.isPresent()) {
            StrategyVersionRecord p = production.get();
            Comparison c = Comparisons.compare(
                    store,
                    r,
                    definition(r),
                    Optional.of(since),
                    p,
                    definition(p),
                    liveFrom(store.strategies().strategyEvents(p.id())));
            boolean enough = c.bars() >= gates.minShadowBars();
            out.add(new GateResult(
                    "shadow_period",
                    enough,
                    c.bars(),
                    gates.minShadowBars(),
                    String.format(
                            Locale.ROOT,
                            "%d live bars in common with %s since SHADOW at %s; %d needed",
                            c.bars(),
                            p.id(),
                            since,
                            gates.minShadowBars())));
            if (!enough) {
                return out;
            }
            boolean beats = c.sharpeA() >= c.sharpeB();
            out.add(new GateResult(
                    "shadow_sharpe",
                    beats,
                    c.sharpeA(),
                    c.sharpeB(),
                    String.format(
                            Locale.ROOT,
                            "realised Sharpe %.3f %s %s's %.3f over the %d common bars (return %.2f%% vs %.2f%%)",
                            c.sharpeA(),
                            beats ? ">=" : "<",
                            p.id(),
                            c.sharpeB(),
                            c.bars(),
                            c.returnA() * 100,
                            c.returnB() * 100)));
            boolean notWorse = !(c.pAWorse() < gates.canaryAlpha());
            out.add(new GateResult(
                    "shadow_returns",
                    notWorse,
                    c.pAWorse(),
                    gates.canaryAlpha(),
                    String.format(
                            Locale.ROOT,
                            "mean difference %.4f%% per bar: paired t = %.3f, one-sided p = %.4f %s %.2f: %s",
                            c.meanDifference() * 100,
                            c.t(),
                            c.pAWorse(),
                            notWorse ? ">=" : "<",
                            gates.canaryAlpha(),
                            notWorse
                                    ? "not significantly worse than " + p.id()
                                    : "significantly worse than " + p.id())));
            out.add(drawdownGate("shadow_drawdown", c.drawdownA(), c.bars()));
            return out;
        }
        LiveReturns live = LiveReturns.since(store, r, definition(r), since);
        boolean enough = live.size() >= gates.minShadowBars();
        out.add(new GateResult(
                "shadow_period",
                enough,
                live.size(),
                gates.minShadowBars(),
                String.format(
                        Locale.ROOT,
                        "%d live bars since SHADOW at %s (no PRODUCTION version: judged against the backtest); %d needed",
                        live.size(),
                        since,
                        gates.minShadowBars())));
        if (!enough) {
            return out;
        }
        out.add(notWorseThanBacktest("shadow_returns", r, live.returns(), "in SHADOW"));
        out.add(drawdownGate(
                "shadow_drawdown", Metrics.ofReturns(live.returns(), 0, 0, 0, 1).maxDrawdown(), live.size()));
        return out;
    }

    private GateResult drawdownGate(String gate, double drawdown, int bars) {
        boolean ok = drawdown < gates.maxDrawdown();
        return new GateResult(
                gate,
                ok,
                drawdown,
                gates.maxDrawdown(),
                String.format(
                        Locale.ROOT,
                        "would-be drawdown %.2f%% over %d bars %s %.2f%%",
                        drawdown * 100,
                        bars,
                        ok ? "<" : "is not <",
                        gates.maxDrawdown() * 100));
    }

    /** When the strategy went live: its latest promotion to CANARY, else to SHADOW (else its creation). */
    private static Instant liveSince(List<StrategyEventRecord> log) {
        Instant canary = null;
        Instant shadow = null;
        for (StrategyEventRecord e : log) {
            if (e.kind() == Kind.PROMOTED && e.stage() == StrategyStage.CANARY) {
                canary = e.at();
            } else if (e.kind() == Kind.PROMOTED && e.stage() == StrategyStage.SHADOW) {
                shadow = e.at();
            }
        }
        return canary != null ? canary : shadow != null ? shadow : log.get(0).at();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    // ---------------------------------------------------------------- drift

    @Override
    public DriftReport checkDrift(String idOrName, String actor) {
        StrategyVersionRecord r = requireRecord(idOrName);
        List<StrategyEventRecord> log = store.strategies().strategyEvents(r.id());
        StrategyStage stage = log.get(log.size() - 1).stage();
        DriftReport report = driftReport(r, log, stage, clock.instant(), null);
        if (report.status() == DriftReport.Status.NOT_LIVE) {
            return report;
        }
        recordDrift(r, log, stage, report, actor);
        return report;
    }

    /** Records a drift verdict in the log when it differs from the last one recorded. */
    private void recordDrift(
            StrategyVersionRecord r,
            List<StrategyEventRecord> log,
            StrategyStage stage,
            DriftReport report,
            String actor) {
        Optional<DriftReport.Status> recorded = log.stream()
                .filter(e -> e.kind() == Kind.DRIFT)
                .map(e -> Codec.tree("drift", e.detailsJson())
                        .path("drift")
                        .path("status")
                        .asText())
                .map(DriftReport.Status::valueOf)
                .reduce((a, b) -> b);
        if (recorded.isEmpty() || recorded.get() != report.status()) {
            ObjectNode details = Codec.JSON.createObjectNode();
            details.set("drift", Codec.drift(report));
            appendNext(
                    r.id(), Kind.DRIFT, stage, actor, "drift: " + report.status() + " - " + report.message(), details);
        }
    }

    /** The drift verdict of {@code r} in {@code stage} now, not recorded ({@code known}: its live returns, if read). */
    private DriftReport driftReport(
            StrategyVersionRecord r, List<StrategyEventRecord> log, StrategyStage stage, Instant now, double[] known) {
        double[] baseline = Codec.baselineReturns(Codec.tree("baseline", r.baselineJson()));
        if (stage != StrategyStage.CANARY && stage != StrategyStage.PRODUCTION) {
            return new DriftReport(
                    r.id(),
                    DriftReport.Status.NOT_LIVE,
                    now,
                    0,
                    baseline.length,
                    Double.NaN,
                    Double.NaN,
                    gates.driftAlpha(),
                    Double.NaN,
                    mean(baseline),
                    r.id() + " is " + stage + ": drift is checked for CANARY and PRODUCTION strategies");
        }
        Instant since = liveSince(log);
        double[] live = known != null ? known : LiveReturns.realised(store, r, definition(r), since);
        double[] recent = Arrays.copyOfRange(live, Math.max(0, live.length - gates.driftWindow()), live.length);
        if (recent.length < gates.minDriftBars() || baseline.length == 0) {
            return new DriftReport(
                    r.id(),
                    DriftReport.Status.INSUFFICIENT_DATA,
                    now,
                    recent.length,
                    baseline.length,
                    Double.NaN,
                    Double.NaN,
                    gates.driftAlpha(),
                    mean(recent),
                    mean(baseline),
                    String.format(
                            Locale.ROOT,
                            "%d live bars since %s; drift is judged from %d",
                            recent.length,
                            since,
                            gates.minDriftBars()));
        }
        TestResult ks = Tests.kolmogorovSmirnov(recent, baseline);
        boolean drifting = ks.significantAt(gates.driftAlpha());
        return new DriftReport(
                r.id(),
                drifting ? DriftReport.Status.DRIFTING : DriftReport.Status.OK,
                now,
                recent.length,
                baseline.length,
                ks.statistic(),
                ks.pValue(),
                gates.driftAlpha(),
                mean(recent),
                mean(baseline),
                String.format(
                        Locale.ROOT,
                        "last %d live bars vs %d backtest bars: KS D = %.3f," + " p = %.4f %s %.2f: %s",
                        recent.length,
                        baseline.length,
                        ks.statistic(),
                        ks.pValue(),
                        drifting ? "<" : ">=",
                        gates.driftAlpha(),
                        drifting ? "DRIFTING" : "no drift"));
    }

    // ---------------------------------------------------------------- plumbing

    /** Appends at {@code seq}, which the decision was based on; another writer's entry there voids the decision. */
    private void appendAt(
            int seq, String id, Kind kind, StrategyStage stage, String actor, String message, JsonNode details) {
        StrategyEventRecord e = new StrategyEventRecord(
                id, seq, clock.instant(), kind, stage, actor, message, details == null ? null : Codec.write(details));
        if (!store.strategies().appendStrategyEvent(e)) {
            throw new ConcurrentChangeException("the log of " + id + " changed meanwhile (another writer): nothing was"
                    + " recorded; look at it again and retry");
        }
    }

    /** Appends after whatever the log holds now (for entries that do not depend on the stage read before). */
    private void appendNext(String id, Kind kind, StrategyStage stage, String actor, String message, JsonNode details) {
        for (int attempt = 1; attempt <= NOTE_ATTEMPTS; attempt++) {
            int seq = store.strategies().strategyEvents(id).size() + 1;
            StrategyEventRecord e = new StrategyEventRecord(
                    id,
                    seq,
                    clock.instant(),
                    kind,
                    stage,
                    actor,
                    message,
                    details == null ? null : Codec.write(details));
            if (store.strategies().appendStrategyEvent(e)) {
                return;
            }
        }
        throw new ConcurrentChangeException(
                "could not append to the log of " + id + ": other writers kept changing it");
    }

    private <T> T locked(String name, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(name, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
