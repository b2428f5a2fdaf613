package io.seedgrid.grid;

import io.seedgrid.evolution.fitness.Fitness;
import java.io.Serializable;

/**
 * What a job sends back: the fitness of its genomes (a Java-serialized {@code Fitness[]}, as records do not pass
 * Ignite's binary marshaller), their indices in the generation, the node that ran it, its backtest time and the
 * expensive seed signals it trained or read from the cluster's cache.
 */
final class SliceResult implements Serializable {
    private static final long serialVersionUID = 2L;

    final int[] indices;
    final byte[] fitness;
    final String node;
    final long computeNanos;
    final int trained;
    final int fetched;

    SliceResult(int[] indices, byte[] fitness, String node, long computeNanos, int trained, int fetched) {
        this.indices = indices;
        this.fitness = fitness;
        this.node = node;
        this.computeNanos = computeNanos;
        this.trained = trained;
        this.fetched = fetched;
    }

    Fitness[] fitness() {
        Fitness[] values = JavaBytes.read(fitness, Fitness[].class);
        if (values.length != indices.length) {
            throw new IllegalStateException(
                    "slice of " + indices.length + " genomes holds " + values.length + " results");
        }
        return values;
    }
}
