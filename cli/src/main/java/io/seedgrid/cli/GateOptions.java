package io.seedgrid.cli;

import io.seedgrid.strategies.GateConfig;
import picocli.CommandLine.Option;

/** The promotion gates' settings, for every command that judges strategies. Defaults: {@link GateConfig#DEFAULT}. */
final class GateOptions {
    @Option(
            names = "--min-sharpe",
            paramLabel = "X",
            defaultValue = "1.0",
            description = "To STAGING: out-of-sample Sharpe ratio must be above this. Default: ${DEFAULT-VALUE}.")
    double minSharpe;

    @Option(
            names = "--max-drawdown",
            paramLabel = "F",
            defaultValue = "0.20",
            description =
                    "To STAGING: out-of-sample max drawdown must be below this fraction. Default: ${DEFAULT-VALUE}.")
    double maxDrawdown;

    @Option(
            names = "--skip-data-sufficiency",
            description = "To STAGING: do not require data sufficiency for every weighted seed (required by default).")
    boolean skipDataSufficiency;

    @Option(
            names = "--staging-confidence",
            paramLabel = "P",
            defaultValue = "0.95",
            description = "To STAGING: out-of-sample PSR needed, Bonferroni-corrected for the strategies its run "
                    + "judged. Default: ${DEFAULT-VALUE}.")
    double stagingConfidence;

    @Option(
            names = "--staging-min-trades",
            paramLabel = "N",
            defaultValue = "5",
            description = "To STAGING: out-of-sample trades needed. Default: ${DEFAULT-VALUE}.")
    int stagingMinTrades;

    @Option(
            names = "--staging-robustness",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "To STAGING: out-of-sample Sharpe must stay > 0 with next-close fills and at twice the "
                    + "costs. On by default; --no-staging-robustness turns it off.")
    boolean stagingRobustness;

    @Option(
            names = "--min-canary-bars",
            paramLabel = "N",
            defaultValue = "20",
            description = "Each CANARY step (and then PRODUCTION): live bars needed at that step. Default: "
                    + "${DEFAULT-VALUE}.")
    int minCanaryBars;

    @Option(
            names = "--canary-steps",
            paramLabel = "SHARES",
            defaultValue = "10,25,50,100",
            description = "The shares of the name's capital a CANARY carries step by step, in percent (the PRODUCTION "
                    + "version holds the rest); a step's hard gate failing (drawdown, drift) rolls it back. Default: "
                    + "${DEFAULT-VALUE}.")
    String canarySteps;

    @Option(
            names = "--min-shadow-bars",
            paramLabel = "N",
            defaultValue = "20",
            description = "From SHADOW to CANARY: live bars needed (in common with the PRODUCTION version, whose "
                    + "realised Sharpe the shadow must match). Default: ${DEFAULT-VALUE}.")
    int minShadowBars;

    @Option(
            names = "--canary-alpha",
            paramLabel = "P",
            defaultValue = "0.05",
            description = "To PRODUCTION: significance of 'live returns worse than the backtest' (one-sided Welch "
                    + "t-test). Default: ${DEFAULT-VALUE}.")
    double canaryAlpha;

    @Option(
            names = "--drift-window",
            paramLabel = "N",
            defaultValue = "100",
            description = "Drift: live bars compared with the backtest (the most recent). Default: ${DEFAULT-VALUE}.")
    int driftWindow;

    @Option(
            names = "--drift-alpha",
            paramLabel = "P",
            defaultValue = "0.05",
            description = "Drift: significance of the two-sample Kolmogorov-Smirnov test. Default: ${DEFAULT-VALUE}.")
    double driftAlpha;

    GateConfig config() {
        return GateConfig.builder()
                .minOutOfSampleSharpe(minSharpe)
                .maxDrawdown(maxDrawdown)
                .requireDataSufficiency(!skipDataSufficiency)
                .minCanaryBars(minCanaryBars)
                .canaryAlpha(canaryAlpha)
                .driftWindow(driftWindow)
                .minDriftBars(Math.min(GateConfig.DEFAULT.minDriftBars(), driftWindow))
                .driftAlpha(driftAlpha)
                .outOfSampleConfidence(stagingConfidence)
                .minOutOfSampleTrades(stagingMinTrades)
                .requireRobustness(stagingRobustness)
                .canarySteps(GateConfig.parseSteps(canarySteps))
                .minShadowBars(minShadowBars)
                .build();
    }

    /** Who acts, for the strategy's log. */
    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }
}
