package io.seedgrid.grid;

import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.seeds.strategy.SeedGenes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The coordinator's side of {@link SharedSignals}: which expensive seed signals a run has sent to the grid, and which
 * genomes of a new generation need the same signal that was never sent before. Those genomes go into one job, so one
 * node trains that signal once; every other signal is in the cluster's cache already, wherever a genome lands.
 * Decoding uses only the codec and the {@link io.seedgrid.seeds.seed.Seed} interface, as the nodes do.
 */
final class SignalGroups {
    private final StrategyCodec codec;
    private final Set<String> sent = new HashSet<>();
    private int fresh;

    SignalGroups(StrategyCodec codec) {
        this.codec = codec;
    }

    /**
     * For each genome, the index of the first genome it must share a job with (itself when none): genomes are joined
     * when they need a signal this run has not sent before, transitively. Records the genomes' signals as sent.
     */
    int[] group(List<double[]> genomes) {
        int[] parent = new int[genomes.size()];
        Map<String, Integer> firstNeed = new HashMap<>();
        fresh = 0;
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
            for (String key : expensiveKeys(genomes.get(i))) {
                if (sent.contains(key)) {
                    continue;
                }
                Integer first = firstNeed.putIfAbsent(key, i);
                if (first == null) {
                    fresh++;
                } else {
                    union(parent, first, i);
                }
            }
        }
        sent.addAll(firstNeed.keySet());
        int[] group = new int[parent.length];
        for (int i = 0; i < group.length; i++) {
            group[i] = root(parent, i);
        }
        return group;
    }

    /** Distinct signals the last {@link #group} call saw for the first time: what the grid trains for it. */
    int fresh() {
        return fresh;
    }

    /** Gene keys of every expensive signal the run has sent. */
    Set<String> sent() {
        return sent;
    }

    /** The gene keys of the weighted expensive seeds of a genome (none for a genome that does not decode). */
    private List<String> expensiveKeys(double[] genome) {
        List<SeedGenes> components;
        try {
            components = codec.decode(genome).components();
        } catch (RuntimeException e) {
            return List.of(); // the node reports what is wrong with it
        }
        return components.stream()
                .filter(c -> c.weight() > 0 && SharedSignals.expensive(c.seed()))
                .map(c -> SharedSignals.geneKey(c.seed().name(), c.genes()))
                .toList();
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Joins two sets under the smaller root, so a group's id is its first genome. */
    private static void union(int[] parent, int a, int b) {
        int ra = root(parent, a);
        int rb = root(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
