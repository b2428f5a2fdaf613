/**
 * seedgrid alerts: rules that watch one condition each ({@link io.seedgrid.alerts.AlertRule}), judged together by
 * {@link io.seedgrid.alerts.Alerts}, which tells each change once (a log line and a POST to a
 * {@link io.seedgrid.alerts.Webhook}) when a condition begins and once when it clears.
 */
package io.seedgrid.alerts;
