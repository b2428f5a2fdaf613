package io.seedgrid.evolution.fitness;

import io.seedgrid.seeds.backtest.Metrics;
import java.io.Serializable;

/**
 * A genome's fitness: {@code value} is what evolution maximises (in-sample Sharpe, less a penalty for too few
 * trades); the in-sample and out-of-sample metrics travel with it for reports. Out-of-sample figures never feed
 * {@code value}.
 */
public record Fitness(double value, Metrics inSample, Metrics outOfSample) implements Serializable {
}
