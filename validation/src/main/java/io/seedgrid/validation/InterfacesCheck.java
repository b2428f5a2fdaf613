package io.seedgrid.validation;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.ReportRecord;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.SignalPoint;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StoreHealth;
import io.seedgrid.storage.Stores;
import io.seedgrid.storage.StrategyRecord;
import io.seedgrid.storage.SymbolSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The storage interface later phases build on, checked by calling it:
 * <ul>
 *   <li>backend switching: the same configuration resolution the commands use picks {@code local} and {@code shared}
 *       by name alone, and each opens; on both, in a scratch directory deleted afterwards, every method of the bar,
 *       run, signal and report roles of the {@link Store} is called (bars upsert, idempotent re-write and range
 *       reads, runs with status, generations and results, signals, reports, health) and must give the expected
 *       answers, the same on both backends;</li>
 *   <li>the configured store answers the read methods (symbols, a one-bar range read, unknown symbol, run, signals,
 *       runs and reports lists) without writing anything to it.</li>
 * </ul>
 */
final class InterfacesCheck extends BaseCheck {
    private static final String PROBE = "seedgrid-validate-probe";

    InterfacesCheck(int weight, boolean critical) {
        super("interfaces", "Interfaces: storage methods and backend switching work when called", weight, critical);
    }

