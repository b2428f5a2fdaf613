package io.seedgrid.validation;

/**
 * One validation check: exercises a real part of the deployment and says PASSED, FAILED (with the reason) or SKIPPED
 * (with the reason, e.g. the grid when cluster mode is not configured).
 *
 * @apiNote Contract: {@link #run} never judges from names or configuration alone, it calls the component; it returns a
 *          {@link CheckOutcome} and may throw (the {@link Runner} then records a FAILED result with the exception's
 *          message). {@link #weight()} is the check's business value in the score; a FAILED {@link #critical()} check
 *          makes the overall status FAILED whatever the score. Checks are stateless: one instance may run many times.
 */
public interface Check {

    /** Short, stable name used in reports and tables, e.g. {@code storage}. */
    String name();

    /** What the check verifies, for people. */
    String title();

    /** Business value in the score: {@code 100 x sum(weights passed) / sum(weights run)}. At least 1. */
    int weight();

    /** Whether a failure of this check alone makes the deployment not ready (overall status FAILED). */
    boolean critical();

    /** Runs the check against the deployment described by {@code context}. */
    CheckOutcome run(ValidationContext context) throws Exception;
}
