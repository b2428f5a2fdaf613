package io.seedgrid.grid;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one {@link GridEvaluator#evaluate} call cost on the grid beyond its {@code BatchReport}: how it travelled and
 * which expensive seed signals (ML models) it trained.
 *
 * @param jobs            jobs the generation was cut into
 * @param requestBytes    payload bytes those jobs carried: the fitness settings, genomes and indices (Ignite's own
 *                        framing excluded)
 * @param resultBytes     bytes of the serialized fitness values that came back
 * @param failovers       jobs re-run on another node because theirs left
 * @param newSignals      distinct expensive seed signals this run had never sent to the grid before: with shared
 *                        signals, no node lost and nothing dropped from a full cache, what the cluster trains for
 *                        the call, each once
 * @param trainedPerNode  expensive seed signals each node trained (node name to count, sorted by name)
 * @param fetchedPerNode  expensive seed signals each node read from the cluster's cache: trained by another node or
 *                        in an earlier generation
 */
public record GridBatch(
        int jobs,
        long requestBytes,
        long resultBytes,
        int failovers,
        int newSignals,
        Map<String, Integer> trainedPerNode,
        Map<String, Integer> fetchedPerNode) {

    public GridBatch {
        if (jobs < 0 || requestBytes < 0 || resultBytes < 0 || failovers < 0 || newSignals < 0) {
            throw new IllegalArgumentException("counts must be >= 0 but were jobs " + jobs + ", request bytes "
                    + requestBytes + ", result bytes " + resultBytes + ", failovers " + failovers + ", new signals "
                    + newSignals);
        }
        trainedPerNode = Collections.unmodifiableSortedMap(new TreeMap<>(trainedPerNode));
        fetchedPerNode = Collections.unmodifiableSortedMap(new TreeMap<>(fetchedPerNode));
    }

    /** Expensive seed signals trained, over all nodes. */
    public int trained() {
        return trainedPerNode.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Expensive seed signals read from the cluster's cache, over all nodes. */
    public int fetched() {
        return fetchedPerNode.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Two calls of one generation as one: everything adds up. */
    public GridBatch plus(GridBatch other) {
        Map<String, Integer> trained = new TreeMap<>(trainedPerNode);
        other.trainedPerNode.forEach((node, n) -> trained.merge(node, n, Integer::sum));
        Map<String, Integer> fetched = new TreeMap<>(fetchedPerNode);
        other.fetchedPerNode.forEach((node, n) -> fetched.merge(node, n, Integer::sum));
        return new GridBatch(
                jobs + other.jobs,
                requestBytes + other.requestBytes,
                resultBytes + other.resultBytes,
                failovers + other.failovers,
                newSignals + other.newSignals,
                trained,
                fetched);
    }
}
