package io.seedgrid.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one validation, and the deployment guide's verdict on it. Nothing here is stored as a number: the
 * score, the status and readiness are computed from the check results every time.
 *
 * <ul>
 *   <li>{@link #businessValueScore()} = 100 x (sum of the weights of the PASSED checks) / (sum of the weights of the
 *       checks that ran, PASSED or FAILED); SKIPPED checks do not count; 0 when nothing ran.</li>
 *   <li>{@link #overallPassed()}: no critical check FAILED (and at least one check ran).</li>
 *   <li>{@link #productionReady()} (the guide): overall status passed AND score &gt;= {@value #SCORE_THRESHOLD} AND at
 *       least {@value #PASS_RATE_THRESHOLD} of the checks that ran passed.</li>
 * </ul>
 *
 * @param id         unique id, also the stored report's id
 * @param startedAt  when the validation started
 * @param finishedAt when it ended
 * @param checks     every check's result, in the order they ran
 * @param storage    the backend the deployment uses (where the report is stored)
 * @param versions   software versions: seedgrid, Java, OS and the main libraries
 */
public record ValidationReport(
        String id,
        Instant startedAt,
        Instant finishedAt,
        List<CheckResult> checks,
        StorageInfo storage,
        Map<String, String> versions) {

    /** The guide's minimum business value score for production. */
    public static final double SCORE_THRESHOLD = 90;
    /** The guide's minimum share of checks passed for production. */
    public static final double PASS_RATE_THRESHOLD = 0.85;

    /**
     * The deployment's storage as the report names it.
     *
     * @param backend  "local", "shared" or "postgres"
     * @param location where its data lives (never a password)
     * @param source   where the backend choice came from (--storage, env STORAGE_BACKEND, config file, default)
     * @param others   the other configured backends checked for health
     */
    public record StorageInfo(String backend, String location, String source, List<String> others) {
        public StorageInfo {
            Objects.requireNonNull(backend, "backend");
            others = List.copyOf(others);
        }
    }

    public ValidationReport {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(storage, "storage");
        checks = List.copyOf(checks);
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    /** 100 x passed weight / weight of the checks that ran; 0 when no check ran. */
    public double businessValueScore() {
        int ran = 0;
        int passed = 0;
        for (CheckResult c : checks) {
            if (c.ran()) {
                ran += c.weight();
                passed += c.passed() ? c.weight() : 0;
            }
        }
        return ran == 0 ? 0 : 100.0 * passed / ran;
    }

    /** No critical check failed, and something was judged. */
    public boolean overallPassed() {
        return totalTests() > 0 && checks.stream().noneMatch(c -> c.critical() && c.failed());
    }

    /** "PASSED" or "FAILED". */
    public String overallStatus() {
        return overallPassed() ? "PASSED" : "FAILED";
    }

    /** Checks that ran (PASSED or FAILED). */
    public int totalTests() {
        return (int) checks.stream().filter(CheckResult::ran).count();
    }

    public int passedTests() {
        return (int) checks.stream().filter(CheckResult::passed).count();
    }

    public List<CheckResult> failedTests() {
        return checks.stream().filter(CheckResult::failed).toList();
    }

    public List<CheckResult> skippedTests() {
        return checks.stream().filter(c -> !c.ran()).toList();
    }

    /** Share of the checks that ran which passed; 0 when none ran. */
    public double passRate() {
        int total = totalTests();
        return total == 0 ? 0 : (double) passedTests() / total;
    }

    /** The guide's rule: overall passed AND score >= 90 AND pass rate >= 85%. */
    public boolean productionReady() {
        return overallPassed() && businessValueScore() >= SCORE_THRESHOLD && passRate() >= PASS_RATE_THRESHOLD;
    }

    /** Why the deployment is not production ready, one reason per rule broken; empty when it is. */
    public List<String> notReadyBecause() {
        List<String> reasons = new ArrayList<>();
        if (totalTests() == 0) {
            reasons.add("no check could run");
        }
        List<String> critical = checks.stream()
                .filter(c -> c.critical() && c.failed())
                .map(CheckResult::name)
                .toList();
        if (!critical.isEmpty()) {
            reasons.add(
                    "critical check" + (critical.size() > 1 ? "s" : "") + " failed: " + String.join(", ", critical));
        }
        if (businessValueScore() < SCORE_THRESHOLD) {
            reasons.add(String.format(
                    Locale.ROOT, "business value score %.1f < %.0f", businessValueScore(), SCORE_THRESHOLD));
        }
        if (totalTests() > 0 && passRate() < PASS_RATE_THRESHOLD) {
            reasons.add(String.format(
                    Locale.ROOT,
                    "%d of %d checks passed (%.0f%% < %.0f%%)",
                    passedTests(),
                    totalTests(),
                    passRate() * 100,
                    PASS_RATE_THRESHOLD * 100));
        }
        return reasons;
    }

    public long totalMillis() {
        return Duration.between(startedAt, finishedAt).toMillis();
    }

    /** One line: {@code PRODUCTION READY: overall PASSED, score 100.0, 9 of 9 checks passed (1 skipped)}. */
    public String verdict() {
        String head = productionReady() ? "PRODUCTION READY" : "NOT READY";
        String line = String.format(
                Locale.ROOT,
                "%s: overall %s, business value score %.1f (needs >= %.0f), %d of %d "
                        + "checks passed (%.0f%%, needs >= %.0f%%)",
                head,
                overallStatus(),
                businessValueScore(),
                SCORE_THRESHOLD,
                passedTests(),
                totalTests(),
                passRate() * 100,
                PASS_RATE_THRESHOLD * 100);
        int skipped = skippedTests().size();
        line += skipped > 0 ? ", " + skipped + " skipped" : "";
        List<String> why = notReadyBecause();
        return why.isEmpty() ? line : line + " -- " + String.join("; ", why);
    }
}
