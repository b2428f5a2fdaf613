package io.seedgrid.evolution.acceptance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.CostModel;
import io.seedgrid.seeds.backtest.Fill;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.market.SimulatedMarket;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Acceptance on markets whose truth is known: one made only of bid-ask bounce (nothing to find) and one with a planted,
 * tradable trend (something to find).
 */
class AcceptanceTest {
    private static final String QUICK = "EMACrossoverSeed,RSIFilterSeed,BollingerBandsSeed,StochasticOscillatorSeed";
    private static final RunConfig SMALL =
            RunConfig.DEFAULT.withPopulationSize(30).withGenerations(6);

    /** 1-minute bars of a random-walk mid whose prints fall on the bid or the ask at random: 20 bps spread. */
    private static final Bars BOUNCE = SimulatedMarket.bounce(11, 4000, Timeframe.M1, 20, 8);

    private static RunResult evolve(EvolutionRun.Builder builder) {
        return builder.seeds(Seeds.parse(QUICK)).config(SMALL).build().run(g -> {});
    }

    private static String describe(RunResult r) {
        return r.top().stream()
                .map(s -> "#" + s.rank() + " OOS Sharpe "
                        + s.evidence().result().outOfSample().sharpe() + ": "
                        + s.verdict().summary())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aMarketOfBounceAloneYieldsNothingUnderTheDefaults() {
        RunResult honest = evolve(EvolutionRun.builder(BOUNCE));
        assertTrue(honest.bestAccepted().isEmpty(), "nothing is tradable here, yet:\n" + describe(honest));
    }

    @Test
    void fillingAtTheSignalsCloseForFreeFindsALargeFakeEdgeThere() {
        // This proves the test above can fail: with the optimistic fill and no costs the same search "finds" money.
        RunResult optimistic =
                evolve(EvolutionRun.builder(BOUNCE).fill(Fill.CLOSE).costs(CostModel.FREE));
        double bestOos = optimistic.top().stream()
                .mapToDouble(s -> s.evidence().result().outOfSample().sharpe())
                .max()
                .orElseThrow();
        assertTrue(bestOos > 5, "bounce looks like a large out-of-sample edge at close fills: " + bestOos);
        // ... and with the delay check off the acceptance criteria would take it: one bar of delay is what exposes it
        RunResult fooled = evolve(EvolutionRun.builder(BOUNCE)
                .fill(Fill.CLOSE)
                .costs(CostModel.FREE)
                .acceptance(
                        AcceptanceCriteria.builder().requireDelayRobust(false).build()));
        assertTrue(fooled.bestAccepted().isPresent(), "optimistic fills without the delay check:\n" + describe(fooled));
        RankedStrategy caught = optimistic.top().get(0);
        assertFalse(
                caught.verdict().criteria().stream()
                        .filter(c -> c.name().equals("next_close_sharpe"))
                        .findFirst()
                        .orElseThrow()
                        .passed(),
                "next-close fills expose it: " + caught.verdict());
    }

    @Test
    void aPlantedTradableTrendIsFoundAndAcceptedUnderTheDefaults() {
        Bars trend = SimulatedMarket.plantedTrend(3, 2500, Timeframe.H1, 10);
        RunResult result = evolve(EvolutionRun.builder(trend).allowShort(true));
        assertTrue(
                result.bestAccepted().isPresent(), "a real edge should survive honest execution:\n" + describe(result));
        // the GA's trials are near-copies of a few ideas: counted by clusters, the winner's edge is not luck
        var bias = result.selectionBias();
        double clustered = bias.clusteredDeflatedSharpe();
        assertTrue(
                clustered > 0.9 && clustered > bias.deflatedSharpe() + 0.3,
                "clustered DSR " + clustered + " over "
                        + bias.clustered().orElseThrow().clusters() + " clusters vs naive " + bias.deflatedSharpe()
                        + " over " + bias.trials() + " trials");
    }
}
