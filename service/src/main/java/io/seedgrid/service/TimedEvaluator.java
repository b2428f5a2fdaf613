package io.seedgrid.service;

import io.seedgrid.evolution.fitness.EvaluationException;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.FitnessFunction;
import io.seedgrid.evolution.fitness.GenomeEvaluator;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Evaluates genomes on a few threads, timing each one for the latency histogram. Results land at their genome's
 * index, so they never depend on thread timing (the same run gives the same result as on the command line).
 * An interrupted run stops at its next batch.
 */
final class TimedEvaluator implements GenomeEvaluator {
    private final FitnessFunction fitness;
    private final SeedContext context;
    private final int threads;
    private final ExecutorService pool;
    private final ServiceMetrics metrics;

    TimedEvaluator(FitnessFunction fitness, SeedContext context, int threads, ServiceMetrics metrics) {
        this.fitness = fitness;
        this.context = context;
        this.threads = threads;
        this.metrics = metrics;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "seedgrid-api-eval");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public List<Fitness> evaluate(List<double[]> genomes) {
        if (Thread.currentThread().isInterrupted()) {
            throw new EvaluationException("the run was interrupted", new InterruptedException());
        }
        Fitness[] results = new Fitness[genomes.size()];
        if (pool == null || genomes.size() < 2) {
            slice(genomes, results, 0, genomes.size());
            return Arrays.asList(results);
        }
        int slices = Math.min(threads, genomes.size());
        List<Future<?>> running = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            int from = (int) ((long) genomes.size() * s / slices);
            int to = (int) ((long) genomes.size() * (s + 1) / slices);
            running.add(pool.submit(() -> slice(genomes, results, from, to)));
        }
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.forEach(f -> f.cancel(true));
            throw new EvaluationException("the run was interrupted", e);
        } catch (ExecutionException e) {
            running.forEach(f -> f.cancel(true));
            throw new EvaluationException("evaluation failed: " + e.getCause(), e.getCause());
        }
        return Arrays.asList(results);
    }

    private void slice(List<double[]> genomes, Fitness[] results, int from, int to) {
        for (int i = from; i < to; i++) {
            long start = System.nanoTime();
            results[i] = fitness.evaluate(genomes.get(i), context);
            metrics.evaluationSeconds.observe((System.nanoTime() - start) / 1e9);
            metrics.evaluations.inc();
        }
    }

    @Override
    public String describe() {
        return "service, " + threads + (threads == 1 ? " thread" : " threads");
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
