package io.seedgrid.grid;

import io.seedgrid.evolution.fitness.Fitness;
import java.io.Serializable;

/** What a job sends back: fitness of its genomes from {@code start}, the node that ran it, its backtest time. */
final class SliceResult implements Serializable {
    private static final long serialVersionUID = 1L;

    final int start;
    final Fitness[] fitness;
    final String node;
    final long computeNanos;

    SliceResult(int start, Fitness[] fitness, String node, long computeNanos) {
        this.start = start;
        this.fitness = fitness;
        this.node = node;
        this.computeNanos = computeNanos;
    }
}
