package io.seedgrid.evolution.fitness;

import io.seedgrid.seeds.backtest.Metrics;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A genome's fitness: {@code value} is what evolution maximises (in-sample Sharpe, less penalties for too few trades
 * and for extra seeds); the in-sample and out-of-sample metrics travel with it for reports. Out-of-sample figures
 * never feed {@code value}.
 *
 * @param sketch the in-sample net returns summed over {@link FitnessFunction#SKETCH_BLOCKS} equal blocks of the
 *               in-sample window: enough to tell which trials move together (the clustered deflated Sharpe ratio)
 *               without keeping every trial's series
 */
public record Fitness(double value, Metrics inSample, Metrics outOfSample, float[] sketch) implements Serializable {

    public Fitness {
        Objects.requireNonNull(inSample, "inSample");
        Objects.requireNonNull(outOfSample, "outOfSample");
        sketch = sketch == null ? new float[0] : sketch.clone();
    }

    @Override
    public float[] sketch() {
        return sketch.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Fitness f
                && Double.compare(value, f.value) == 0
                && inSample.equals(f.inSample)
                && outOfSample.equals(f.outOfSample)
                && Arrays.equals(sketch, f.sketch);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, inSample, outOfSample) * 31 + Arrays.hashCode(sketch);
    }

    @Override
    public String toString() {
        return "Fitness[value=" + value + ", inSample=" + inSample + ", outOfSample=" + outOfSample + "]";
    }
}
