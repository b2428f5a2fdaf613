package io.seedgrid.validation;

import io.seedgrid.seeds.gating.DataSufficiency;
import io.seedgrid.seeds.gating.GateDecision;
import io.seedgrid.seeds.gating.Recommendation;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.storage.SymbolSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The deployment guide's gating table for every stored series: each seed's recommendation on that many bars. Passes
 * when every seed may be deployed on every stored series (any DEPLOY_* verdict); a series on which the guide says
 * DELAY_DEPLOYMENT or INSUFFICIENT_DATA for some seed fails it, naming the series, the seeds and why. Nothing stored
 * fails it too: a deployment without data cannot trade.
 */
final class DataSufficiencyCheck extends BaseCheck {
    DataSufficiencyCheck(int weight, boolean critical) {
        super(
                "data-sufficiency",
                "Data sufficiency: the guide's gating table for every stored symbol",
                weight,
                critical);
    }

    @Override
    public CheckOutcome run(ValidationContext context) {
        if (context.store().isEmpty()) {
            return CheckOutcome.skipped(context.storageUnavailable());
        }
        List<SymbolSummary> stored = context.storedSymbols();
        if (stored.isEmpty()) {
            return CheckOutcome.failed(context.noWorkSeries(), "0 series stored", Map.of("series", List.of()));
        }
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        List<Map<String, Object>> tables = new ArrayList<>();
        for (SymbolSummary s : stored) {
            int n = (int) Math.min(Integer.MAX_VALUE, s.count());
            List<Map<String, Object>> rows = new ArrayList<>();
            Map<Recommendation, Integer> counts = new TreeMap<>();
            List<String> held = new ArrayList<>();
            for (Seed seed : context.seeds()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("seed", seed.name());
                try {
                    GateDecision d = DataSufficiency.assess(seed, n);
                    counts.merge(d.recommendation(), 1, Integer::sum);
                    row.put("type", d.type().name());
                    row.put("recommendation", d.recommendation().name());
                    row.put("threshold", d.threshold());
                    row.put("threshold_met", d.thresholdMet());
                    row.put("eligible", d.eligible());
                    row.put("bars_for_genes", d.barsForGenes());
                    row.put("reason", d.reason());
                    if (!d.eligible()) {
                        held.add(seed.name() + " " + d.recommendation() + " (" + d.reason() + ")");
                    }
                } catch (RuntimeException e) {
                    row.put("error", describe(e));
                    held.add(seed.name() + " cannot be gated: " + describe(e));
                }
                rows.add(row);
            }
            if (!held.isEmpty()) {
                problems.add(ValidationContext.label(s) + ": " + String.join(", ", held));
            }
            evidence.add(ValidationContext.label(s) + ": "
                    + counts.entrySet().stream()
                            .map(e -> e.getValue() + " " + e.getKey())
                            .collect(Collectors.joining(", ")));
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("symbol", s.symbol());
            table.put("timeframe", s.timeframe().label());
            table.put("bars", s.count());
            table.put("seeds", rows);
            tables.add(table);
        }
        return CheckOutcome.judge(problems, String.join("; ", evidence), Map.of("series", tables));
    }
}
