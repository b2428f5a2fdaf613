package io.seedgrid.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.storage.ReportRecord;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner against a healthy deployment and against broken ones: real stores, real bundled bars, real seeds. Each
 * broken deployment must drop the score, name the failing check and make the verdict "not ready".
 */
class RunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private static Map<String, CheckResult> byName(RunOutcome o) {
        return o.report().checks().stream().collect(Collectors.toMap(CheckResult::name, c -> c));
    }

    private static String table(RunOutcome o) {
        StringBuilder s = new StringBuilder(o.report().verdict()).append('\n');
        for (CheckResult c : o.report().checks()) {
            s.append(String.format(
                    "  %-16s %-7s %6d ms  %s%s%n",
                    c.name(), c.status(), c.millis(), c.evidence(), c.reason() == null ? "" : " | " + c.reason()));
        }
        return s.toString();
    }

    @Test
    void aHealthyDeploymentIsProductionReadyAndItsReportIsStored() throws Exception {
        StorageConfig local = Deployments.localWithAapl(temp);
        StorageConfig shared = Deployments.sharedWithAapl(temp);
        RunOutcome o = Runner.builder(List.of(local, shared)).build().run();
        ValidationReport r = o.report();
        assertTrue(r.productionReady(), table(o));
        assertEquals(100.0, r.businessValueScore(), 1e-9);
        assertEquals("PASSED", r.overallStatus());
        assertEquals(9, r.totalTests(), "every check but the grid ran");
        assertEquals(9, r.passedTests());
        assertEquals(
                List.of("grid"),
                r.skippedTests().stream().map(CheckResult::name).toList());
        Map<String, CheckResult> checks = byName(o);
        assertTrue(
                checks.get("storage").evidence().startsWith("local HEALTHY"),
                checks.get("storage").evidence());
        assertTrue(checks.get("storage").evidence().contains("shared HEALTHY"), "the second backend is checked too");
        assertTrue(
                checks.get("signals").evidence().startsWith("10 of 10 seeds"),
                checks.get("signals").evidence());
        assertTrue(checks.get("population").evidence().startsWith("50 genomes over 10 seeds on AAPL 1d"));
        assertTrue(
                checks.get("evolution").evidence().startsWith("20 x 3 on AAPL 1d"),
                checks.get("evolution").evidence());
        assertTrue(o.previous().isEmpty(), "first validation of this store");

        JsonNode json = JSON.readTree(o.json());
        for (String field : List.of(
                "overall_status",
                "business_value_score",
                "total_tests",
                "passed_tests",
                "failed_tests",
                "production_ready",
                "timings",
                "versions",
                "storage_backend")) {
            assertTrue(json.has(field), "report JSON has " + field);
        }
        assertEquals("local", json.get("storage_backend").asText());
        assertEquals(100.0, json.get("business_value_score").asDouble());
        assertEquals(0, json.get("failed_tests").size());
        assertEquals("0.1.0-SNAPSHOT", json.get("versions").get("seedgrid").asText());
        assertTrue(json.get("timings").get("checks_ms").has("evolution"));

        // Stored in the deployment's storage, and the next validation sees it as the previous verdict.
        assertTrue(o.stored(), o.notStored().orElse(""));
        try (Store store = Stores.open(local)) {
            List<ReportRecord> reports = store.reports().reports(10);
            assertEquals(1, reports.size());
            assertEquals(r.id(), reports.get(0).id());
            ReportSummary summary = ReportJson.summary(reports.get(0).json());
            assertTrue(summary.productionReady());
            assertEquals(100.0, summary.score());
            assertEquals(r.startedAt(), summary.at());
        }
        RunOutcome again = Runner.builder(List.of(local))
                .checks(List.of(Checks.storage()))
                .build()
                .run();
        assertEquals(r.id(), again.previous().orElseThrow().id());
    }

    @Test
    void unreachableStorageFailsTheCriticalCheckAndSkipsWhatNeedsStoredData() {
        StorageConfig down = Deployments.unreachablePostgres();
        RunOutcome o = Runner.builder(List.of(down))
                .settings(Deployments.LIGHT)
                .build()
                .run();
        ValidationReport r = o.report();
        Map<String, CheckResult> checks = byName(o);
        assertFalse(r.productionReady(), table(o));
        assertEquals("FAILED", r.overallStatus(), "storage is critical");
        assertTrue(checks.get("storage").failed());
        assertTrue(
                checks.get("storage").reason().contains("postgres"),
                checks.get("storage").reason());
        assertFalse(checks.get("storage").reason().contains("secret"), "no password in the report");
        for (String needsData : List.of("signals", "data-sufficiency", "population", "evolution")) {
            assertEquals(CheckResult.Status.SKIPPED, checks.get(needsData).status(), needsData);
        }
        assertTrue(
                checks.get("seed-registry").passed() && checks.get("lookahead").passed());
        assertTrue(r.businessValueScore() < ValidationReport.SCORE_THRESHOLD, "score " + r.businessValueScore());
        assertTrue(r.failedTests().stream().map(CheckResult::name).toList().contains("storage"));
        assertTrue(
                r.notReadyBecause().get(0).startsWith("critical check"),
                r.notReadyBecause().toString());
        assertFalse(o.stored(), "nowhere to store it");
        assertFalse(o.json().contains("secret"));
    }

    @Test
    void aStoredSymbolWithTooLittleDataFailsDataSufficiencyAndDropsTheScoreBelowReady() {
        StorageConfig local = Deployments.localWithAapl(temp);
        Deployments.ingest(local, BundledData.load("AAPL").head(60).withSymbol("SHORT"));
        RunOutcome o = Runner.builder(List.of(local))
                .settings(Deployments.LIGHT)
                .build()
                .run();
        ValidationReport r = o.report();
        CheckResult data = byName(o).get("data-sufficiency");
        assertTrue(data.failed(), table(o));
        assertTrue(
                data.reason().startsWith("SHORT 1d (60 bars): LinearSVCClassifierSeed DELAY_DEPLOYMENT"),
                data.reason());
        assertTrue(data.reason().contains("PCATreeQuantileSeed DELAY_DEPLOYMENT"), data.reason());
        assertEquals(
                List.of("data-sufficiency"),
                r.failedTests().stream().map(CheckResult::name).toList(),
                table(o));
        assertEquals("PASSED", r.overallStatus(), "not a critical check");
        assertEquals(85.0, r.businessValueScore(), 1e-9, "100 - 15 of 100");
        assertFalse(r.productionReady());
        assertEquals(List.of("business value score 85.0 < 90"), r.notReadyBecause());
        // The other checks keep working on the symbol with enough data.
        assertTrue(
                byName(o).get("signals").passed() && byName(o).get("evolution").passed(), table(o));
    }

    @Test
    void aSeedThatThrowsIsNamedByEveryCheckThatUsesIt() {
        StorageConfig local = Deployments.localWithAapl(temp);
        List<Seed> seeds = new ArrayList<>(Seeds.all());
        seeds.add(new ThrowingSeed());
        RunOutcome o = Runner.builder(List.of(local))
                .seeds(seeds)
                .settings(Deployments.LIGHT)
                .build()
                .run();
        ValidationReport r = o.report();
        Map<String, CheckResult> checks = byName(o);
        assertFalse(r.productionReady(), table(o));
        assertTrue(checks.get("seed-registry").passed(), "it loads: name, type and genes are fine");
        assertTrue(
                checks.get("signals")
                        .reason()
                        .contains("ThrowingTestSeed on AAPL 1d: threw IllegalStateException: " + "model file missing"),
                checks.get("signals").reason());
        // every genome that weighs the seed fails (evolution may switch a seed off: those genomes do not throw)
        var failing = Pattern.compile("^(\\d+) of 50 genomes are critical failures, first: .*model file" + " missing.*")
                .matcher(checks.get("population").reason());
        assertTrue(
                failing.matches() && Integer.parseInt(failing.group(1)) >= 25,
                checks.get("population").reason());
        assertTrue(checks.get("lookahead").reason().contains("ThrowingTestSeed cannot be checked"));
        assertTrue(checks.get("recursive").failed());
        assertTrue(checks.get("evolution").passed(), "evolution uses the registry's seeds: " + table(o));
        assertEquals(
                List.of("signals", "population", "lookahead", "recursive"),
                r.failedTests().stream().map(CheckResult::name).toList());
        assertEquals("FAILED", r.overallStatus(), "lookahead is critical");
        assertEquals(60.0, r.businessValueScore(), 1e-9, "(100 - 15 - 10 - 10 - 5) of 100");
    }

    @Test
    void aSeedMissingFromTheRegistryFailsTheCriticalRegistryCheck() {
        StorageConfig local = Deployments.localWithAapl(temp);
        List<Seed> nine = Seeds.all().stream()
                .filter(s -> !s.name().equals("IchimokuCloudSeed"))
                .toList();
        RunOutcome o = Runner.builder(List.of(local))
                .seeds(nine)
                .checks(List.of(Checks.storage(), Checks.seedRegistry()))
                .build()
                .run();
        CheckResult registry = byName(o).get("seed-registry");
        assertTrue(registry.failed());
        assertEquals("missing seeds of the guide: [IchimokuCloudSeed]", registry.reason());
        assertEquals("FAILED", o.report().overallStatus());
        assertEquals(60.0, o.report().businessValueScore(), 1e-9, "15 of 25");
    }

    @Test
    void aBrokenSecondBackendFailsTheStorageCheckAndIsNamed() throws Exception {
        StorageConfig local = Deployments.localWithAapl(temp);
        StorageConfig shared = Deployments.sharedWithAapl(temp);
        Path part;
        try (var files = Files.walk(shared.sharedPath())) {
            part = files.filter(p -> p.toString().endsWith(".parquet"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.writeString(part, "not parquet");
        RunOutcome o = Runner.builder(List.of(local, shared))
                .checks(List.of(Checks.storage()))
                .build()
                .run();
        CheckResult storage = o.report().checks().get(0);
        assertTrue(storage.failed(), storage.evidence());
        assertTrue(storage.reason().startsWith("shared at " + shared.location()), storage.reason());
        assertTrue(storage.reason().contains(part.getFileName().toString()), storage.reason());
        assertTrue(storage.evidence().startsWith("local HEALTHY"), storage.evidence());
        assertTrue(o.stored(), "the deployment's own backend still takes the report");
    }

    @Test
    void thePopulationTimeLimitIsJudgedByTheInjectedClock() {
        StorageConfig local = Deployments.localWithAapl(temp);
        // Every reading of this clock is 40 s after the previous one: any timed step takes 40 s.
        var clock = new InstantSource() {
            private Instant now = Instant.parse("2024-06-01T06:00:00Z");

            @Override
            public synchronized Instant instant() {
                now = now.plusSeconds(40);
                return now;
            }
        };
        RunOutcome o = Runner.builder(List.of(local))
                .clock(clock)
                .checks(List.of(Checks.population()))
                .build()
                .run();
        CheckResult population = o.report().checks().get(0);
        assertTrue(population.failed(), population.evidence());
        assertEquals("creating the population took 40.0 s, limit 30.0 s", population.reason());
        assertTrue(population.evidence().contains("0 critical failures"), population.evidence());
    }
}
