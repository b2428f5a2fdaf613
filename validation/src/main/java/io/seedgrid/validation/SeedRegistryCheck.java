package io.seedgrid.validation;

import io.seedgrid.seeds.gating.DataSufficiency;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every seed of the deployment guide is there and loads: a name, a type, a data requirement and genes whose ranges and
 * defaults hold, with a warm-up the seed can compute for its default and its shortest genes. Extra seeds are checked
 * the same way.
 */
final class SeedRegistryCheck extends BaseCheck {
    /** The ten seeds the deployment guide names (independent of the code's registry, so a lost seed is noticed). */
    static final List<String> GUIDE_SEEDS = List.of(
            "EMACrossoverSeed",
            "StochasticOscillatorSeed",
            "VolatilityScalingSeed",
            "RSIFilterSeed",
            "VWAPReversionSeed",
            "BollingerBandsSeed",
            "SMATrendFilterSeed",
            "IchimokuCloudSeed",
            "LinearSVCClassifierSeed",
            "PCATreeQuantileSeed");

    SeedRegistryCheck(int weight, boolean critical) {
        super("seed-registry", "Seed registry: the guide's ten seeds load with valid genes and type", weight, critical);
    }

    @Override
    public CheckOutcome run(ValidationContext context) {
        List<Seed> seeds = context.seeds();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<SeedType, Integer> types = new EnumMap<>(SeedType.class);
        List<Map<String, Object>> rows = new ArrayList<>();
        int genes = 0;
        for (Seed seed : seeds) {
            String name;
            try {
                name = seed.name();
            } catch (RuntimeException e) {
                problems.add("a seed does not say its name: " + describe(e));
                continue;
            }
            List<String> own = new ArrayList<>();
            if (name == null || name.isBlank()) {
                problems.add("a seed has a blank name");
                continue;
            }
            if (!names.add(name)) {
                own.add("name used twice");
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("seed", name);
            try {
                SeedType type = seed.type();
                if (type == null) {
                    own.add("no type");
                } else {
                    types.merge(type, 1, Integer::sum);
                    row.put("type", type.name());
                }
                if (seed.dataRequirement() == null) {
                    own.add("no data requirement");
                } else {
                    row.put("data_requirement", seed.dataRequirement().name());
                }
                List<GeneSpec> specs = seed.genes();
                if (specs == null || specs.isEmpty()) {
                    own.add("no genes");
                } else {
                    genes += specs.size();
                    row.put(
                            "genes",
                            specs.stream()
                                    .map(g -> g.name() + " " + g.rangeText() + " default " + g.format(g.defaultValue()))
                                    .toList());
                    double[] defaults = seed.defaultGenes();
                    if (defaults.length != specs.size()) {
                        own.add("default genes have " + defaults.length + " values for " + specs.size() + " genes");
                    } else {
                        for (int g = 0; g < specs.size(); g++) {
                            try {
                                specs.get(g).require(defaults[g]);
                            } catch (IllegalArgumentException e) {
                                own.add("default " + e.getMessage());
                            }
                        }
                    }
                    int warmup = seed.warmup(defaults);
                    int shortest = seed.warmup(DataSufficiency.shortestGenes(seed));
                    if (warmup < 0 || shortest < 0) {
                        own.add("negative warm-up (" + warmup + " default, " + shortest + " shortest)");
                    }
                    row.put("warmup_default_genes", warmup);
                }
            } catch (RuntimeException e) {
                own.add("does not load: " + describe(e));
            }
            row.put("ok", own.isEmpty());
            rows.add(row);
            own.forEach(p -> problems.add(name + ": " + p));
        }
        List<String> missing =
                GUIDE_SEEDS.stream().filter(n -> !names.contains(n)).toList();
        if (!missing.isEmpty()) {
            problems.add(0, "missing seeds of the guide: " + missing);
        }
        List<String> extra =
                names.stream().filter(n -> !GUIDE_SEEDS.contains(n)).sorted().toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("expected", GUIDE_SEEDS);
        details.put("missing", missing);
        details.put("extra", extra);
        details.put("seeds", rows);
        String evidence = seeds.size() + " seeds ("
                + types.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")) + "), " + genes
                + " genes" + (problems.isEmpty() ? ", all load with defaults in range" : "")
                + (extra.isEmpty() ? "" : "; beyond the guide's ten: " + extra);
        return CheckOutcome.judge(problems, evidence, details);
    }
}
