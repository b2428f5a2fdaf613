package io.seedgrid.validation;

import io.seedgrid.evolution.analysis.SeedAnalysis;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.seed.Seed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code seedgrid check recursive} as a check: once warmed up, a seed's signal must not depend on how much history
 * came before; from later starting bars it must agree with the full history within 1e-9. A seed that never agrees
 * within the data (or throws) fails it; the bars each seed needs to forget its start are reported.
 */
final class RecursiveCheck extends BaseCheck {
    RecursiveCheck(int weight, boolean critical) {
        super("recursive", "Recursive: every seed forgets where its history started", weight, critical);
    }

    @Override
    public CheckOutcome run(ValidationContext context) {
        ValidationSettings settings = context.settings();
        Bars bars = context.analysisBars();
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> agreement = new ArrayList<>();
        for (Seed seed : context.seeds()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seed", seed.name());
            try {
                SeedAnalysis.RecursiveReport report =
                        SeedAnalysis.recursive(seed, bars, settings.recursiveGenomes(), settings.randomSeed());
                row.put("converges", report.converges());
                row.put("agreement_bars", report.agreementBars());
                row.put("declared_warmups", report.declaredWarmups());
                if (report.converges()) {
                    agreement.add(seed.name().replace("Seed", "") + " " + report.worstAgreement());
                } else {
                    problems.add(SeedAnalysis.describe(report)
                            .replaceAll("\\s+", " ")
                            .strip());
                }
            } catch (RuntimeException e) {
                row.put("converges", false);
                row.put("error", describe(e));
                problems.add(seed.name() + " cannot be checked: " + describe(e));
            }
            rows.add(row);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("data", bars.symbol() + " " + bars.timeframe().label() + " " + bars.size() + " bars (bundled)");
        details.put("genomes_per_seed", settings.recursiveGenomes());
        details.put("tolerance", SeedAnalysis.TOLERANCE);
        details.put("seeds", rows);
        String evidence = agreement.size() + " of " + context.seeds().size() + " seeds agree within 1e-9 after "
                + "(bars): " + agreement.stream().collect(Collectors.joining(", "));
        return CheckOutcome.judge(problems, evidence, details);
    }
}