    @Override
    public CheckOutcome run(ValidationContext context) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        Path scratch = Files.createTempDirectory("seedgrid-validate-");
        List<String> local;
        List<String> shared;
        int calls;
        try {
            Map<String, String> env = new HashMap<>();
            env.put(
                    StorageConfig.ENV_DUCKDB_PATH,
                    scratch.resolve("switch.duckdb").toString());
            env.put(StorageConfig.ENV_SHARED_PATH, scratch.resolve("shared").toString());
            env.put("SEEDGRID_HOME", scratch.toString());
            Path noConfigFile = scratch.resolve("none.properties");
            local = roundTrip(StorageConfig.resolve("local", env, noConfigFile), "local", problems);
            shared = roundTrip(StorageConfig.resolve("shared", env, noConfigFile), "shared", problems);
            calls = local.size();
            // The first answer names the backend; every other answer must be the same on both.
            if (!local.isEmpty()
                    && !shared.isEmpty()
                    && !local.subList(1, local.size()).equals(shared.subList(1, shared.size()))) {
                for (int i = 1; i < Math.min(local.size(), shared.size()); i++) {
                    if (!local.get(i).equals(shared.get(i))) {
                        problems.add("local and shared backends answer differently: " + local.get(i) + " vs "
                                + shared.get(i));
                        break;
                    }
                }
            }
        } finally {
            delete(scratch);
        }
        details.put("round_trip_local", local);
        details.put("round_trip_shared", shared);
        List<String> configured = new ArrayList<>();
        if (context.store().isEmpty()) {
            problems.add("the configured " + context.storageConfigs().get(0).backend() + " store cannot be called: "
                    + context.storeError());
        } else {
            readOnly(context.store().get(), configured, problems);
        }
        details.put("configured_store_calls", configured);
        String evidence = "local and shared: " + calls + " store calls each, same answers; configured "
                + context.storageConfigs().get(0).backend() + " store: " + configured.size() + " read calls";
        return CheckOutcome.judge(problems, problems.isEmpty() ? evidence : "", details);
    }

    /**
     * Every bar, run, signal and report method on a fresh store of {@code expected}; the answers in order, or empty
     * after a failure.
     */
    private static List<String> roundTrip(StorageConfig config, String expected, List<String> problems) {
        List<String> answers = new ArrayList<>();
        if (!config.backend().label().equals(expected)) {
            problems.add("--storage " + expected + " resolves to the " + config.backend() + " backend");
            return List.of();
        }
        Bars bars = BundledData.load(BundledData.AAPL).head(30);
        Instant at = Instant.parse("2024-01-02T03:04:05.678Z");
        try (Store store = Stores.open(config)) {
            expect(answers, "backend", store.backend(), expected);
            expect(answers, "writeBars new", store.bars().writeBars(bars), 30);
            expect(answers, "writeBars again", store.bars().writeBars(bars), 0);
            Bars back = store.bars().readBars(bars.symbol(), bars.timeframe());
            expect(
                    answers,
                    "readBars all",
                    back.size() + " bars, last close " + back.close(back.size() - 1),
                    "30 bars, last close " + bars.close(29));
            expect(
                    answers,
                    "readBars range",
                    store.bars()
                            .readBars(bars.symbol(), bars.timeframe(), bars.endTime(5), bars.endTime(10))
                            .size(),
                    5);
            List<SymbolSummary> symbols = store.bars().listSymbols();
            expect(
                    answers,
                    "listSymbols",
                    symbols.size() + " " + symbols.get(0).symbol() + " "
                            + symbols.get(0).count(),
                    "1 " + bars.symbol() + " 30");
            store.runs()
                    .saveRun(new RunRecord(
                            "run-1", at, bars.symbol(), bars.timeframe(), 42, RunStatus.RUNNING, "{\"p\":1}"));
            store.runs().updateRunStatus("run-1", RunStatus.COMPLETED, "done");
            store.runs().saveGeneration("run-1", new GenerationRecord(0, 1.5, 0.5, 20, 12, null));
            store.runs()
                    .saveResults(
                            "run-1",
                            List.of(new StrategyRecord(1, "{\"fast\":12}", "{\"sharpe\":1.5}", null, 1.5, true)));
            RunRecord run = store.runs().findRun("run-1").orElse(null);
            expect(answers, "findRun", run == null ? "none" : run.status() + " " + run.message(), "COMPLETED done");
            expect(answers, "listRuns", store.runs().listRuns(5).size(), 1);
            expect(answers, "generations", store.runs().generations("run-1").size(), 1);
            expect(
                    answers,
                    "results",
                    store.runs().results("run-1").stream()
                            .map(StrategyRecord::genesJson)
                            .toList(),
                    List.of("{\"fast\":12}"));
            List<SignalPoint> points =
                    List.of(new SignalPoint(bars.endTime(0), 0.5), new SignalPoint(bars.endTime(1), -0.25));
            expect(answers, "writeSignals", store.signals().writeSignals("s-1", bars.symbol(), points), 2);
            expect(answers, "readSignals", store.signals().readSignals("s-1", bars.symbol(), null), points);
            store.reports().saveReport("report-1", at, "{\"ok\":true}");
            List<ReportRecord> reports = store.reports().reports(1);
            expect(
                    answers,
                    "reports",
                    reports.isEmpty()
                            ? "none"
                            : reports.get(0).id() + " " + reports.get(0).json(),
                    "report-1 {\"ok\":true}");
            StoreHealth health = store.health();
            expect(answers, "health answers", health.status() != StoreHealth.Status.UNHEALTHY, true);
            expect(answers, "health bars", health.barCount(), 30L);
        } catch (RuntimeException e) {
            problems.add(expected + " backend: " + describe(e) + " after " + answers.size() + " calls");
            return List.of();
        }
        List<String> wrong = answers.stream().filter(a -> a.contains(" WRONG ")).toList();
        wrong.forEach(w -> problems.add(expected + " backend: " + w));
        return answers;
    }

    private static void readOnly(Store store, List<String> calls, List<String> problems) {
        try {
            List<SymbolSummary> symbols = store.bars().listSymbols();
            calls.add("listSymbols: " + symbols.size());
            if (!symbols.isEmpty()) {
                SymbolSummary s = symbols.get(0);
                int one = store.bars()
                        .readBars(
                                s.symbol(), s.timeframe(), s.first(), s.first().plusMillis(1))
                        .size();
                calls.add("readBars first bar of " + s.symbol() + ": " + one);
                if (one != 1) {
                    problems.add("configured store: reading the first bar of " + s.symbol() + " gave " + one + " bars");
                }
            }
            int none = store.bars().readBars(PROBE, Timeframe.D1).size();
            calls.add("readBars unknown symbol: " + none);
            boolean noRun = store.runs().findRun(PROBE).isEmpty();
            calls.add("findRun unknown: " + (noRun ? "empty" : "found"));
            int signals = store.signals().readSignals(PROBE, PROBE, null).size();
            calls.add("readSignals unknown: " + signals);
            calls.add("listRuns: " + store.runs().listRuns(1).size());
            calls.add("reports: " + store.reports().reports(1).size());
            if (none != 0 || !noRun || signals != 0) {
                problems.add("configured store: unknown symbol/run/strategy gave data: " + calls);
            }
        } catch (RuntimeException e) {
            problems.add("configured store: " + describe(e) + " after " + calls);
        }
    }

    private static void expect(List<String> answers, String call, Object actual, Object expected) {
        answers.add(call
                + (Objects.equals(actual, expected) ? ": " + actual : " WRONG " + actual + ", expected " + expected));
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the scratch directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
