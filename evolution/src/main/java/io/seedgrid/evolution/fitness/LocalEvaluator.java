package io.seedgrid.evolution.fitness;

import io.seedgrid.seeds.seed.SeedContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * Evaluates genomes on this machine's cores. Genomes are split into one contiguous slice per thread and each result
 * lands at its genome's index, so the output never depends on thread timing.
 */
public final class LocalEvaluator implements GenomeEvaluator {
    private final FitnessFunction fitness;
    private final SeedContext context;
    private final int threads;
    private final ExecutorService pool;
    private final LongConsumer perGenomeNanos;

    public LocalEvaluator(FitnessFunction fitness, SeedContext context, int threads) {
        this(fitness, context, threads, nanos -> {});
    }

    /**
     * @param perGenomeNanos hears how long each genome's backtest took (e.g. for a latency histogram); called from
     *                       the evaluation threads
     */
    public LocalEvaluator(FitnessFunction fitness, SeedContext context, int threads, LongConsumer perGenomeNanos) {
        this.perGenomeNanos = perGenomeNanos;
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1 but was " + threads);
        }
        this.fitness = fitness;
        this.context = context;
        this.threads = threads;
        this.pool = threads == 1
                ? null
                : Executors.newFixedThreadPool(threads, r -> {
                    Thread thread = new Thread(r, "seedgrid-eval");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** One thread per available core. */
    public static LocalEvaluator onAllCores(FitnessFunction fitness, SeedContext context) {
        return new LocalEvaluator(fitness, context, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public List<Fitness> evaluate(List<double[]> genomes) {
        return evaluate(genomes, done -> {});
    }

    @Override
    public List<Fitness> evaluate(List<double[]> genomes, IntConsumer evaluated) {
        if (Thread.currentThread().isInterrupted()) {
            throw new EvaluationException("evaluation interrupted", new InterruptedException());
        }
        Fitness[] results = new Fitness[genomes.size()];
        if (pool == null || genomes.size() < 2) {
            try {
                evaluateSlice(genomes, results, 0, genomes.size(), evaluated);
            } catch (RuntimeException e) { // the contract: failures are EvaluationException, on one thread too
                throw new EvaluationException("evaluation failed: " + e, e);
            }
            return Arrays.asList(results);
        }
        int slices = Math.min(threads, genomes.size());
        List<Future<?>> running = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            int from = (int) ((long) genomes.size() * s / slices);
            int to = (int) ((long) genomes.size() * (s + 1) / slices);
            running.add(pool.submit(() -> evaluateSlice(genomes, results, from, to, evaluated)));
        }
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.forEach(f -> f.cancel(true));
            throw new EvaluationException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            running.forEach(f -> f.cancel(true));
            throw new EvaluationException("evaluation failed: " + e.getCause(), e.getCause());
        }
        return Arrays.asList(results);
    }

    private void evaluateSlice(List<double[]> genomes, Fitness[] results, int from, int to, IntConsumer evaluated) {
        for (int i = from; i < to; i++) {
            long start = System.nanoTime();
            results[i] = fitness.evaluate(genomes.get(i), context);
            perGenomeNanos.accept(System.nanoTime() - start);
            evaluated.accept(1);
        }
    }

    @Override
    public String describe() {
        return "local, " + threads + (threads == 1 ? " thread" : " threads");
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
