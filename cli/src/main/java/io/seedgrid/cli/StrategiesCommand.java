package io.seedgrid.cli;

import io.seedgrid.cli.report.Views;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.service.ApiJson;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StrategyEventRecord;
import io.seedgrid.storage.StrategyStage;
import io.seedgrid.strategies.Comparison;
import io.seedgrid.strategies.DriftReport;
import io.seedgrid.strategies.GateConfig;
import io.seedgrid.strategies.GateResult;
import io.seedgrid.strategies.PromotionRefusedException;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.StrategyRegistries;
import io.seedgrid.strategies.StrategyRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code seedgrid strategies ...}: the registry of evolved strategies and their lifecycle. */
@Command(
        name = "strategies",
        mixinStandardHelpOptions = true,
        description = {
            "The registry of evolved strategies: versioned (name@MAJOR.MINOR.PATCH), with lineage, promoted",
            "DRAFT -> TESTING -> STAGING (-> SHADOW) -> CANARY -> PRODUCTION behind gates, rolled back, archived.",
            "Gates: to STAGING, out-of-sample Sharpe > 1.0, max drawdown < 20%% and data sufficiency for every seed;",
            "from SHADOW, its would-be returns beside production's; a CANARY carries 10%%, 25%%, 50%%, then 100%%",
            "of the name's capital, each step after 20+ live bars whose realised returns are not significantly",
            "worse than the backtest's, its drawdown under 20%% and no drift; then PRODUCTION. Strategies live in",
            "the configured storage (--storage)."
        },
        subcommands = {
            StrategiesCommand.Save.class,
            StrategiesCommand.ListStrategies.class,
            StrategiesCommand.Show.class,
            StrategiesCommand.Promote.class,
            StrategiesCommand.Shadow.class,
            StrategiesCommand.Compare.class,
            StrategiesCommand.Rollback.class,
            StrategiesCommand.Archive.class
        })
