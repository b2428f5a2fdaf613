package io.seedgrid.evolution.honesty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OverfittingTest {
    private static final Bars BTC = BundledData.load("BTCUSD");

    /** Real BTCUSD one-minute returns traded by random long/flat/short positions: no skill at all. */
    static double[][] noiseStrategies(int count, long seed) {
        double[] close = BTC.closes();
        Random random = new Random(seed);
        double[][] returns = new double[count][close.length - 1];
        for (int n = 0; n < count; n++) {
            double position = 0;
            for (int t = 1; t < close.length; t++) {
                if (random.nextInt(20) == 0) {
                    position = random.nextInt(3) - 1;
                }
                returns[n][t - 1] = position * (close[t] / close[t - 1] - 1);
            }
        }
        return returns;
    }

    @Test
    void noiseStrategiesOverfitAboutHalfTheTime() {
        var result = Overfitting.pbo(noiseStrategies(40, 11), 16);
        assertEquals(12_870, result.splits(), "C(16, 8)");
        assertEquals(0.5, result.pbo(), 0.2, "PBO of pure noise");
    }

    /** 40 synthetic Gaussian return series of 5,000 bars with zero drift; series 0 gets a per-bar Sharpe of 0.08. */
    static double[][] syntheticWithPlantedEdge(long seed) {
        Random random = new Random(seed);
        double[][] returns = new double[40][5_000];
        for (int n = 0; n < returns.length; n++) {
            for (int t = 0; t < returns[n].length; t++) {
                returns[n][t] = (n == 0 ? 0.0008 : 0) + 0.01 * random.nextGaussian();
            }
        }
        return returns;
    }

    @Test
    void aPlantedEdgeIsNotOverfit() {
        var result = Overfitting.pbo(syntheticWithPlantedEdge(5), 16);
        assertTrue(result.pbo() < 0.1, "PBO with a planted edge: " + result.pbo());
        var noise = syntheticWithPlantedEdge(5);
        noise[0] = noise[1].clone(); // take the edge away again: back to coin flips
        for (int t = 0; t < noise[0].length; t++) {
            noise[0][t] = -noise[0][t];
        }
        assertEquals(0.5, Overfitting.pbo(noise, 16).pbo(), 0.2);
    }

    @Test
    void badShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Overfitting.pbo(new double[1][100], 16));
        assertThrows(IllegalArgumentException.class, () -> Overfitting.pbo(new double[3][100], 15));
        assertThrows(
                IllegalArgumentException.class,
                () -> Overfitting.pbo(new double[][] {new double[10], new double[9]}, 2));
    }
}
