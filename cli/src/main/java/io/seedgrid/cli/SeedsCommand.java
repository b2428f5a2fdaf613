package io.seedgrid.cli;

import io.seedgrid.cli.report.Json;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.seed.Seed;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "seeds",
        mixinStandardHelpOptions = true,
        description = "Lists the genetic seeds: name, type, genes with ranges and defaults, bars needed.")
final class SeedsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Seed seed : Seeds.all()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", seed.name());
                row.put("type", seed.type());
                row.put("description", seed.description());
                row.put("data_requirement", seed.dataRequirement());
                row.put("minimum_bars", seed.dataRequirement().minimum());
                row.put("threshold_bars", seed.dataRequirement().threshold());
                row.put("warmup_bars_default_genes", seed.warmup(seed.defaultGenes()));
                row.put("genes", seed.genes());
                rows.add(row);
            }
            out.println(Json.write(rows));
        } else {
            out.printf("%-26s %-16s %-17s %s%n", "SEED", "TYPE", "BARS (min/best)", "GENES (range, default)");
            for (Seed seed : Seeds.all()) {
                List<String> genes = new ArrayList<>();
                for (GeneSpec g : seed.genes()) {
                    genes.add(g.name() + " " + g.rangeText() + " " + g.format(g.defaultValue()));
                }
                out.printf(
                        "%-26s %-16s %-17s %s%n",
                        seed.name(),
                        seed.type(),
                        seed.dataRequirement().minimum() + "/"
                                + seed.dataRequirement().threshold(),
                        String.join("; ", genes));
            }
            out.printf(
                    "%n%d seeds. Bars: minimum to deploy / the guide's threshold for the best verdict.%n",
                    Seeds.all().size());
        }
        out.flush();
        return 0;
    }
}
