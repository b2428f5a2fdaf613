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
 * One slice of a generation: the run key, the fitness settings, the genomes and the index of the first. Never the
 * bars: the node finds them in its run slot ({@link NodeRuns}). Small, explicit and static so it travels as is.
 */
final class EvaluateJob extends ComputeJobAdapter {
    private static final long serialVersionUID = 1L;

    private final String runKey;
    private final byte[] spec;
    private final int start;
    private final double[][] genomes;

    @IgniteInstanceResource
    private transient Ignite ignite;

    /** {@code spec} is the Java-serialized {@link EvaluationSpec} (records do not pass Ignite's binary marshaller). */
    EvaluateJob(String runKey, byte[] spec, int start, double[][] genomes) {
        this.runKey = runKey;
        this.spec = spec;
        this.start = start;
        this.genomes = genomes;
    }

    int size() {
        return genomes.length;
    }

    @Override
    public SliceResult execute() {
        NodeRuns.installCleaner(ignite);
        NodeRuns.RunSlot slot = NodeRuns.slot(ignite, runKey);
        SeedContext context = slot.context(ignite);
        FitnessFunction fitness = slot.fitness(JavaBytes.read(spec, EvaluationSpec.class));
        long started = System.nanoTime();
        Fitness[] results = new Fitness[genomes.length];
        for (int i = 0; i < genomes.length; i++) {
            if (isCancelled() || Thread.currentThread().isInterrupted()) {
                throw new IgniteInterruptedException("slice at " + start + " cancelled");
            }
            results[i] = fitness.evaluate(genomes[i], context);
        }
        long computeNanos = System.nanoTime() - started;
        NodeRuns.served(ignite).addAndGet(genomes.length);
        return new SliceResult(start, JavaBytes.write(results), results.length, ignite.name(), computeNanos);
    }
}
