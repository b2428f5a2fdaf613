package io.seedgrid.grid;

import io.seedgrid.evolution.fitness.Fitness;
import java.io.Serializable;

/**
 * What a job sends back: the fitness of its genomes from {@code start} (a Java-serialized {@code Fitness[]}, as
 * records do not pass Ignite's binary marshaller), the node that ran it and its backtest time.
 */
final class SliceResult implements Serializable {
    private static final long serialVersionUID = 1L;

    final int start;
    final byte[] fitness;
    final int count;
    final String node;
    final long computeNanos;

    SliceResult(int start, byte[] fitness, int count, String node, long computeNanos) {
        this.start = start;
        this.fitness = fitness;
        this.count = count;
        this.node = node;
        this.computeNanos = computeNanos;
    }

    Fitness[] fitness() {
        Fitness[] values = JavaBytes.read(fitness, Fitness[].class);
        if (values.length != count) {
            throw new IllegalStateException("slice at " + start + " holds " + values.length + " results, not " + count);
        }
        return values;
    }
}
