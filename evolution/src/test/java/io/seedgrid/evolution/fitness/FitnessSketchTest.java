package io.seedgrid.evolution.fitness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sketch, summed four blocks at a time, equals block-by-block sums from zero in bar order, bit for bit. */
class FitnessSketchTest {

    @Test
    void sameBitsAsBlockByBlock() {
        Random random = new Random(3);
        int[] lengths = {0, 1, 3, 4, 5, 127, 128, 129, 130, 131, 255, 511, 512, 513, 1000, 6722};
        for (int length : lengths) {
            int from = 1 + random.nextInt(50);
            double[] returns = new double[from + length + random.nextInt(30)];
            for (int t = 0; t < returns.length; t++) {
                returns[t] = random.nextInt(3) == 0 ? 0 : 0.01 * random.nextGaussian();
            }
            float[] sketch = FitnessFunction.sketch(returns, from, from + length);
            assertEquals(Math.min(FitnessFunction.SKETCH_BLOCKS, length), sketch.length);
            assertArrayEquals(blockByBlock(returns, from, from + length), sketch, "length " + length);
        }
    }

    /** The sketch as it was computed before: the oracle. */
    private static float[] blockByBlock(double[] returns, int from, int to) {
        int length = Math.max(0, to - from);
        int blocks = Math.min(FitnessFunction.SKETCH_BLOCKS, length);
        float[] sketch = new float[blocks];
        for (int b = 0; b < blocks; b++) {
            int start = from + (int) ((long) length * b / blocks);
            int end = from + (int) ((long) length * (b + 1) / blocks);
            double sum = 0;
            for (int t = start; t < end; t++) {
                sum += returns[t];
            }
            sketch[b] = (float) sum;
        }
        return sketch;
    }
}
