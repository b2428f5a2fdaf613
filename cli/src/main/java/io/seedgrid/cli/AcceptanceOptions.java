package io.seedgrid.cli;

import io.seedgrid.evolution.acceptance.AcceptanceCriteria;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import picocli.CommandLine.Option;

/** What an evolved strategy must show to be accepted (the fitness threshold is --min-fitness). */
final class AcceptanceOptions {
    @Option(
            names = "--min-oos-sharpe",
            paramLabel = "X",
            defaultValue = "0.5",
            description =
                    "Out-of-sample Sharpe ratio (annualised, after costs) a strategy needs. Default: ${DEFAULT-VALUE}.")
    double minOutOfSampleSharpe;

    @Option(
            names = "--oos-confidence",
            paramLabel = "P",
            defaultValue = "0.95",
            description = "Out-of-sample probabilistic Sharpe ratio against 0 it needs, Bonferroni-corrected for the "
                    + "strategies judged out of sample. Default: ${DEFAULT-VALUE}.")
    double confidence;

    @Option(
            names = "--min-oos-trades",
            paramLabel = "N",
            defaultValue = "5",
            description = "Out-of-sample trades it needs: fewer are no evidence. Default: ${DEFAULT-VALUE}.")
    int minOutOfSampleTrades;

    @Option(
            names = "--cost-stress",
            paramLabel = "K",
            defaultValue = "2",
            description = "Its out-of-sample Sharpe ratio must stay > 0 at K times the costs (1: no such check). "
                    + "Default: ${DEFAULT-VALUE}.")
    double costFactor;

    @Option(
            names = "--delay-check",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Its out-of-sample Sharpe ratio must stay > 0 with next-close fills (one more bar of delay). "
                    + "On by default; --no-delay-check turns it off.")
    boolean delayCheck;

    @Option(
            names = "--beat-buy-and-hold",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Its out-of-sample Sharpe ratio must beat buying and holding over the same bars. On by "
                    + "default; --no-beat-buy-and-hold turns it off.")
    boolean beatBuyAndHold;

    @Option(
            names = "--min-dsr",
            paramLabel = "P",
            description = "Also require this deflated Sharpe ratio of the in-sample search (clustered; off by default: "
                    + "the out-of-sample test is the honest one).")
    Double minDeflatedSharpe;

    @Option(
            names = "--parsimony",
            paramLabel = "X",
            defaultValue = "" + EvaluationSpec.DEFAULT_PARSIMONY,
            description = "Fitness taken off per weighted seed beyond the first, so that at equal Sharpe fewer seeds "
                    + "win (0: no preference). Default: ${DEFAULT-VALUE}.")
    double parsimony;

    AcceptanceCriteria criteria() {
        return AcceptanceCriteria.builder()
                .minOutOfSampleSharpe(minOutOfSampleSharpe)
                .confidence(confidence)
                .minOutOfSampleTrades(minOutOfSampleTrades)
                .costFactor(costFactor)
                .requireDelayRobust(delayCheck)
                .beatBuyAndHold(beatBuyAndHold)
                .minDeflatedSharpe(minDeflatedSharpe == null ? Double.NaN : minDeflatedSharpe)
                .build();
    }
}
