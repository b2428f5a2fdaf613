package io.seedgrid.evolution.honesty;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * Probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey, Borwein, Lopez de
 * Prado and Zhu, "The Probability of Backtest Overfitting", Journal of Computational Finance, 2017).
 *
 * <p>The T x N matrix of per-bar returns of N candidate strategies is cut into S blocks of rows. For every way of
 * choosing S/2 blocks as the training set (the rest is the test set), the strategy with the best training Sharpe
 * ratio is ranked among all N by its test Sharpe ratio: relative rank w = rank / (N + 1), logit ln(w / (1 - w)).
 * PBO is the share of splits where that logit is at most 0, i.e. the training winner is no better than the median
 * out of sample.
 */
public final class Overfitting {
    public static final int DEFAULT_BLOCKS = 16;

    private Overfitting() {}

    /**
     * @param returns {@code returns[n][t]}: strategy n's return in bar t; all series of one length
     * @param blocks  S, even, at least 2, at most the series length
     * @return PBO in [0, 1] and the logits behind it
     */
    public static Result pbo(double[][] returns, int blocks) {
        int strategies = returns.length;
        if (strategies < 2) {
            throw new IllegalArgumentException("PBO needs at least 2 strategies but got " + strategies);
        }
        int length = returns[0].length;
        for (double[] r : returns) {
            if (r.length != length) {
                throw new IllegalArgumentException("every return series must have " + length + " bars");
            }
        }
        if (blocks < 2 || blocks % 2 != 0 || blocks > length) {
            throw new IllegalArgumentException("blocks must be even, >= 2 and <= " + length + " but was " + blocks);
        }
        // Per strategy and block: count, sum and sum of squares, so any union of blocks is a few additions.
        double[][] sum = new double[strategies][blocks];
        double[][] squares = new double[strategies][blocks];
        int[] counts = new int[blocks];
        for (int b = 0; b < blocks; b++) {
            int from = (int) ((long) length * b / blocks);
            int to = (int) ((long) length * (b + 1) / blocks);
            counts[b] = to - from;
            for (int n = 0; n < strategies; n++) {
                double s = 0;
                double q = 0;
                for (int t = from; t < to; t++) {
                    s += returns[n][t];
                    q += returns[n][t] * returns[n][t];
                }
                sum[n][b] = s;
                squares[n][b] = q;
            }
        }
        int half = blocks / 2;
        int[] chosen = new int[half];
        for (int i = 0; i < half; i++) {
            chosen[i] = i;
        }
        boolean[] inTraining = new boolean[blocks];
        double[] trainSharpe = new double[strategies];
        double[] testSharpe = new double[strategies];
        var logits = new ArrayList<Double>();
        int overfit = 0;
        while (true) {
            Arrays.fill(inTraining, false);
            for (int c : chosen) {
                inTraining[c] = true;
            }
            for (int n = 0; n < strategies; n++) {
                trainSharpe[n] = sharpe(sum[n], squares[n], counts, inTraining, true);
                testSharpe[n] = sharpe(sum[n], squares[n], counts, inTraining, false);
            }
            int best = 0;
            for (int n = 1; n < strategies; n++) {
                if (trainSharpe[n] > trainSharpe[best]) {
                    best = n;
                }
            }
            // Rank of the training winner among all test Sharpe ratios, 1 = worst; ties share the middle rank.
            double below = 0;
            double equal = 0;
            for (int n = 0; n < strategies; n++) {
                if (testSharpe[n] < testSharpe[best]) {
                    below++;
                } else if (testSharpe[n] == testSharpe[best]) {
                    equal++;
                }
            }
            double rank = below + (equal + 1) / 2;
            double w = rank / (strategies + 1);
            double logit = Math.log(w / (1 - w));
            logits.add(logit);
            if (logit <= 0) {
                overfit++;
            }
            if (!next(chosen, blocks)) {
                break;
            }
        }
        return new Result(
                (double) overfit / logits.size(),
                logits.size(),
                logits.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double sharpe(double[] sum, double[] squares, int[] counts, boolean[] inTraining, boolean training) {
        double s = 0;
        double q = 0;
        long n = 0;
        for (int b = 0; b < counts.length; b++) {
            if (inTraining[b] == training) {
                s += sum[b];
                q += squares[b];
                n += counts[b];
            }
        }
        if (n < 2) {
            return 0;
        }
        double mean = s / n;
        double variance = (q - n * mean * mean) / (n - 1);
        return variance > 1e-24 ? mean / Math.sqrt(variance) : 0;
    }

    /** Next combination of {@code chosen.length} out of {@code blocks} in lexicographic order; false after the last. */
    private static boolean next(int[] chosen, int blocks) {
        int k = chosen.length;
        int i = k - 1;
        while (i >= 0 && chosen[i] == blocks - k + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        chosen[i]++;
        for (int j = i + 1; j < k; j++) {
            chosen[j] = chosen[j - 1] + 1;
        }
        return true;
    }

    /**
     * @param pbo    probability of backtest overfitting
     * @param splits training/test splits tried: C(S, S/2)
     * @param logits the logit of the training winner's test rank, per split
     */
    public record Result(double pbo, int splits, double[] logits) {}
}
