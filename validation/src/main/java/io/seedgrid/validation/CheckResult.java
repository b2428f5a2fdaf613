package io.seedgrid.validation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One check's line in a {@link ValidationReport}: the check's identity and weight, what it found and how long it took.
 *
 * @param name     the check's name
 * @param title    what it verifies
 * @param weight   its business value in the score
 * @param critical whether its failure alone makes the deployment not ready
 * @param status   PASSED, FAILED or SKIPPED
 * @param millis   wall time of the check, by the runner's clock
 * @param evidence what was measured
 * @param reason   why it FAILED or was SKIPPED, else null
 * @param details  structured evidence
 */
public record CheckResult(
        String name,
        String title,
        int weight,
        boolean critical,
        Status status,
        long millis,
        String evidence,
        String reason,
        Map<String, Object> details) {

    public enum Status {
        PASSED,
        FAILED,
        SKIPPED
    }

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(status, "status");
        if (weight < 1) {
            throw new IllegalArgumentException("check " + name + ": weight must be >= 1 but was " + weight);
        }
        if (millis < 0) {
            throw new IllegalArgumentException("check " + name + ": millis must be >= 0 but was " + millis);
        }
        if (status != Status.PASSED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("check " + name + ": a " + status + " result needs a reason");
        }
        evidence = evidence == null ? "" : evidence;
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details == null ? Map.of() : details));
    }

    static CheckResult of(Check check, CheckOutcome outcome, long millis) {
        return new CheckResult(
                check.name(),
                check.title(),
                check.weight(),
                check.critical(),
                outcome.status(),
                millis,
                outcome.evidence(),
                outcome.reason(),
                outcome.details());
    }

    public boolean passed() {
        return status == Status.PASSED;
    }

    public boolean failed() {
        return status == Status.FAILED;
    }

    /** Whether it counts in the score and the pass rate: it PASSED or FAILED. */
    public boolean ran() {
        return status != Status.SKIPPED;
    }
}
