package io.seedgrid.cli;

import io.seedgrid.cli.report.Json;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.StoreHealth;
import io.seedgrid.storage.Stores;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        description = {
            "Health of the configured storage backend: status, backend, latency of a real query, bars stored.",
            "Exit code: 0 healthy, 1 degraded (answers, but slowly or partly), 2 unhealthy (worst of all with --all)."
        })
final class HealthCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StorageOptions storage;

    @Option(names = "--all", description = "Every configured backend, not just the selected one.")
    boolean all;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        List<StorageConfig> configs = all ? storage.allConfigured() : List.of(storage.config());
        List<StoreHealth> health = configs.stream().map(Stores::health).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(all ? health : health.get(0)));
        } else {
            for (int i = 0; i < health.size(); i++) {
                out.printf("%s  (%s)%n", health.get(i).summary(), configs.get(i).location());
            }
        }
        out.flush();
        return health.stream().mapToInt(HealthCommand::exitCode).max().orElse(0);
    }

    static int exitCode(StoreHealth health) {
        return switch (health.status()) {
            case HEALTHY -> 0;
            case DEGRADED -> 1;
            case UNHEALTHY -> 2;
        };
    }
}
