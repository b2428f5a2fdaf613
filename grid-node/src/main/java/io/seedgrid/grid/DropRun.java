package io.seedgrid.grid;

import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteRunnable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Broadcast when a run's evaluator closes: each node forgets the run's seed context. After a coordinator died, also
 * each node's share of the run's signals in the cluster's cache (a closing coordinator removes those itself, by key).
 */
final class DropRun implements IgniteRunnable {
    private static final long serialVersionUID = 1L;

    private final String runKey;
    private final boolean signals;

    @IgniteInstanceResource
    private transient Ignite ignite;

    DropRun(String runKey, boolean signals) {
        this.runKey = runKey;
        this.signals = signals;
    }

    @Override
    public void run() {
        NodeRuns.dropLocal(ignite, runKey);
        if (signals) {
            SharedSignals.dropLocal(ignite, runKey);
        }
    }
}
