package io.seedgrid.cli;

import io.seedgrid.cli.report.Json;
import io.seedgrid.evolution.analysis.SeedAnalysis;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.seed.Seed;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Checks seeds for look-ahead and for dependence on how much history came before.",
        subcommands = {CheckCommand.Lookahead.class, CheckCommand.Recursive.class})
final class CheckCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What both checks take. */
    static final class Target {
        @Mixin
        MarketDataOptions data;

        @Option(names = "--seeds", paramLabel = "SEED[,SEED...]", description = "Seeds to check (default: all ten).")
        String seeds;

        @Option(
                names = "--bars",
                paramLabel = "N",
                description = "Check on the first N bars (default: lookahead 1500, as ML seeds retrain for every cut; "
                        + "recursive all, as exponential averages need thousands of bars to forget their start).")
        Integer bars;

        @Option(
                names = "--genomes",
                paramLabel = "N",
                defaultValue = "4",
                description = "Genomes per seed: the defaults plus random ones. Default: ${DEFAULT-VALUE}.")
        int genomes;

        @Option(
                names = "--seed",
                paramLabel = "N",
                defaultValue = "1",
                description = "Random seed. Default: ${DEFAULT-VALUE}.")
        long randomSeed;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        Bars load(int defaultBars) {
            Bars all = data.load();
            int n = bars == null ? defaultBars : bars;
            if (n < 2 || genomes < 1) {
                throw new IllegalArgumentException("--bars must be >= 2 and --genomes >= 1");
            }
            return all.head(Math.min(n, all.size()));
        }

        /**
         * Runs {@code check} on every chosen seed, printing each verdict as it comes (or all as JSON at the end).
         *
         * @return exit code: 0 when every seed passed, 1 otherwise
         */
        <R> int report(CommandSpec spec, Function<Seed, R> check, Function<R, String> describe, Predicate<R> passed) {
            PrintWriter out = spec.commandLine().getOut();
            List<R> reports = new ArrayList<>();
            for (Seed seed : Seeds.parse(seeds)) {
                R report = check.apply(seed);
                reports.add(report);
                if (!json) {
                    out.println(describe.apply(report));
                    out.flush();
                }
            }
            if (json) {
                out.println(Json.write(reports));
            }
            out.flush();
            return reports.stream().allMatch(passed) ? 0 : 1;
        }
    }

    @Command(
            name = "lookahead",
            mixinStandardHelpOptions = true,
            description = {
                "For random genomes of each seed, signals computed with the bars after t removed must equal",
                "the full run's signals up to t. A difference names the seed, the genes and the first differing bar.",
                "Exit 0 when every seed is clean, 1 otherwise."
            })
    static final class Lookahead implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Option(
                names = "--cuts",
                paramLabel = "N",
                defaultValue = "5",
                description = "Truncation points per genome. Default: ${DEFAULT-VALUE}.")
        int cuts;

        @Override
        public Integer call() {
            Bars bars = target.load(1500);
            return target.report(
                    spec,
                    seed -> SeedAnalysis.lookahead(seed, bars, target.genomes, cuts, target.randomSeed),
                    SeedAnalysis::describe,
                    SeedAnalysis.LookaheadReport::clean);
        }
    }

    @Command(
            name = "recursive",
            mixinStandardHelpOptions = true,
            description = {
                "Signals at a bar must not depend on how much history came before once the seed is warmed up:",
                "computed from later starting bars they must agree with the full history within 1e-9. Reports per",
                "seed after how many bars they agree. Exit 0 when every seed agrees, 1 otherwise."
            })
    static final class Recursive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Override
        public Integer call() {
            Bars bars = target.load(Integer.MAX_VALUE);
            return target.report(
                    spec,
                    seed -> SeedAnalysis.recursive(seed, bars, target.genomes, target.randomSeed),
                    SeedAnalysis::describe,
                    SeedAnalysis.RecursiveReport::converges);
        }
    }
}
