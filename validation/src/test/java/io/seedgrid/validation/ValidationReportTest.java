package io.seedgrid.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guide's verdict rules on hand-made results: the score, the critical rule and the 85% rule, each alone. */
class ValidationReportTest {
    private static final Instant T = Instant.parse("2024-06-01T06:00:00Z");

    private static CheckResult result(String name, int weight, boolean critical, CheckResult.Status status) {
        return new CheckResult(
                name,
                name,
                weight,
                critical,
                status,
                1,
                "",
                status == CheckResult.Status.PASSED ? null : "because",
                Map.of());
    }

    private static ValidationReport report(List<CheckResult> checks) {
        return new ValidationReport(
                "r",
                T,
                T.plusSeconds(3),
                checks,
                new ValidationReport.StorageInfo("local", "/x", "default", List.of()),
                Map.of());
    }

    @Test
    void scoreIsPassedWeightOverTheWeightOfChecksThatRan() {
        var r = report(List.of(
                result("a", 30, false, CheckResult.Status.PASSED),
                result("b", 10, false, CheckResult.Status.FAILED),
                result("c", 60, false, CheckResult.Status.SKIPPED)));
        assertEquals(75.0, r.businessValueScore(), 1e-12, "30 / (30 + 10); the skipped 60 does not count");
        assertEquals(2, r.totalTests());
        assertEquals(1, r.passedTests());
        assertEquals(
                List.of("c"), r.skippedTests().stream().map(CheckResult::name).toList());
    }

    @Test
    void aFailedCriticalCheckMakesItNotReadyWhateverTheScore() {
        List<CheckResult> checks = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            checks.add(result("ok" + i, 10, false, CheckResult.Status.PASSED));
        }
        checks.add(result("storage", 1, true, CheckResult.Status.FAILED));
        var r = report(checks);
        assertTrue(r.businessValueScore() > 99, "score " + r.businessValueScore());
        assertTrue(r.passRate() >= 0.95);
        assertEquals("FAILED", r.overallStatus());
        assertFalse(r.productionReady());
        assertEquals(List.of("critical check failed: storage"), r.notReadyBecause());
    }

    @Test
    void fewerThan85PercentOfChecksPassedIsNotReadyEvenWithAHighScore() {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(result("heavy", 100, false, CheckResult.Status.PASSED));
        checks.add(result("light1", 1, false, CheckResult.Status.FAILED));
        checks.add(result("light2", 1, false, CheckResult.Status.FAILED));
        var r = report(checks);
        assertTrue(r.businessValueScore() >= 90);
        assertEquals("PASSED", r.overallStatus());
        assertFalse(r.productionReady());
        assertEquals(List.of("1 of 3 checks passed (33% < 85%)"), r.notReadyBecause());
    }

    @Test
    void theThresholdsAreInclusive() {
        // 90 of 100 and 9 of 10 passed, exactly: ready.
        List<CheckResult> checks = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            checks.add(result("p" + i, 10, false, CheckResult.Status.PASSED));
        }
        checks.add(result("f", 10, false, CheckResult.Status.FAILED));
        var r = report(checks);
        assertEquals(90.0, r.businessValueScore(), 1e-12);
        assertTrue(r.productionReady(), r.verdict());
    }

    @Test
    void nothingRanIsNotReady() {
        var r = report(List.of(result("grid", 10, true, CheckResult.Status.SKIPPED)));
        assertEquals(0.0, r.businessValueScore());
        assertEquals("FAILED", r.overallStatus());
        assertFalse(r.productionReady());
    }

    @Test
    void theJsonFormReadsBackAsTheSameVerdict() {
        var r = report(List.of(
                result("storage", 15, true, CheckResult.Status.PASSED),
                result("signals", 15, false, CheckResult.Status.FAILED)));
        ReportSummary s = ReportJson.summary(ReportJson.write(r));
        assertEquals(50.0, s.score());
        assertFalse(s.productionReady());
        assertEquals("PASSED", s.overallStatus());
        assertEquals(List.of("signals"), s.failedChecks());
        assertEquals(T, s.at());
        assertEquals(3000, s.totalMillis());
        assertThrows(IllegalArgumentException.class, () -> ReportJson.summary("{\"ok\":true}"));
    }

    @Test
    void resultsNeedReasonsWhenTheyDoNotPass() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new CheckResult("x", "x", 5, false, CheckResult.Status.FAILED, 0, "", null, Map.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new CheckResult("x", "x", 0, false, CheckResult.Status.PASSED, 0, "", null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> CheckOutcome.skipped(" "));
    }
}
