package io.seedgrid.grid;

import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.FitnessFunction;
import io.seedgrid.seeds.seed.SeedContext;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteInterruptedException;
import org.apache.ignite.compute.ComputeJobAdapter;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * One slice of a generation: the run key, the fitness settings, the genomes and their indices in the generation.
 * Never the bars: the node finds them in its run slot ({@link NodeRuns}). Small, explicit and static so it travels
 * as is.
 */
final class EvaluateJob extends ComputeJobAdapter {
    private static final long serialVersionUID = 2L;

    private final String runKey;
    private final byte[] spec;
    private final boolean shareSignals;
    private final int[] indices;
    private final double[][] genomes;

    @IgniteInstanceResource
    private transient Ignite ignite;

    /**
     * {@code spec} is the Java-serialized {@link EvaluationSpec} (records do not pass Ignite's binary marshaller);
     * {@code shareSignals}: read and fill the cluster's cache of expensive seed signals ({@link SharedSignals}).
     */
    EvaluateJob(String runKey, byte[] spec, boolean shareSignals, int[] indices, double[][] genomes) {
        if (indices.length != genomes.length) {
            throw new IllegalArgumentException(indices.length + " indices for " + genomes.length + " genomes");
        }
        this.runKey = runKey;
        this.spec = spec;
        this.shareSignals = shareSignals;
        this.indices = indices;
        this.genomes = genomes;
    }

    int size() {
        return genomes.length;
    }

    /** Bytes of the job's payload: the spec, the genomes and their indices (Ignite's framing excluded). */
    long payloadBytes() {
        long bytes = spec.length + runKey.length() + 4L * indices.length;
        for (double[] genome : genomes) {
            bytes += 8L * genome.length;
        }
        return bytes;
    }

    @Override
    public SliceResult execute() {
        NodeRuns.installCleaner(ignite);
        NodeRuns.RunSlot slot = NodeRuns.slot(ignite, runKey);
        SeedContext context = slot.context(ignite);
        FitnessFunction fitness = slot.fitness(JavaBytes.read(spec, EvaluationSpec.class), ignite, shareSignals);
        SharedSignals.resetTally();
        long started = System.nanoTime();
        Fitness[] results = new Fitness[genomes.length];
        for (int i = 0; i < genomes.length; i++) {
            if (isCancelled() || Thread.currentThread().isInterrupted()) {
                throw new IgniteInterruptedException("slice of genome " + indices[0] + " cancelled");
            }
            results[i] = fitness.evaluate(genomes[i], context);
        }
        long computeNanos = System.nanoTime() - started;
        NodeRuns.served(ignite).addAndGet(genomes.length);
        return new SliceResult(
                indices,
                JavaBytes.write(results),
                ignite.name(),
                computeNanos,
                SharedSignals.tallyTrained(),
                SharedSignals.tallyFetched());
    }
}
