package io.seedgrid.validation;

import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StoreHealth;
import io.seedgrid.storage.Stores;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Health of every configured backend: each answers its health query (a real query over the stored bars) with status
 * HEALTHY and a median latency under the limit. The first backend is the one the runner opened; the others are opened
 * here and closed again.
 */
final class StorageCheck extends BaseCheck {
    StorageCheck(int weight, boolean critical) {
        super(
                "storage",
                "Storage: every configured backend healthy, health query under the latency limit",
                weight,
                critical);
    }

    @Override
    public CheckOutcome run(ValidationContext context) {
        long limit = context.settings().healthLatencyMillis();
        int probes = context.settings().healthProbes();
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        List<Map<String, Object>> backends = new ArrayList<>();
        List<StorageConfig> configs = context.storageConfigs();
        for (int i = 0; i < configs.size(); i++) {
            StorageConfig config = configs.get(i);
            List<StoreHealth> answers;
            if (i == 0) {
                answers = context.store()
                        .map(store -> probe(store, probes))
                        .orElseGet(() -> List.of(
                                StoreHealth.unhealthy(config.backend().label(), 0, context.storeError(), Map.of())));
            } else {
                answers = probe(config, probes);
            }
            StoreHealth judged = judged(answers);
            boolean ok = judged.status() == StoreHealth.Status.HEALTHY && judged.latencyMillis() < limit;
            String line = String.format(
                    Locale.ROOT,
                    "%s %s %.1f ms%s",
                    judged.backend(),
                    judged.status(),
                    judged.latencyMillis(),
                    judged.barCount() >= 0 ? ", " + judged.barCount() + " bars" : "");
            evidence.add(line);
            if (!ok) {
                problems.add(judged.backend() + " at " + config.location() + " is " + judged.status()
                        + (judged.error() != null
                                ? ": " + judged.error()
                                : String.format(
                                        Locale.ROOT,
                                        ": health query %.0f ms >= %d ms",
                                        judged.latencyMillis(),
                                        limit)));
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("backend", judged.backend());
            row.put("location", config.location());
            row.put("selected", i == 0);
            row.put("status", judged.status().name());
            row.put("latency_ms", round(judged.latencyMillis()));
            row.put(
                    "latencies_ms",
                    answers.stream().map(h -> round(h.latencyMillis())).toList());
            row.put("bar_count", judged.barCount());
            row.put("error", judged.error());
            row.put("healthy", ok);
            backends.add(row);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("latency_limit_ms", limit);
        details.put("probes", probes);
        details.put("backends", backends);
        return CheckOutcome.judge(
                problems,
                String.join("; ", evidence) + " (median of " + probes + (probes == 1 ? " query" : " queries")
                        + ", limit " + limit + " ms)",
                details);
    }

    private static List<StoreHealth> probe(Store store, int probes) {
        List<StoreHealth> answers = new ArrayList<>();
        for (int i = 0; i < probes; i++) {
            answers.add(store.health());
        }
        return answers;
    }

    private static List<StoreHealth> probe(StorageConfig config, int probes) {
        try (Store store = Stores.open(config)) {
            return probe(store, probes);
        } catch (RuntimeException e) {
            return List.of(Stores.health(config)); // never throws: UNHEALTHY with the reason
        }
    }

    /** An UNHEALTHY answer if there is one (it did not answer at all), else the median by latency. */
    static StoreHealth judged(List<StoreHealth> answers) {
        for (StoreHealth h : answers) {
            if (h.status() == StoreHealth.Status.UNHEALTHY) {
                return h;
            }
        }
        List<StoreHealth> sorted = answers.stream()
                .sorted(Comparator.comparingDouble(StoreHealth::latencyMillis))
                .toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double round(double millis) {
        return Math.round(millis * 100) / 100.0;
    }
}
