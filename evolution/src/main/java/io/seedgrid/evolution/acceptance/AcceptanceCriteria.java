package io.seedgrid.evolution.acceptance;

import io.seedgrid.seeds.Requires;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a strategy must show to be accepted, so that neither a lucky backtest nor one bar of delay can pass:
 * in-sample fitness, out-of-sample Sharpe ratio, out-of-sample significance (probabilistic Sharpe ratio against 0,
 * Bonferroni-corrected for the strategies judged out of sample: the held-out bars took no part in the selection, so
 * this is where the honest test lives), enough out-of-sample trades, a positive out-of-sample Sharpe ratio with one
 * more bar of delay and with doubled costs, and a better out-of-sample Sharpe ratio than buying and holding. The
 * deflated Sharpe ratio of the in-sample search gates only when asked ({@code minDeflatedSharpe}).
 *
 * @param minFitness             in-sample fitness needed (the deployment guide's 0.5)
 * @param minOutOfSampleSharpe   out-of-sample annualised Sharpe ratio needed
 * @param confidence             out-of-sample PSR needed before the correction, e.g. 0.95
 * @param minOutOfSampleTrades   out-of-sample trades needed: fewer are no evidence
 * @param requireDelayRobust     whether the out-of-sample Sharpe ratio must stay > 0 with next-close fills
 * @param costFactor             the costs multiple under which it must stay > 0 (1 switches the check off)
 * @param beatBuyAndHold         whether it must beat buy-and-hold's out-of-sample Sharpe ratio
 * @param minDeflatedSharpe      deflated Sharpe ratio needed (clustered, when known); NaN: not a criterion
 */
public record AcceptanceCriteria(
        double minFitness,
        double minOutOfSampleSharpe,
        double confidence,
        int minOutOfSampleTrades,
        boolean requireDelayRobust,
        double costFactor,
        boolean beatBuyAndHold,
        double minDeflatedSharpe) {

    public static final AcceptanceCriteria DEFAULT =
            new AcceptanceCriteria(0.5, 0.5, 0.95, 5, true, Evidence.DEFAULT_COST_FACTOR, true, Double.NaN);

    public AcceptanceCriteria {
        Requires.finite("minimum fitness", minFitness);
        Requires.finite("minimum out-of-sample Sharpe", minOutOfSampleSharpe);
        Requires.inHalfOpenRange("out-of-sample confidence", confidence, 0, 1);
        Requires.atLeast("minimum out-of-sample trades", minOutOfSampleTrades, 0);
        Requires.inClosedRange("cost stress factor", costFactor, 1, 100);
        if (!Double.isNaN(minDeflatedSharpe) && !(minDeflatedSharpe >= 0 && minDeflatedSharpe <= 1)) {
            throw new IllegalArgumentException(
                    "minimum deflated Sharpe must lie in [0, 1] (or be unset) but was " + minDeflatedSharpe);
        }
    }

    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The PSR needed after the Bonferroni correction for {@code judged} strategies: 1 - (1 - confidence) / judged;
     * a confidence of 0 asks for nothing.
     */
    public double requiredPsr(int judged) {
        return requiredPsr(confidence, judged);
    }

    /** 1 - (1 - confidence) / judged, or 0 (no requirement) for a confidence of 0. */
    public static double requiredPsr(double confidence, int judged) {
        return confidence <= 0 ? 0 : 1 - (1 - confidence) / Math.max(1, judged);
    }

    /**
     * Judges one strategy.
     *
     * @param fitness        its in-sample fitness
     * @param judged         how many strategies were judged out of sample (the Bonferroni count)
     * @param deflatedSharpe its deflated Sharpe ratio (NaN when unknown); a criterion only when asked for
     */
    public Verdict judge(Evidence e, double fitness, int judged, double deflatedSharpe) {
        List<Criterion> out = new ArrayList<>();
        var oos = e.result().outOfSample();
        out.add(atLeast("in_sample_fitness", "in-sample fitness", fitness, minFitness));
        out.add(atLeast("out_of_sample_sharpe", "out-of-sample Sharpe", oos.sharpe(), minOutOfSampleSharpe));
        double needed = requiredPsr(judged);
        double psr = e.outOfSamplePsr();
        boolean significant = needed <= 0 || psr >= needed; // a confidence of 0 asks for nothing
        out.add(new Criterion(
                "out_of_sample_significance",
                psr,
                needed,
                significant,
                String.format(
                        Locale.ROOT,
                        "out-of-sample PSR %s %s %.4f (%.2f Bonferroni-corrected for %d strategies judged, %d bars)",
                        number(psr, 3),
                        significant ? ">=" : "<",
                        needed,
                        confidence,
                        Math.max(1, judged),
                        e.outOfSampleMoments().count())));
        boolean enough = oos.trades() >= minOutOfSampleTrades;
        out.add(new Criterion(
                "out_of_sample_trades",
                oos.trades(),
                minOutOfSampleTrades,
                enough,
                String.format(
                        Locale.ROOT,
                        "%d out-of-sample trades %s %d",
                        oos.trades(),
                        enough ? ">=" : "<",
                        minOutOfSampleTrades)));
        if (requireDelayRobust) {
            out.add(above(
                    "next_close_sharpe",
                    "out-of-sample Sharpe with next-close fills",
                    e.nextCloseOutOfSampleSharpe(),
                    0));
        }
        if (costFactor > 1) {
            out.add(above(
                    "stressed_cost_sharpe",
                    String.format(Locale.ROOT, "out-of-sample Sharpe at %s x costs", number(costFactor, 1)),
                    e.stressedCostOutOfSampleSharpe(),
                    0));
        }
        if (beatBuyAndHold) {
            double market = e.buyAndHold().outOfSample().sharpe();
            boolean beats = oos.sharpe() > market;
            out.add(new Criterion(
                    "beats_buy_and_hold",
                    oos.sharpe(),
                    market,
                    beats,
                    String.format(
                            Locale.ROOT,
                            "out-of-sample Sharpe %s %s buy-and-hold's %s",
                            number(oos.sharpe(), 3),
                            beats ? ">" : "is not >",
                            number(market, 3))));
        }
        if (!Double.isNaN(minDeflatedSharpe)) {
            out.add(atLeast("deflated_sharpe", "deflated Sharpe", deflatedSharpe, minDeflatedSharpe));
        }
        return new Verdict(out);
    }

    private static Criterion atLeast(String name, String words, double value, double threshold) {
        boolean ok = value >= threshold;
        return new Criterion(
                name,
                value,
                threshold,
                ok,
                String.format(
                        Locale.ROOT, "%s %s %s %s", words, number(value, 3), ok ? ">=" : "<", number(threshold, 3)));
    }

    private static Criterion above(String name, String words, double value, double threshold) {
        boolean ok = value > threshold;
        return new Criterion(
                name,
                value,
                threshold,
                ok,
                String.format(
                        Locale.ROOT,
                        "%s %s %s %s",
                        words,
                        number(value, 3),
                        ok ? ">" : "is not >",
                        number(threshold, 3)));
    }

    static String number(double v, int decimals) {
        return Double.isFinite(v)
                ? String.format(Locale.ROOT, "%." + decimals + "f", v)
                : Double.isNaN(v) ? "n/a" : v > 0 ? "inf" : "-inf";
    }

    /** Settings of {@link AcceptanceCriteria}, starting from {@link #DEFAULT}; checked when built. */
    public static final class Builder {
        private double minFitness;
        private double minOutOfSampleSharpe;
        private double confidence;
        private int minOutOfSampleTrades;
        private boolean requireDelayRobust;
        private double costFactor;
        private boolean beatBuyAndHold;
        private double minDeflatedSharpe;

        private Builder(AcceptanceCriteria from) {
            minFitness = from.minFitness;
            minOutOfSampleSharpe = from.minOutOfSampleSharpe;
            confidence = from.confidence;
            minOutOfSampleTrades = from.minOutOfSampleTrades;
            requireDelayRobust = from.requireDelayRobust;
            costFactor = from.costFactor;
            beatBuyAndHold = from.beatBuyAndHold;
            minDeflatedSharpe = from.minDeflatedSharpe;
        }

        public Builder minFitness(double value) {
            minFitness = value;
            return this;
        }

        public Builder minOutOfSampleSharpe(double value) {
            minOutOfSampleSharpe = value;
            return this;
        }

        public Builder confidence(double value) {
            confidence = value;
            return this;
        }

        public Builder minOutOfSampleTrades(int value) {
            minOutOfSampleTrades = value;
            return this;
        }

        public Builder requireDelayRobust(boolean value) {
            requireDelayRobust = value;
            return this;
        }

        public Builder costFactor(double value) {
            costFactor = value;
            return this;
        }

        public Builder beatBuyAndHold(boolean value) {
            beatBuyAndHold = value;
            return this;
        }

        public Builder minDeflatedSharpe(double value) {
            minDeflatedSharpe = value;
            return this;
        }

        public AcceptanceCriteria build() {
            return new AcceptanceCriteria(
                    minFitness,
                    minOutOfSampleSharpe,
                    confidence,
                    minOutOfSampleTrades,
                    requireDelayRobust,
                    costFactor,
                    beatBuyAndHold,
                    minDeflatedSharpe);
        }
    }
}
