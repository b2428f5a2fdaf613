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
import io.seedgrid.seeds.strategy.BlendedStrategy;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

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
        Evidence evidence = Evidence.of(def.strategy(), def.settings(), SeedContext.of(bars),
                Evidence.DEFAULT_COST_FACTOR);
        BacktestResult result = evidence.result();
        int from = Math.min(bars.size(), Math.max(result.splitIndex(), evidence.measuredFrom()));
        String definitionJson = Codec.write(Codec.definition(def));
        String dataJson = Codec.write(Codec.evolvedOn(EvolvedOn.of(bars, result.splitIndex())));
        String inSample = Codec.write(Codec.metrics(result.inSample()));
        String outSample = Codec.write(Codec.metrics(result.outOfSample()));
        String baseline = Codec.write(Codec.baseline(evidence.outOfSampleReturns(), from,
                OutOfSampleEvidence.of(evidence, s.judged())));
        return locked(s.name(), () -> {
            for (int attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
                Optional<StrategyVersionRecord> newest = versions(s.name()).stream()
                        .max(Comparator.comparing(r -> SemVer.parse(r.version())));
                SemVer version = newest.map(n -> bump(n, def)).orElse(SemVer.FIRST);
                String id = s.name() + "@" + version;
                Instant now = clock.instant();
                StrategyVersionRecord record = new StrategyVersionRecord(id, s.name(), version.toString(), now,
                        s.runId(), s.rank(), newest.map(StrategyVersionRecord::id).orElse(null), bars.symbol(),
                        bars.timeframe(), definitionJson, dataJson, inSample, outSample, baseline);
                String message = (s.runId() != null ? "saved from run " + s.runId() + " (rank " + s.rank() + ")"
                        : "saved") + newest.map(n -> ", after " + n.version()).orElse("");
                StrategyEventRecord created = new StrategyEventRecord(id, 1, now, Kind.CREATED, StrategyStage.DRAFT,
                        s.actor(), message, null);
                if (store.strategies().createStrategy(record, created)) {
                    return view(record, List.of(created));
                }
            }
            throw new ConcurrentChangeException("could not register a new version of " + s.name() + ": other writers took "
                    + SAVE_ATTEMPTS + " versions meanwhile; try again");
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
        return store.strategies().listStrategies().stream().filter(r -> r.name().equals(name))
                .filter(r -> parses(r.version())).toList();
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
        return save(new NewStrategy(strategyName, found.definition(), found.bars(), runId, rank, actor,
                found.results()));
    }

    // ---------------------------------------------------------------- reading

    @Override
    public Optional<RegisteredStrategy> find(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            throw new IllegalArgumentException("a strategy id or name is needed but was '" + idOrName + "'");
        }
        Optional<StrategyVersionRecord> record = record(idOrName);
        return record.map(r -> view(r, store.strategies().strategyEvents(r.id())));
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
        return record(idOrName).orElseThrow(() -> new UnknownStrategyException("no strategy with id or name '"
                + idOrName + "'"));
    }

    @Override
    public RegisteredStrategy get(String idOrName) {
        StrategyVersionRecord r = requireRecord(idOrName);
        return view(r, store.strategies().strategyEvents(r.id()));
    }

    @Override
    public List<RegisteredStrategy> list() {
        List<StrategyVersionRecord> records = store.strategies().listStrategies();
        java.util.Map<String, List<StrategyEventRecord>> logs = new java.util.HashMap<>();
        for (StrategyEventRecord e : store.strategies().allStrategyEvents()) {
            logs.computeIfAbsent(e.strategyId(), k -> new ArrayList<>()).add(e);
        }
        List<RegisteredStrategy> out = new ArrayList<>(records.size());
        for (StrategyVersionRecord r : records) {
            List<StrategyEventRecord> log = logs.get(r.id());
            // null: registered after the logs were read
            out.add(view(r, log != null ? log : store.strategies().strategyEvents(r.id())));
        }
        return out;
    }

    @Override
    public List<StrategyEventRecord> history(String idOrName) {
        return store.strategies().strategyEvents(requireRecord(idOrName).id());
    }

    private RegisteredStrategy view(StrategyVersionRecord r, List<StrategyEventRecord> log) {
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
                drift = Optional.of(Codec.drift(r.id(), Codec.tree("drift details", e.detailsJson()).path("drift")));
            }
        }
        return new RegisteredStrategy(r.id(), r.name(), SemVer.parse(r.version()), r.createdAt(),
                Optional.ofNullable(r.runId()), r.rank(), Optional.ofNullable(r.parentId()), definition(r),
                Codec.evolvedOn(Codec.tree("data", r.dataJson())),
                Codec.metrics(Codec.tree("in-sample metrics", r.inSampleJson())),
                Codec.metrics(Codec.tree("out-of-sample metrics", r.outOfSampleJson())), last.stage(), since, drift,
                Codec.evidence(Codec.tree("baseline", r.baselineJson())));
    }

    private static boolean changesStage(StrategyEventRecord e) {
        return e.kind() != Kind.REFUSED && e.kind() != Kind.DRIFT;
    }

    private static StrategyDefinition definition(StrategyVersionRecord r) {
        return Codec.definition(Codec.tree("definition", r.definitionJson()));
    }

    // ---------------------------------------------------------------- lifecycle

    static Optional<StrategyStage> next(StrategyStage stage) {
        return switch (stage) {
            case DRAFT -> Optional.of(StrategyStage.TESTING);
            case TESTING -> Optional.of(StrategyStage.STAGING);
            case STAGING -> Optional.of(StrategyStage.CANARY);
            case CANARY -> Optional.of(StrategyStage.PRODUCTION);
            case PRODUCTION, ARCHIVED -> Optional.empty();
        };
    }

    @Override
    public List<GateResult> preview(String idOrName) {
        StrategyVersionRecord r = requireRecord(idOrName);
        List<StrategyEventRecord> log = store.strategies().strategyEvents(r.id());
        StrategyStage stage = log.get(log.size() - 1).stage();
        return next(stage).map(target -> evaluate(target, r, log)).orElse(List.of());
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
            StrategyStage target = next(stage).orElseThrow(() -> new LifecycleException(r.id()
                    + " is already in PRODUCTION, the last stage"));
            List<GateResult> results = evaluate(target, r, log);
            int seq = log.size() + 1;
            if (results.stream().anyMatch(g -> !g.passed())) {
                PromotionRefusedException refused = new PromotionRefusedException(r.id(), stage, target, results);
                ObjectNode details = Codec.JSON.createObjectNode();
                details.put("from", stage.name());
                details.put("to", target.name());
                details.set("gates", Codec.gates(results));
                appendAt(seq, r.id(), Kind.REFUSED, stage, actor, refused.getMessage(), details);
                throw refused;
            }
            Optional<StrategyVersionRecord> previous = target == StrategyStage.PRODUCTION
                    ? production(r.name()).filter(p -> !p.id().equals(r.id())) : Optional.empty();
            ObjectNode details = Codec.JSON.createObjectNode();
            details.put("from", stage.name());
            details.put("to", target.name());
            details.set("gates", Codec.gates(results));
            previous.ifPresent(p -> details.put("supersedes", p.id()));
            appendAt(seq, r.id(), Kind.PROMOTED, target, actor, stage + " -> " + target
                    + previous.map(p -> ", replacing " + p.id()).orElse(""), details);
            previous.ifPresent(p -> appendNext(p.id(), Kind.RETIRED, StrategyStage.ARCHIVED, actor,
                    "superseded by " + r.id() + " in PRODUCTION", null));
            return get(r.id());
        });
    }

    @Override
    public RegisteredStrategy rollback(String nameOrId, String actor) {
        String name = requireRecord(nameOrId).name();
        return locked(name, () -> {
            StrategyVersionRecord current = production(name).orElseThrow(() -> new LifecycleException(
                    "no version of " + name + " is in PRODUCTION: nothing to roll back"));
            List<StrategyEventRecord> log = store.strategies().strategyEvents(current.id());
            String previousId = null;
            for (StrategyEventRecord e : log) {
                if (e.kind() == Kind.PROMOTED && e.stage() == StrategyStage.PRODUCTION) {
                    JsonNode d = e.detailsJson() == null ? null : Codec.tree("details", e.detailsJson());
                    previousId = d != null && d.hasNonNull("supersedes") ? d.get("supersedes").asText() : null;
                }
            }
            if (previousId == null) {
                throw new LifecycleException(current.id() + " is the first PRODUCTION version of " + name
                        + ": there is no previous one to roll back to");
            }
            StrategyVersionRecord previous = store.strategies().findStrategy(previousId).orElseThrow(() -> new RegistryException(
                    current.id() + " replaced a version that is no longer registered"));
            ObjectNode out = Codec.JSON.createObjectNode();
            out.put("restored", previous.id());
            appendAt(log.size() + 1, current.id(), Kind.ROLLED_BACK, StrategyStage.ARCHIVED, actor,
                    "rolled back: " + previous.id() + " is in PRODUCTION again", out);
            ObjectNode in = Codec.JSON.createObjectNode();
            in.put("replaces", current.id());
            appendNext(previous.id(), Kind.RESTORED, StrategyStage.PRODUCTION, actor,
                    "restored to PRODUCTION by the rollback of " + current.id(), in);
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
            appendAt(log.size() + 1, r.id(), Kind.ARCHIVED, StrategyStage.ARCHIVED, actor, stage + " -> ARCHIVED",
                    null);
            return get(r.id());
        });
    }

    /** The version of {@code name} in PRODUCTION (the most recently moved there, should a crash have left two). */
    private Optional<StrategyVersionRecord> production(String name) {
        StrategyVersionRecord best = null;
        Instant bestSince = null;
        for (StrategyVersionRecord r : versions(name)) {
            List<StrategyEventRecord> log = store.strategies().strategyEvents(r.id());
            if (log.isEmpty() || log.get(log.size() - 1).stage() != StrategyStage.PRODUCTION) {
                continue;
            }
            Instant since = log.stream().filter(StoreRegistry::changesStage).map(StrategyEventRecord::at)
                    .reduce((a, b) -> b).orElseThrow();
            if (bestSince == null || since.isAfter(bestSince)) {
                best = r;
                bestSince = since;
            }
        }
        return Optional.ofNullable(best);
    }

    // ---------------------------------------------------------------- gates

    private List<GateResult> evaluate(StrategyStage target, StrategyVersionRecord r, List<StrategyEventRecord> log) {
        return switch (target) {
            case STAGING -> stagingGates(r);
            case PRODUCTION -> canaryGates(r, log);
            default -> List.of();
        };
    }

    private List<GateResult> stagingGates(StrategyVersionRecord r) {
        Metrics oos = Codec.metrics(Codec.tree("out-of-sample metrics", r.outOfSampleJson()));
        List<GateResult> out = new ArrayList<>();
        out.add(new GateResult("out_of_sample_sharpe", oos.sharpe() > gates.minOutOfSampleSharpe(), oos.sharpe(),
                gates.minOutOfSampleSharpe(), String.format(Locale.ROOT, "out-of-sample Sharpe %.3f %s %.3f (over %d"
                        + " bars)", oos.sharpe(), oos.sharpe() > gates.minOutOfSampleSharpe() ? ">" : "is not >",
                        gates.minOutOfSampleSharpe(), oos.bars())));
        out.add(new GateResult("max_drawdown", oos.maxDrawdown() < gates.maxDrawdown(), oos.maxDrawdown(),
                gates.maxDrawdown(), String.format(Locale.ROOT, "out-of-sample max drawdown %.2f%% %s %.2f%%",
                        oos.maxDrawdown() * 100, oos.maxDrawdown() < gates.maxDrawdown() ? "<" : "is not <",
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
        out.add(new GateResult("out_of_sample_trades", enough, oos.trades(), gates.minOutOfSampleTrades(),
                String.format(Locale.ROOT, "%d out-of-sample trades %s %d", oos.trades(), enough ? ">=" : "<",
                        gates.minOutOfSampleTrades())));
        if (recorded.isEmpty()) {
            out.add(new GateResult("out_of_sample_significance", false, Double.NaN, gates.outOfSampleConfidence(),
                    "no out-of-sample evidence was recorded for " + r.id() + " (registered before seedgrid kept it):"
                            + " save it again"));
            return out;
        }
        OutOfSampleEvidence e = recorded.get();
        double needed = AcceptanceCriteria.requiredPsr(gates.outOfSampleConfidence(), e.judged());
        boolean significant = needed <= 0 || e.outOfSamplePsr() >= needed; // a confidence of 0 asks for nothing
        out.add(new GateResult("out_of_sample_significance", significant, e.outOfSamplePsr(), needed,
                String.format(Locale.ROOT, "out-of-sample PSR %.4f %s %.4f (%.2f Bonferroni-corrected for %d judged)",
                        e.outOfSamplePsr(), significant ? ">=" : "<", needed, gates.outOfSampleConfidence(),
                        e.judged())));
        if (gates.requireRobustness()) {
            out.add(positive("next_close_sharpe", "out-of-sample Sharpe with next-close fills", e.nextCloseSharpe()));
            out.add(positive("stressed_cost_sharpe", String.format(Locale.ROOT,
                    "out-of-sample Sharpe at %.1f x costs", e.costFactor()), e.stressedCostSharpe()));
        }
        return out;
    }

    private static GateResult positive(String gate, String words, double value) {
        boolean ok = value > 0;
        return new GateResult(gate, ok, value, 0, String.format(Locale.ROOT, "%s %.3f %s 0", words, value,
                ok ? ">" : "is not >"));
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
            GateDecision d = DataSufficiency.assess(seed, on.bars(),
                    c.genes().values().stream().mapToDouble(Double::doubleValue).toArray());
            needed = Math.max(needed, Math.max(seed.dataRequirement().minimum(), d.barsForGenes()));
            if (!d.eligible()) {
                short_.add(c.seed() + " " + d.recommendation() + " (" + d.reason() + ")");
            }
        }
        return new GateResult("data_sufficiency", short_.isEmpty(), on.bars(), needed, short_.isEmpty()
                ? on.bars() + " bars meet every weighted seed's requirement (" + needed + " needed)"
                : "not met on the " + on.bars() + " bars it was evolved on: " + String.join("; ", short_));
    }

    private List<GateResult> canaryGates(StrategyVersionRecord r, List<StrategyEventRecord> log) {
        Instant start = liveSince(log);
        double[] live = LiveReturns.realised(store, r, definition(r), start);
        List<GateResult> out = new ArrayList<>();
        boolean enough = live.length >= gates.minCanaryBars();
        out.add(new GateResult("canary_period", enough, live.length, gates.minCanaryBars(), String.format(Locale.ROOT,
                "%d bars of %s %s with live signals since CANARY at %s; %d needed%s", live.length, r.symbol(),
                r.timeframe(), start, gates.minCanaryBars(), enough || live.length > 0 ? ""
                        : " (compute them with 'seedgrid signals --strategy " + r.id() + "')")));
        if (!enough) {
            return out;
        }
        double[] baseline = Codec.baselineReturns(Codec.tree("baseline", r.baselineJson()));
        if (baseline.length < 2) {
            out.add(new GateResult("canary_returns", false, Double.NaN, gates.canaryAlpha(),
                    "the backtest has fewer than 2 out-of-sample bars to compare live returns with"));
            return out;
        }
        TestResult w = Tests.welchLess(live, baseline);
        boolean ok = !w.significantAt(gates.canaryAlpha());
        out.add(new GateResult("canary_returns", ok, w.pValue(), gates.canaryAlpha(), String.format(Locale.ROOT,
                "live mean %.4f%% vs backtest %.4f%% per bar (%d vs %d bars): Welch t = %.3f, df = %.1f, one-sided"
                        + " p = %.4f %s %.2f: %s", mean(live) * 100, mean(baseline) * 100, live.length,
                baseline.length, w.statistic(), w.df(), w.pValue(), ok ? ">=" : "<", gates.canaryAlpha(),
                ok ? "not significantly worse" : "significantly worse than the backtest")));
        return out;
    }

    /** When the strategy went live: its latest promotion to CANARY (else its creation). */
    private static Instant liveSince(List<StrategyEventRecord> log) {
        Instant since = log.get(0).at();
        for (StrategyEventRecord e : log) {
            if (e.kind() == Kind.PROMOTED && e.stage() == StrategyStage.CANARY) {
                since = e.at();
            }
        }
        return since;
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
        Instant now = clock.instant();
        double[] baseline = Codec.baselineReturns(Codec.tree("baseline", r.baselineJson()));
        if (stage != StrategyStage.CANARY && stage != StrategyStage.PRODUCTION) {
            return new DriftReport(r.id(), DriftReport.Status.NOT_LIVE, now, 0, baseline.length, Double.NaN,
                    Double.NaN, gates.driftAlpha(), Double.NaN, mean(baseline), r.id() + " is " + stage
                            + ": drift is checked for CANARY and PRODUCTION strategies");
        }
        Instant since = liveSince(log);
        double[] live = LiveReturns.realised(store, r, definition(r), since);
        double[] recent = Arrays.copyOfRange(live, Math.max(0, live.length - gates.driftWindow()), live.length);
        DriftReport report;
        if (recent.length < gates.minDriftBars() || baseline.length == 0) {
            report = new DriftReport(r.id(), DriftReport.Status.INSUFFICIENT_DATA, now, recent.length,
                    baseline.length, Double.NaN, Double.NaN, gates.driftAlpha(), mean(recent), mean(baseline),
                    String.format(Locale.ROOT, "%d live bars since %s; drift is judged from %d", recent.length, since,
                            gates.minDriftBars()));
        } else {
            TestResult ks = Tests.kolmogorovSmirnov(recent, baseline);
            boolean drifting = ks.significantAt(gates.driftAlpha());
            report = new DriftReport(r.id(), drifting ? DriftReport.Status.DRIFTING : DriftReport.Status.OK, now,
                    recent.length, baseline.length, ks.statistic(), ks.pValue(), gates.driftAlpha(), mean(recent),
                    mean(baseline), String.format(Locale.ROOT, "last %d live bars vs %d backtest bars: KS D = %.3f,"
                            + " p = %.4f %s %.2f: %s", recent.length, baseline.length, ks.statistic(), ks.pValue(),
                            drifting ? "<" : ">=", gates.driftAlpha(), drifting ? "DRIFTING" : "no drift"));
        }
        Optional<DriftReport.Status> recorded = log.stream().filter(e -> e.kind() == Kind.DRIFT)
                .map(e -> Codec.tree("drift", e.detailsJson()).path("drift").path("status").asText())
                .map(DriftReport.Status::valueOf).reduce((a, b) -> b);
        if (recorded.isEmpty() || recorded.get() != report.status()) {
            ObjectNode details = Codec.JSON.createObjectNode();
            details.set("drift", Codec.drift(report));
            appendNext(r.id(), Kind.DRIFT, stage, actor, "drift: " + report.status() + " - " + report.message(),
                    details);
        }
        return report;
    }

    // ---------------------------------------------------------------- plumbing

    /** Appends at {@code seq}, which the decision was based on; another writer's entry there voids the decision. */
    private void appendAt(int seq, String id, Kind kind, StrategyStage stage, String actor, String message,
            JsonNode details) {
        StrategyEventRecord e = new StrategyEventRecord(id, seq, clock.instant(), kind, stage, actor, message,
                details == null ? null : Codec.write(details));
        if (!store.strategies().appendStrategyEvent(e)) {
            throw new ConcurrentChangeException("the log of " + id + " changed meanwhile (another writer): nothing was"
                    + " recorded; look at it again and retry");
        }
    }

    /** Appends after whatever the log holds now (for entries that do not depend on the stage read before). */
    private void appendNext(String id, Kind kind, StrategyStage stage, String actor, String message,
            JsonNode details) {
        for (int attempt = 1; attempt <= NOTE_ATTEMPTS; attempt++) {
            int seq = store.strategies().strategyEvents(id).size() + 1;
            StrategyEventRecord e = new StrategyEventRecord(id, seq, clock.instant(), kind, stage, actor, message,
                    details == null ? null : Codec.write(details));
            if (store.strategies().appendStrategyEvent(e)) {
                return;
            }
        }
        throw new ConcurrentChangeException("could not append to the log of " + id + ": other writers kept changing it");
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
