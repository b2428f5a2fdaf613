package io.seedgrid.validation;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gating.DataSufficiency;
import io.seedgrid.seeds.gating.GateDecision;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.storage.SymbolSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Each seed, with its default genes, on a stored series with enough bars for it (the work series first, then the
 * longest), gives a meaningful signal: one finite value in [-1, 1] per bar, some of them non-zero, and changing.
 * A seed no stored series has enough bars for is reported as gated, with the gating recommendation, not as a failure.
 */
final class SignalsCheck extends BaseCheck {
    SignalsCheck(int weight, boolean critical) {
        super(
                "signals",
                "Signals: every seed gives non-zero, changing signals on stored data with enough bars",
                weight,
                critical);
    }

    @Override
    public CheckOutcome run(ValidationContext context) {
        if (context.store().isEmpty()) {
            return CheckOutcome.skipped(context.storageUnavailable());
        }
        List<SymbolSummary> candidates = preferred(context);
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<String> gated = new ArrayList<>();
        int meaningful = 0;
        for (Seed seed : context.seeds()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seed", seed.name());
            rows.add(row);
            Optional<SymbolSummary> series;
            GateDecision verdict = null;
            try {
                series = candidates.stream().filter(s -> enoughFor(seed, s)).findFirst();
                if (series.isEmpty() && !candidates.isEmpty()) {
                    verdict = DataSufficiency.assess(seed, (int)
                            Math.min(Integer.MAX_VALUE, candidates.get(0).count()));
                }
            } catch (RuntimeException e) {
                problems.add(seed.name() + ": cannot be gated: " + describe(e));
                row.put("status", "FAILED");
                row.put("error", describe(e));
                continue;
            }
            if (series.isEmpty()) {
                String why = verdict == null
                        ? "no bars stored"
                        : verdict.recommendation() + " on " + ValidationContext.label(candidates.get(0)) + ": "
                                + (verdict.eligible()
                                        ? "its default genes need "
                                                + (seed.warmup(seed.defaultGenes()) + DataSufficiency.MIN_SIGNAL_BARS)
                                                + " bars"
                                        : verdict.reason());
                gated.add(seed.name() + " (" + why + ")");
                row.put("status", "GATED");
                row.put(
                        "recommendation",
                        verdict == null ? null : verdict.recommendation().name());
                row.put("reason", why);
                continue;
            }
            SymbolSummary s = series.get();
            row.put("series", ValidationContext.label(s));
            String problem;
            try {
                Bars bars = context.bars(s);
                double[] signal = seed.signals(SeedContext.of(bars), seed.defaultGenes());
                problem = judge(signal, bars.size(), row);
            } catch (RuntimeException e) {
                problem = "threw " + describe(e);
                row.put("error", describe(e));
            }
            row.put("status", problem == null ? "PASSED" : "FAILED");
            if (problem == null) {
                meaningful++;
            } else {
                problems.add(
                        seed.name() + " on " + s.symbol() + " " + s.timeframe().label() + ": " + problem);
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("seeds", rows);
        details.put("gated", gated);
        if (meaningful == 0 && problems.isEmpty()) {
            return CheckOutcome.skipped("no seed has enough stored bars to signal: " + String.join("; ", gated));
        }
        String evidence = meaningful + " of " + context.seeds().size() + " seeds give meaningful signals"
                + (gated.isEmpty() ? "" : "; gated: " + String.join("; ", gated));
        return CheckOutcome.judge(problems, evidence, details);
    }

    /** The work series first, then the others, longest first. */
    static List<SymbolSummary> preferred(ValidationContext context) {
        List<SymbolSummary> all = new ArrayList<>(context.storedSymbols());
        all.sort(Comparator.comparingLong(SymbolSummary::count).reversed());
        context.workSeries().ifPresent(work -> {
            all.remove(work);
            all.add(0, work);
        });
        return all;
    }

    /** Gating lets the seed deploy on the series, and its default genes leave signal bars after their warm-up. */
    private static boolean enoughFor(Seed seed, SymbolSummary s) {
        int n = (int) Math.min(Integer.MAX_VALUE, s.count());
        return DataSufficiency.assess(seed, n).eligible()
                && seed.warmup(seed.defaultGenes()) + DataSufficiency.MIN_SIGNAL_BARS <= n;
    }

    /** Null when the signal is meaningful, else what is wrong; fills in the row's figures. */
    static String judge(double[] signal, int bars, Map<String, Object> row) {
        if (signal == null || signal.length != bars) {
            return "gave " + (signal == null ? "no signal" : signal.length + " values") + " for " + bars + " bars";
        }
        int nonZero = 0;
        int changes = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < signal.length; t++) {
            double x = signal[t];
            if (!Double.isFinite(x) || x < -1 || x > 1) {
                return "value " + x + " at bar " + t + " is not a finite number in [-1, 1]";
            }
            nonZero += x != 0 ? 1 : 0;
            changes += t > 0 && x != signal[t - 1] ? 1 : 0;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        row.put("bars", bars);
        row.put("non_zero", nonZero);
        row.put("changes", changes);
        row.put("min", min);
        row.put("max", max);
        if (nonZero == 0) {
            return "every signal is 0 over " + bars + " bars";
        }
        if (changes == 0) {
            return String.format(Locale.ROOT, "the signal never changes (%.4g throughout)", signal[0]);
        }
        return null;
    }
}
