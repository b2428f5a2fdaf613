package io.seedgrid.validation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Check} found.
 *
 * @param status   PASSED, FAILED or SKIPPED
 * @param evidence what was measured, in one line (may be empty for SKIPPED)
 * @param reason   why it FAILED or was SKIPPED; null when PASSED
 * @param details  structured evidence for the JSON report: strings, numbers, booleans, lists and maps of them, with
 *                 snake_case keys
 */
public record CheckOutcome(CheckResult.Status status, String evidence, String reason, Map<String, Object> details) {

    public CheckOutcome {
        Objects.requireNonNull(status, "status");
        evidence = evidence == null ? "" : evidence;
        if (status != CheckResult.Status.PASSED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a " + status + " outcome needs a reason");
        }
        if (status == CheckResult.Status.PASSED) {
            reason = null;
        }
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details == null ? Map.of() : details));
    }

    public static CheckOutcome passed(String evidence, Map<String, Object> details) {
        return new CheckOutcome(CheckResult.Status.PASSED, evidence, null, details);
    }

    public static CheckOutcome failed(String reason, String evidence, Map<String, Object> details) {
        return new CheckOutcome(CheckResult.Status.FAILED, evidence, reason, details);
    }

    public static CheckOutcome skipped(String reason) {
        return new CheckOutcome(CheckResult.Status.SKIPPED, "", reason, Map.of());
    }

    /** PASSED with {@code evidence} when {@code problems} is empty, else FAILED with the problems as the reason. */
    public static CheckOutcome judge(List<String> problems, String evidence, Map<String, Object> details) {
        if (problems.isEmpty()) {
            return passed(evidence, details);
        }
        String reason = problems.size() <= 5
                ? String.join("; ", problems)
                : String.join("; ", problems.subList(0, 5)) + "; and " + (problems.size() - 5) + " more";
        return failed(reason, evidence, details);
    }
}
