/**
 * The Phase 1 validation runner: is a seedgrid deployment fit for production?
 *
 * <p>Public surface: {@link io.seedgrid.validation.Check} (one check: name, weight, criticality, run) and
 * {@link io.seedgrid.validation.Checks} (the standard checks and their weights); {@link io.seedgrid.validation.Runner}
 * (runs the checks against a deployment's storage, seeds and grid, stores the report);
 * {@link io.seedgrid.validation.ValidationReport} (results, score and the guide's verdict) and
 * {@link io.seedgrid.validation.ReportJson} (its JSON form); {@link io.seedgrid.validation.Scheduler} and
 * {@link io.seedgrid.alerts.Webhook} (validation on a schedule with alerts on readiness changes). The check
 * implementations are package-private.
 *
 * <p>Verdict (the deployment guide): production ready = overall status PASSED (no critical check failed) AND business
 * value score &gt;= 90 AND at least 85% of the checks that ran passed; score = 100 x passed weight / weight of the
 * checks that ran (skipped checks do not count).
 */
package io.seedgrid.validation;