final class StrategiesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Opens the store and the registry, runs {@code work}, closes the store. */
    static int withRegistry(StorageOptions storage, GateOptions gates, Function<StrategyRegistry, Integer> work) {
        try (Store store = storage.open()) {
            return work.apply(StrategyRegistries.open(
                    store, Clock.systemUTC(), gates != null ? gates.config() : GateConfig.DEFAULT));
        }
    }

    static void print(CommandSpec spec, String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(text);
        out.flush();
    }

    // ---------------------------------------------------------------- save

    @Command(
            name = "save",
            mixinStandardHelpOptions = true,
            description = {
                "Registers a strategy of a completed run as a new DRAFT version. Its backtest is run again",
                "on the run's bars (from where it took them) and must reproduce the run's results. A new version of a",
                "name is MAJOR+1 for other seeds, MINOR+1 for other genes or thresholds, PATCH+1 for the same",
                "definition from a new run. evolve saves its best accepted strategy by itself."
            })
    static final class Save implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "RUN_ID", description = "The run (see 'seedgrid evolve' output or GET /runs).")
        String runId;

        @Option(
                names = "--rank",
                paramLabel = "N",
                defaultValue = "1",
                description = "Which of the run's top strategies. Default: ${DEFAULT-VALUE}.")
        int rank;

        @Option(
                names = "--name",
                paramLabel = "NAME",
                description = "Strategy name (letters, digits, . _ -). Default: SYMBOL-TIMEFRAME, e.g. AAPL-1d.")
        String name;

        @Option(names = "--json", description = "Print the saved strategy as JSON.")
        boolean json;

        @Override
        public Integer call() {
            if (rank < 1) {
                throw new IllegalArgumentException("--rank must be >= 1 but was " + rank);
            }
            return withRegistry(storage, null, registry -> {
                RegisteredStrategy s = registry.saveFromRun(runId, rank, name, GateOptions.actor());
                if (json) {
                    print(spec, ApiJson.write(ApiJson.detail(s, registry.history(s.id()), null), true));
                } else {
                    print(
                            spec,
                            String.format(
                                    Locale.ROOT,
                                    "Saved %s (DRAFT) from run %s, rank %d%s%n  %s%n  %s",
                                    s.id(),
                                    runId,
                                    rank,
                                    s.parentId().map(p -> ", after " + p).orElse(""),
                                    s.definition().describe(),
                                    metricsLine(s)));
                }
                return 0;
            });
        }
    }

    static String metricsLine(RegisteredStrategy s) {
        Metrics i = s.inSample();
        Metrics o = s.outOfSample();
        return String.format(
                Locale.ROOT,
                "in-sample Sharpe %.3f (%d bars, %d trades); out-of-sample Sharpe %.3f, "
                        + "return %.2f%%, max drawdown %.2f%% (%d bars, %d trades)",
                i.sharpe(),
                i.bars(),
                i.trades(),
                o.sharpe(),
                o.totalReturn() * 100,
                o.maxDrawdown() * 100,
                o.bars(),
                o.trades());
    }

    // ---------------------------------------------------------------- list

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists registered strategy versions by name, with stage, headline figures and drift.")
    static final class ListStrategies implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StorageOptions storage;

        @Option(names = "--name", paramLabel = "NAME", description = "Only the versions of this name.")
        String name;

        @Option(
                names = "--stage",
                paramLabel = "STAGE",
                description = "Only versions in this stage: DRAFT, TESTING, "
                        + "STAGING, SHADOW, CANARY, PRODUCTION or ARCHIVED.")
        String stage;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            StrategyStage wanted = stage == null ? null : StrategyStage.parse(stage);
            return withRegistry(storage, null, registry -> {
                List<RegisteredStrategy> list = registry.list().stream()
                        .filter(s -> name == null || s.name().equals(name))
                        .filter(s -> wanted == null || s.stage() == wanted)
                        .toList();
                if (json) {
                    print(
                            spec,
                            ApiJson.write(list.stream().map(ApiJson::summary).toList(), true));
                    return 0;
                }
                if (list.isEmpty()) {
                    print(
                            spec,
                            "No strategies registered" + (name != null || stage != null ? " that match" : "")
                                    + ". Evolve some: seedgrid evolve --symbol AAPL");
                    return 0;
                }
                StringBuilder sb = new StringBuilder(String.format(
                        Locale.ROOT,
                        "%-28s %-10s %6s %-20s %-12s %10s %8s  %s%n",
                        "ID",
                        "STAGE",
                        "SHARE",
                        "SINCE",
                        "DATA",
                        "OOS SHARPE",
                        "MAX DD",
                        "DRIFT"));
                for (RegisteredStrategy s : list) {
                    sb.append(String.format(
                            Locale.ROOT,
                            "%-28s %-10s %5.0f%% %-20s %-12s %10.3f %7.2f%%  %s%n",
                            s.id(),
                            s.stage(),
                            s.share() * 100,
                            s.stageSince().toString().substring(0, 19),
                            s.evolvedOn().symbol() + " " + s.evolvedOn().timeframe(),
                            s.outOfSample().sharpe(),
                            s.outOfSample().maxDrawdown() * 100,
                            s.drift().map(d -> d.status().name()).orElse(s.live() ? "not checked" : "-")));
                }
                print(spec, sb.toString().stripTrailing());
                return 0;
            });
        }
    }

    // ---------------------------------------------------------------- show

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {
                "Shows one strategy: definition, data, metrics, stage, lineage, its log, the gates of its",
                "next promotion and, for CANARY and PRODUCTION strategies, a drift check made now (recorded in",
                "its log when the verdict changed)."
            })
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StorageOptions storage;

        @Mixin
        GateOptions gates;

        @Parameters(paramLabel = "ID", description = "A strategy id (name@version), or a name for its newest version.")
        String id;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            return withRegistry(storage, gates, registry -> {
                RegisteredStrategy s = registry.get(id);
                DriftReport drift = registry.checkDrift(s.id(), GateOptions.actor());
                s = registry.get(s.id());
                List<GateResult> next = registry.preview(s.id());
                List<StrategyEventRecord> history = registry.history(s.id());
                if (json) {
                    Map<String, Object> v = new LinkedHashMap<>(ApiJson.detail(s, history, next));
                    v.put("drift_now", ApiJson.drift(drift));
                    print(spec, ApiJson.write(v, true));
                    return 0;
                }
                StringBuilder sb = new StringBuilder();
                sb.append(String.format(
                        Locale.ROOT,
                        "%s  %s since %s%s%n",
                        s.id(),
                        s.stage(),
                        s.stageSince(),
                        s.live()
                                ? String.format(
                                        Locale.ROOT, ", carrying %.0f%% of %s's capital", s.share() * 100, s.name())
                                : ""));
                sb.append(String.format(
                        Locale.ROOT, "  strategy   %s%n", s.definition().describe()));
                sb.append(String.format(
                        Locale.ROOT,
                        "  backtest   %s, %.0f%% held out%n",
                        s.definition().settings().describe(),
                        s.definition().settings().outOfSampleFraction() * 100));
                sb.append(String.format(
                        Locale.ROOT,
                        "  execution  %s%n",
                        s.definition().settings().fill().meaning()));
                sb.append(String.format(
                        Locale.ROOT,
                        "  data       %s %s, %d bars %s .. %s, out of sample from %s%n",
                        s.evolvedOn().symbol(),
                        s.evolvedOn().timeframe(),
                        s.evolvedOn().bars(),
                        s.evolvedOn().firstBar(),
                        s.evolvedOn().lastBar(),
                        s.evolvedOn().outOfSampleFrom()));
                sb.append(String.format(Locale.ROOT, "  metrics    %s%n", metricsLine(s)));
                s.evidence()
                        .ifPresentOrElse(
                                e -> sb.append(String.format(
                                        Locale.ROOT,
                                        "  evidence   out-of-sample PSR"
                                                + " %.4f (%d judged); OOS Sharpe with next-close fills %.3f, at %.1f x costs %.3f; break-even"
                                                + " cost %s%n  market     buy-and-hold Sharpe in sample %.3f, out of sample %.3f (return %.2f%%)%n",
                                        e.outOfSamplePsr(),
                                        e.judged(),
                                        e.nextCloseSharpe(),
                                        e.costFactor(),
                                        e.stressedCostSharpe(),
                                        Views.breakEven(e.breakEvenCostBps()),
                                        e.buyAndHoldInSample().sharpe(),
                                        e.buyAndHoldOutOfSample().sharpe(),
                                        e.buyAndHoldOutOfSample().totalReturn() * 100)),
                                () -> sb.append("  evidence   none recorded (registered before seedgrid kept it)\n"));
                sb.append(String.format(
                        Locale.ROOT,
                        "  lineage    run %s rank %s, parent %s%s%n",
                        s.runId().orElse("-"),
                        s.rank() == 0 ? "-" : String.valueOf(s.rank()),
                        s.parentId().orElse("- (first version)"),
                        s.trigger()
                                .map(t -> ", re-evolved (trigger: " + t + ")")
                                .orElse("")));
                sb.append(String.format(Locale.ROOT, "  drift      %s: %s%n", drift.status(), drift.message()));
                if (!next.isEmpty()) {
                    sb.append("  next promotion's gates, as of now:\n");
                    next.forEach(g -> sb.append("    ").append(g).append('\n'));
                }
                sb.append("  log:\n");
                for (StrategyEventRecord e : history) {
                    sb.append(String.format(
                            Locale.ROOT,
                            "    %3d %s %-11s -> %-10s %s%s%n",
                            e.seq(),
                            e.at(),
                            e.kind(),
                            e.stage(),
                            e.actor() == null ? "" : "[" + e.actor() + "] ",
                            e.message() == null ? "" : e.message()));
                }
                print(spec, sb.toString().stripTrailing());
                return 0;
            });
        }
    }

    // ---------------------------------------------------------------- promote, rollback, archive

    @Command(
            name = "promote",
            mixinStandardHelpOptions = true,
            description = {
                "Moves a strategy one stage up if the gates of that step pass; a refusal is recorded in its",
                "log and names the failed gates (exit 1)."
            })
    static final class Promote implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StorageOptions storage;

        @Mixin
        GateOptions gates;

        @Parameters(paramLabel = "ID", description = "A strategy id (name@version), or a name for its newest version.")
        String id;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            return withRegistry(storage, gates, registry -> {
                StrategyStage before = registry.get(id).stage();
                try {
                    RegisteredStrategy s = registry.promote(id, GateOptions.actor());
                    if (json) {
                        print(spec, ApiJson.write(ApiJson.detail(s, null, null), true));
                    } else {
                        StrategyEventRecord last = registry.history(s.id())
                                .get(registry.history(s.id()).size() - 1);
                        StringBuilder sb = new StringBuilder(
                                String.format(Locale.ROOT, "Promoted %s: %s -> %s%n", s.id(), before, s.stage()));
                        if (last.detailsJson() != null) {
                            ApiJson.tree(last.detailsJson())
                                    .path("gates")
                                    .forEach(g -> sb.append("  passed ")
                                            .append(g.path("gate").asText())
                                            .append(": ")
                                            .append(g.path("detail").asText())
                                            .append('\n'));
                        }
                        print(spec, sb.toString().stripTrailing());
                    }
                    return 0;
                } catch (PromotionRefusedException e) {
                    if (json) {
                        Map<String, Object> v = new LinkedHashMap<>();
                        v.put("error", e.getMessage());
                        v.put("strategy_id", e.strategyId());
                        v.put("from", e.from());
                        v.put("to", e.to());
                        v.put(
                                "failed_gates",
                                e.failed().stream().map(GateResult::gate).toList());
                        v.put("gates", e.gates().stream().map(ApiJson::gate).toList());
                        print(spec, ApiJson.write(v, true));
                    }
                    PrintWriter err = spec.commandLine().getErr();
                    err.printf(
                            "seedgrid strategies promote: %s stays %s: promotion to %s refused%n",
                            e.strategyId(), e.from(), e.to());
                    e.gates().forEach(g -> err.println("  " + g));
                    err.flush();
                    return 1;
                }
            });
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = {
                "Takes the PRODUCTION version of a name out (to ARCHIVED) and puts the version it replaced",
                "back in PRODUCTION, in one step."
            })
    static final class Rollback implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "NAME", description = "A strategy name (or any version's id).")
        String name;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            return withRegistry(storage, null, registry -> {
                RegisteredStrategy restored = registry.rollback(name, GateOptions.actor());
                print(
                        spec,
                        json
                                ? ApiJson.write(ApiJson.detail(restored, null, null), true)
                                : "Rolled back " + restored.name() + ": " + restored.id() + " is in PRODUCTION again");
                return 0;
            });
        }
    }

    @Command(
            name = "archive",
            mixinStandardHelpOptions = true,
            description = "Archives a strategy version: it leaves its stage for good and stays readable.")
    static final class Archive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "ID", description = "A strategy id (name@version).")
        String id;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            return withRegistry(storage, null, registry -> {
                RegisteredStrategy s = registry.archive(id, GateOptions.actor());
                print(spec, json ? ApiJson.write(ApiJson.detail(s, null, null), true) : "Archived " + s.id());
                return 0;
            });
        }
    }

    // ---------------------------------------------------------------- shadow, compare

    @Command(
            name = "shadow",
            mixinStandardHelpOptions = true,
            description = {
                "Puts a STAGING version in SHADOW beside its name's PRODUCTION version: the live loop",
                "computes its signals and would-be returns on every bar, it trades nothing, and it goes on only to",
                "CANARY (promote), once it matches production over enough common live bars (see compare)."
            })
    static final class Shadow implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "ID", description = "A strategy id (name@version), or a name for its newest version.")
        String id;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            return withRegistry(storage, null, registry -> {
                RegisteredStrategy s = registry.shadow(id, GateOptions.actor());
                StrategyEventRecord last =
                        registry.history(s.id()).get(registry.history(s.id()).size() - 1);
                print(
                        spec,
                        json
                                ? ApiJson.write(ApiJson.detail(s, null, null), true)
                                : "Shadowing " + s.id() + ": " + last.message());
                return 0;
            });
        }
    }

    @Command(
            name = "compare",
            mixinStandardHelpOptions = true,
            description = {
                "Compares two versions over the live bars they have in common (after both went live,",
                "SHADOW included): realised Sharpe ratio, return and drawdown of each, how often they held the",
                "same position, and a paired t-test of the per-bar return difference."
            })
    static final class Compare implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StorageOptions storage;

        @Parameters(index = "0", paramLabel = "A", description = "A strategy id, or a name for its newest version.")
        String a;

        @Parameters(index = "1", paramLabel = "B", description = "The one to compare it with.")
        String b;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            return withRegistry(storage, null, registry -> {
                Comparison c = registry.compare(a, b);
                if (json) {
                    print(spec, ApiJson.write(ApiJson.comparison(c), true));
                    return 0;
                }
                if (c.bars() == 0) {
                    print(
                            spec,
                            c.a() + " and " + c.b() + " have no live bars in common yet (each needs signals after"
                                    + " it went live: SHADOW, CANARY or PRODUCTION)");
                    return 0;
                }
                StringBuilder sb = new StringBuilder(String.format(
                        Locale.ROOT,
                        "%s vs %s over %d common live bars," + " %s .. %s%n",
                        c.a(),
                        c.b(),
                        c.bars(),
                        c.from().orElseThrow(),
                        c.to().orElseThrow()));
                sb.append(String.format(
                        Locale.ROOT,
                        "  %-28s Sharpe %8.3f  return %7.2f%%  max drawdown %6.2f%%%n",
                        c.a(),
                        c.sharpeA(),
                        c.returnA() * 100,
                        c.drawdownA() * 100));
                sb.append(String.format(
                        Locale.ROOT,
                        "  %-28s Sharpe %8.3f  return %7.2f%%  max drawdown %6.2f%%%n",
                        c.b(),
                        c.sharpeB(),
                        c.returnB() * 100,
                        c.drawdownB() * 100));
                sb.append(String.format(Locale.ROOT, "  same position on %.1f%% of the bars%n", c.agreement() * 100));
                sb.append(String.format(
                        Locale.ROOT,
                        "  return difference %.4f%% per bar: paired t = %s, p = %s"
                                + " (two-sided), p = %s that %s earns less",
                        c.meanDifference() * 100,
                        Views.number(c.t(), 3),
                        Views.number(c.pTwoSided(), 4),
                        Views.number(c.pAWorse(), 4),
                        c.a()));
                print(spec, sb.toString());
                return 0;
            });
        }
    }
}
