package io.seedgrid.validation;

import io.seedgrid.evolution.analysis.SeedAnalysis;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.seed.Seed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code seedgrid check lookahead} as a check: for every seed, the default genes and seeded random genomes, signals
 * computed with the bars after a cut removed must equal the full run's signals up to the cut, bit for bit. A leak
 * (or a seed that cannot be checked because it throws) fails it: every backtest of a leaking seed is a lie.
 */
final class LookaheadCheck extends BaseCheck {
    LookaheadCheck(int weight, boolean critical) {
        super(
                "lookahead",
                "Look-ahead: no seed's signal at bar t changes when later bars are removed",
                weight,
                critical);
    }

    @Override
    public CheckOutcome run(ValidationContext context) {
        ValidationSettings settings = context.settings();
        Bars all = context.analysisBars();
        Bars bars = all.head(Math.min(settings.lookaheadBars(), all.size()));
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Seed seed : context.seeds()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seed", seed.name());
            try {
                SeedAnalysis.LookaheadReport report = SeedAnalysis.lookahead(
                        seed, bars, settings.lookaheadGenomes(), settings.lookaheadCuts(), settings.randomSeed());
                row.put("clean", report.clean());
                row.put("leaks", report.leaks().size());
                row.put("line", SeedAnalysis.describe(report).strip());
                if (!report.clean()) {
                    problems.add(SeedAnalysis.describe(report)
                            .replaceAll("\\s+", " ")
                            .strip());
                }
            } catch (RuntimeException e) {
                row.put("clean", false);
                row.put("error", describe(e));
                problems.add(seed.name() + " cannot be checked: " + describe(e));
            }
            rows.add(row);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(
                "data", bars.symbol() + " " + bars.timeframe().label() + " first " + bars.size() + " bars (bundled)");
        details.put("genomes_per_seed", settings.lookaheadGenomes());
        details.put("cuts_per_genome", settings.lookaheadCuts());
        details.put("seeds", rows);
        long clean =
                rows.stream().filter(r -> Boolean.TRUE.equals(r.get("clean"))).count();
        String evidence = clean + " of " + context.seeds().size() + " seeds clean (" + settings.lookaheadGenomes()
                + " genomes x " + settings.lookaheadCuts() + " cuts each, first " + bars.size() + " bars of bundled "
                + bars.symbol() + ")";
        return CheckOutcome.judge(problems, evidence, details);
    }
}
