package io.seedgrid.evolution.fitness;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one batch of genomes was evaluated and what that cost beyond the backtests: for evaluators that spread
 * work over several places (grid nodes). A local evaluator has none.
 *
 * @param evaluationsPerNode genomes evaluated per node (node name to count), sorted by name; a genome re-run after
 *                           a failover counts once, on the node that returned it
 * @param wallMillis         round-trip wall time of the batch, as the caller saw it
 * @param computeMillis      the busiest node's backtest time divided by the jobs it ran at once: how long the batch
 *                           would take with free transport and perfect packing on that node
 * @param overheadMillis     {@code max(0, wallMillis - computeMillis)}: serialization, network, scheduling, queueing,
 *                           failovers and uneven slices on a node
 * @param failovers          jobs re-run elsewhere because their node left mid-batch (a node lost mid-run)
 */
public record BatchReport(
        Map<String, Integer> evaluationsPerNode,
        long wallMillis,
        long computeMillis,
        long overheadMillis,
        int failovers) {

    public BatchReport {
        evaluationsPerNode = Collections.unmodifiableSortedMap(new TreeMap<>(evaluationsPerNode));
        if (wallMillis < 0 || computeMillis < 0 || overheadMillis < 0) {
            throw new IllegalArgumentException("times must be >= 0 but were wall " + wallMillis + ", compute "
                    + computeMillis + ", overhead " + overheadMillis);
        }
        if (failovers < 0) {
            throw new IllegalArgumentException("failovers must be >= 0 but were " + failovers);
        }
    }

    /** A batch no node left during. */
    public BatchReport(
            Map<String, Integer> evaluationsPerNode, long wallMillis, long computeMillis, long overheadMillis) {
        this(evaluationsPerNode, wallMillis, computeMillis, overheadMillis, 0);
    }

    /** Genomes evaluated in the batch, over all nodes. */
    public int evaluations() {
        return evaluationsPerNode.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Two batches of the same generation as one: counts and times add up. */
    public BatchReport plus(BatchReport other) {
        Map<String, Integer> counts = new TreeMap<>(evaluationsPerNode);
        other.evaluationsPerNode.forEach((node, n) -> counts.merge(node, n, Integer::sum));
        return new BatchReport(
                counts,
                wallMillis + other.wallMillis,
                computeMillis + other.computeMillis,
                overheadMillis + other.overheadMillis,
                failovers + other.failovers);
    }
}
