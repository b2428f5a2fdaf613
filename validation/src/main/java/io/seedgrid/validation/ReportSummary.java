package io.seedgrid.validation;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A stored validation's verdict, read back from its JSON.
 *
 * @param id               the report id
 * @param at               when the validation started
 * @param productionReady  the verdict
 * @param score            the business value score
 * @param overallStatus    PASSED or FAILED
 * @param passedTests      checks passed
 * @param totalTests       checks that ran
 * @param failedChecks     names of the checks that failed
 * @param totalMillis      how long it took, or -1 when unknown
 */
public record ReportSummary(
        String id,
        Instant at,
        boolean productionReady,
        double score,
        String overallStatus,
        int passedTests,
        int totalTests,
        List<String> failedChecks,
        long totalMillis) {

    public ReportSummary {
        failedChecks = List.copyOf(failedChecks);
    }

    /** {@code 2024-06-01T06:00:00Z  READY      score 100.0  9/9 passed  overall PASSED}. */
    public String line() {
        return String.format(
                Locale.ROOT,
                "%-24s  %-9s  score %5.1f  %2d/%-2d passed  overall %-6s%s",
                at,
                productionReady ? "READY" : "NOT READY",
                score,
                passedTests,
                totalTests,
                overallStatus,
                failedChecks.isEmpty() ? "" : "  failed: " + String.join(", ", failedChecks));
    }
}
