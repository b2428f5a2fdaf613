package io.seedgrid.cli;

import io.seedgrid.cli.report.Json;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.SymbolSummary;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Lists the stored symbols: timeframe, bar count, first and last bar.")
final class DataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StorageOptions storage;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Store store = storage.open()) {
            List<SymbolSummary> symbols = store.listSymbols();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(symbols));
            } else {
                out.printf("%s storage at %s%n", store.backend(), store.location());
                if (symbols.isEmpty()) {
                    out.println("no bars stored yet (try: seedgrid ingest --bundled all)");
                } else {
                    out.printf("%-20s %-4s %8s  %-22s %s%n", "SYMBOL", "TF", "BARS", "FIRST", "LAST");
                    for (SymbolSummary s : symbols) {
                        out.printf("%-20s %-4s %8d  %-22s %s%n", s.symbol(), s.timeframe(), s.count(), s.first(), s.last());
                    }
                }
            }
            out.flush();
        }
        return 0;
    }
}
