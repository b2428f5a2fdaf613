package io.seedgrid.grid;

import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteRunnable;
import org.apache.ignite.resources.IgniteInstanceResource;

/** Broadcast when a run's evaluator closes: each node forgets the run's seed context. */
final class DropRun implements IgniteRunnable {
    private static final long serialVersionUID = 1L;

    private final String runKey;

    @IgniteInstanceResource
    private transient Ignite ignite;

    DropRun(String runKey) {
        this.runKey = runKey;
    }

    @Override
    public void run() {
        NodeRuns.dropLocal(ignite, runKey);
    }
}
