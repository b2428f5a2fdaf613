package io.seedgrid.service;

/**
 * A running seedgrid HTTP service. Start one with {@link SeedgridServices#start}.
 *
 * @apiNote Endpoints (JSON unless said otherwise; every error, Jetty's own included, is
 * {@code {"error": ..., "field": ..., "status": N}} with {@code field} only for bad input):
 * <ul>
 *   <li>{@code GET /health}: liveness; {@code GET /health/detailed}: storage, grid, runs, strategies and drift (503
 *       when storage does not answer).</li>
 *   <li>{@code GET /metrics}: Prometheus text format.</li>
 *   <li>{@code GET /strategies}, {@code GET /strategies/{id}} (an id, or a name for its newest version),
 *       {@code GET /strategies/{id}/signals?symbol=&since=}: with the token it computes and stores the signals of bars
 *       not yet signalled first ({@code computed}); without it, it writes nothing and serves the stored ones,
 *       counting the bars without a signal in {@code pending_bars}.</li>
 *   <li>{@code POST /strategies/{id}/promote} (a CANARY: its next capital share), {@code .../shadow},
 *       {@code .../rollback}, {@code .../archive}; {@code GET /strategies/{id}/compare/{other}} (realised figures
 *       over their common live bars, position agreement, a paired test of the return difference); signals and
 *       strategies carry each version's {@code share} of its name's capital.</li>
 *   <li>{@code POST /runs}; {@code GET /runs}, {@code GET /runs/{id}}.</li>
 *   <li>{@code GET /alerts}: the alert rules, how often each fired, the alerts firing now (with a
 *       {@link LifecycleMonitor}).</li>
 * </ul>
 * Writes need {@code Authorization: Bearer <token>} (401 otherwise); bad input is 400 naming the field (a key given
 * twice included), unknown ids 404, another method on a known path 405 with {@code Allow}, refused or impossible
 * lifecycle moves 409, a full run queue 429, storage that does not answer 503 naming only the backend. Slow and
 * large requests are bounded by {@link HttpLimits}: 408 (body too slow), 413 (body too large), 503 (no body or
 * request slot free); 429 and 503 carry {@code Retry-After}. A run accepted with 202 is stored (QUEUED) before the
 * answer and held under a lease the service beats; a service started on storage whose runs' service is gone
 * (killed, stopped) takes them over and resumes them from their last checkpoint.
 */
public interface SeedgridService extends AutoCloseable {

    /** The port it listens on (the real one when 0 was asked for). */
    int port();

    /** Its base URL, e.g. {@code http://127.0.0.1:8080}. */
    String url();

    /**
     * Stops listening, interrupts running evolution runs (recorded as INTERRUPTED) and waits for them briefly;
     * queued runs stay QUEUED in storage. The next service started on the same storage resumes both.
     */
    @Override
    void close();
}
