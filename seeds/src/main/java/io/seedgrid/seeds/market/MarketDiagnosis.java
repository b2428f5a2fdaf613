package io.seedgrid.seeds.market;

import static io.seedgrid.seeds.market.SpreadEstimators.format;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a series of bars says about its own microstructure: whether close-to-close moves are mostly bid-ask bounce,
 * in which case a backtest filling at the signal bar's close trades on noise it could never capture.
 *
 * @param symbol             the bars' symbol
 * @param timeframe          the bars' timeframe label, e.g. {@code 1m}
 * @param bars               how many bars
 * @param lag1Autocorrelation lag-1 autocorrelation of simple close-to-close returns over all bars (NaN with fewer than
 *                           3 returns or no variation); bounce drives it towards -0.5
 * @param zeroReturnShare    share of those returns that are exactly 0 (quiet minutes filled flat count here)
 * @param medianAbsMoveBps   median absolute close-to-close move in bps over the <em>non-zero</em> returns (NaN when
 *                           none): on sparse trade data the zeros are minutes without a trade, and counting them
 *                           would make the typical move 0 and every spread look large
 * @param spreads            the spread estimates and the chosen spread
 * @param warnings           one sentence per problem found, naming the remedy; empty when none
 */
public record MarketDiagnosis(
        String symbol,
        String timeframe,
        int bars,
        double lag1Autocorrelation,
        double zeroReturnShare,
        double medianAbsMoveBps,
        SpreadEstimates spreads,
        List<String> warnings) {
    /** Autocorrelation below this says consecutive moves undo each other: bounce, not information. */
    public static final double BOUNCE_AUTOCORRELATION = -0.1;
    /** A spread above this share of the median move means a typical bar moves less than the cost of trading it. */
    public static final double SPREAD_TO_MOVE = 1.0 / 3;
    /** Coarser bars are only judged (for the remedy) when there are at least this many of them. */
    static final int MIN_BARS_TO_JUDGE = 30;

    public MarketDiagnosis {
        Bars.requireSymbol(symbol);
        Timeframe.parse(timeframe);
        if (bars < 0) {
            throw new IllegalArgumentException("bars must be >= 0 but was " + bars);
        }
        if (!Double.isNaN(lag1Autocorrelation) && !(lag1Autocorrelation >= -1 && lag1Autocorrelation <= 1)) {
            throw new IllegalArgumentException(
                    "lag-1 autocorrelation must be NaN or in [-1, 1] but was " + lag1Autocorrelation);
        }
        if (!(zeroReturnShare >= 0 && zeroReturnShare <= 1) && !Double.isNaN(zeroReturnShare)) {
            throw new IllegalArgumentException("zero-return share must be NaN or in [0, 1] but was " + zeroReturnShare);
        }
        if (!Double.isNaN(medianAbsMoveBps) && !(medianAbsMoveBps > 0 && medianAbsMoveBps < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    "median absolute move must be NaN or a finite number > 0 bps but was " + medianAbsMoveBps);
        }
        Objects.requireNonNull(spreads, "spreads");
        warnings = List.copyOf(warnings);
    }

    /** Diagnoses {@code bars}; a bounce-dominated series gets a warning with the figures and the remedy. */
    public static MarketDiagnosis of(Bars bars) {
        Objects.requireNonNull(bars, "bars");
        SpreadEstimates spreads = SpreadEstimates.of(bars);
        Moves moves = Moves.of(bars);
        List<String> warnings = new ArrayList<>();
        if (moves.returns < 3) {
            warnings.add(bars.symbol() + " " + bars.timeframe() + " has only " + bars.size()
                    + " bars: too few to tell bounce from moves");
        }
        if (bounceDominated(moves.lag1Autocorrelation, spreads.chosenBps(), moves.medianAbsBps)) {
            warnings.add(warning(bars, moves, spreads));
        }
        return new MarketDiagnosis(
                bars.symbol(),
                bars.timeframe().label(),
                bars.size(),
                moves.lag1Autocorrelation,
                moves.zeroShare,
                moves.medianAbsBps,
                spreads,
                warnings);
    }

    /**
     * Whether bid-ask bounce dominates the moves: lag-1 autocorrelation below {@link #BOUNCE_AUTOCORRELATION}, or a
     * chosen spread above {@link #SPREAD_TO_MOVE} of the median absolute move.
     */
    public boolean bounceDominated() {
        return bounceDominated(lag1Autocorrelation, spreads.chosenBps(), medianAbsMoveBps);
    }

    private static boolean bounceDominated(double autocorrelation, double spreadBps, double medianMoveBps) {
        return autocorrelation < BOUNCE_AUTOCORRELATION || spreadBps > medianMoveBps * SPREAD_TO_MOVE;
    }

    /**
     * The warning for bars that fail: what is wrong, with the figures, and the remedy. The remedy looks at these bars
     * resampled to each coarser timeframe (at least {@link #MIN_BARS_TO_JUDGE} bars of it), judged with the spread of
     * these finer bars: the spread belongs to the market, not to the bar length, and finer bars estimate it from more
     * pairs. It names the first timeframe that passes both tests, else (for bounce) the first where the bounce is gone.
     */
    private static String warning(Bars bars, Moves moves, SpreadEstimates spreads) {
        double spread = spreads.chosenBps();
        boolean bounce = moves.lag1Autocorrelation < BOUNCE_AUTOCORRELATION;
        String problem = format(
                "%s %s %s (lag-1 autocorrelation %.2f, spread %.1f bps vs a median move of %.1f bps): %s; ",
                bars.symbol(),
                bars.timeframe(),
                bounce ? "looks dominated by bid-ask bounce" : "moves little against its spread",
                moves.lag1Autocorrelation,
                spread,
                moves.medianAbsBps,
                bounce
                        ? "fills at the signal's close would be fiction"
                        : "a typical bar moves less than three times its spread");
        String charge = format("charge half the spread (%.1f bps) per unit traded", spreads.slippageBps());
        Timeframe unbounced = null;
        Moves unbouncedMoves = null;
        long source = bars.timeframe().duration().toMillis();
        for (Timeframe tf : Timeframe.values()) {
            long step = tf.duration().toMillis();
            if (step <= source || step % source != 0) {
                continue;
            }
            Bars coarse = bars.resample(tf);
            Moves m = Moves.of(coarse);
            if (coarse.size() < MIN_BARS_TO_JUDGE) {
                break;
            }
            if (!bounceDominated(m.lag1Autocorrelation, spread, m.medianAbsBps)) {
                return problem + "use --resample " + tf + " or coarser, keep next-bar fills and " + charge;
            }
            if (unbounced == null && !(m.lag1Autocorrelation < BOUNCE_AUTOCORRELATION)) {
                unbounced = tf;
                unbouncedMoves = m;
            }
        }
        if (bounce && unbounced != null) {
            return problem
                    + format(
                            "use --resample %s or coarser (lag-1 autocorrelation %.2f there), keep next-bar fills "
                                    + "and %s: the spread is still %.0f%% of the median move there (%.1f bps)",
                            unbounced,
                            unbouncedMoves.lag1Autocorrelation,
                            charge,
                            100 * spread / unbouncedMoves.medianAbsBps,
                            unbouncedMoves.medianAbsBps);
        }
        return problem
                + format(
                        "no coarser timeframe with at least %d bars passes; keep next-bar fills and %s",
                        MIN_BARS_TO_JUDGE, charge);
    }

    /** Close-to-close statistics over all bars. */
    private record Moves(int returns, double lag1Autocorrelation, double zeroShare, double medianAbsBps) {
        static Moves of(Bars bars) {
            int m = Math.max(bars.size() - 1, 0);
            double[] r = new double[m];
            double mean = 0;
            int zeros = 0;
            for (int t = 0; t < m; t++) {
                r[t] = bars.close(t + 1) / bars.close(t) - 1;
                mean += r[t];
                zeros += r[t] == 0 ? 1 : 0;
            }
            mean /= Math.max(m, 1);
            double den = 0;
            double num = 0;
            for (int t = 0; t < m; t++) {
                den += (r[t] - mean) * (r[t] - mean);
                num += t > 0 ? (r[t] - mean) * (r[t - 1] - mean) : 0;
            }
            double acf = m >= 3 && den > 0 ? num / den : Double.NaN;
            double[] moves = Arrays.stream(r)
                    .filter(x -> x != 0)
                    .map(x -> Math.abs(x) * 10_000)
                    .sorted()
                    .toArray();
            int k = moves.length;
            double median = k == 0 ? Double.NaN : k % 2 == 1 ? moves[k / 2] : (moves[k / 2 - 1] + moves[k / 2]) / 2;
            return new Moves(m, acf, m == 0 ? Double.NaN : (double) zeros / m, median);
        }
    }
}
