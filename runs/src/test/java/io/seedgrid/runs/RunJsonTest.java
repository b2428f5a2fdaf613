package io.seedgrid.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.evolution.acceptance.AcceptanceCriteria;
import io.seedgrid.evolution.run.Checkpoint;
import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.Fill;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.StrategyRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one codec of run records: manifests, checkpoints and results round-trip exactly; older records still read. */
class RunJsonTest {
    static final Bars AAPL = BundledData.load("AAPL");
    static final String SEEDS = "EMACrossoverSeed,RSIFilterSeed";

    static EvolutionRun.Builder small(Bars bars, long seed) {
        return EvolutionRun.builder(bars)
                .seeds(Seeds.parse(SEEDS))
                .config(RunConfig.DEFAULT
                        .withPopulationSize(12)
                        .withGenerations(4)
                        .withRandomSeed(seed));
    }

    private static RunRecord stored(String configJson, String symbol, Timeframe timeframe) {
        return new RunRecord(
                "r", Instant.parse("2024-01-01T00:00:00Z"), symbol, timeframe, 1, RunStatus.RUNNING, configJson);
    }

    @Test
    void aManifestRoundTripsWholeWithEveryBacktestSetting() {
        // every setting away from its default, the in-sample window too (what --resume used to drop)
        EvolutionRun run = small(AAPL, 3)
                .fill(Fill.NEXT_CLOSE)
                .feeBps(7.5)
                .slippageBps(3.25)
                .allowShort(true)
                .minTrades(2)
                .parsimony(0.02)
                .inSampleWindow(20, 180)
                .acceptance(AcceptanceCriteria.builder()
                        .confidence(0.9)
                        .minDeflatedSharpe(0.5)
                        .costFactor(3)
                        .build())
                .build();
        DataSource data = DataSource.bundled("AAPL", Timeframe.D1);
        RunManifest m = RunManifest.of(
                RunManifest.Origin.API,
                run,
                data,
                AAPL,
                Optional.of(new WalkForwardPlan(3, true)),
                SavePlan.named("mine"));
        RunManifest back = RunJson.manifest(stored(RunJson.manifest(m), "AAPL", Timeframe.D1));
        assertEquals(m, back);
        assertEquals(180, back.spec().settings().split());
        assertEquals(20, back.spec().settings().inSampleFrom());
        assertEquals(Fill.NEXT_CLOSE, back.spec().settings().fill());
        assertEquals(Optional.of("mine"), back.save().name());

        RunManifest plain = RunManifest.of(
                RunManifest.Origin.CLI, small(AAPL, 3).build(), data, AAPL, Optional.empty(), SavePlan.NONE);
        assertEquals(plain, RunJson.manifest(stored(RunJson.manifest(plain), "AAPL", Timeframe.D1)));
        assertTrue(Double.isNaN(plain.acceptance().minDeflatedSharpe()), "NaN survives as 'not a criterion'");
    }

    @Test
    void everyDataSourceRoundTripsAndLoadsTheSameBars() {
        var sources = List.of(
                DataSource.bundled("BTCUSD", Timeframe.M1).resampledTo(Optional.of(Timeframe.M15)),
                DataSource.simulated("Trend", 3),
                DataSource.stored("AAPL", Timeframe.D1));
        for (DataSource d : sources) {
            RunManifest m = new RunManifest(
                    RunManifest.Origin.CLI,
                    RunConfig.DEFAULT,
                    small(AAPL, 1).build().spec(),
                    AcceptanceCriteria.DEFAULT,
                    d,
                    new BarRange(Instant.EPOCH, Instant.EPOCH.plusSeconds(60), 2),
                    Optional.empty(),
                    SavePlan.DEFAULT);
            assertEquals(
                    d,
                    RunJson.manifest(stored(RunJson.manifest(m), d.symbol(), d.barsTimeframe()))
                            .data());
        }
        Bars resampled = sources.get(0).load(null);
        assertEquals(Timeframe.M15, resampled.timeframe());
        assertEquals(BundledData.load("BTCUSD").resample(Timeframe.M15).size(), resampled.size());
        assertEquals("trend", sources.get(1).path().orElseThrow());
        assertEquals(
                DataSource.simulatedMarket("trend", 3).close(100),
                sources.get(1).load(null).close(100));
    }

    /** What the command line recorded before the manifest (copied from a real run of that build). */
    @Test
    void aCommandLineRunRecordedBeforeTheManifestReadsAsItWasMeant() throws IOException {
        RunManifest m = RunJson.manifest(stored(resource("legacy/cli-run-config.json"), "AAPL", Timeframe.D1));
        assertEquals(RunManifest.Origin.CLI, m.origin());
        assertEquals(
                RunConfig.DEFAULT
                        .withPopulationSize(10)
                        .withGenerations(3)
                        .withMutationRate(0.3)
                        .withRandomSeed(7),
                m.ga());
        assertEquals(List.of("EMACrossoverSeed", "RSIFilterSeed"), m.spec().seedNames());
        assertEquals(13.407378394592484, m.spec().settings().slippageBps(), 0);
        assertEquals(252, m.spec().knownBars());
        assertEquals(DataSource.bundled("AAPL", Timeframe.D1), m.data());
        assertEquals(BarRange.of(AAPL), m.bars());
        assertEquals(AcceptanceCriteria.DEFAULT, m.acceptance());
        assertEquals(SavePlan.DEFAULT, m.save(), "it did not record --no-save: registering was the default");
        assertEquals(AAPL.size(), m.loadBars(null).size());
    }

    /** What the service recorded before the manifest: no data source, no acceptance, "source": "api". */
    @Test
    void aServiceRunRecordedBeforeTheManifestReadsAsItWasMeant() throws IOException {
        RunManifest m = RunJson.manifest(stored(resource("legacy/api-run-config.json"), "BTCUSD", Timeframe.M1));
        assertEquals(RunManifest.Origin.API, m.origin());
        assertEquals(DataSource.stored("BTCUSD", Timeframe.M1), m.data(), "the stored bars of its symbol");
        assertEquals(AcceptanceCriteria.DEFAULT, m.acceptance());
        assertEquals(300, m.ga().generations());
        assertEquals(9603, m.bars().count());
        assertEquals(Optional.empty(), m.walkForward());
    }

    @Test
    void unreadableConfigurationsAreRefusedNamingTheRun() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RunJson.manifest(stored("{\"manifest\": 2}", "AAPL", Timeframe.D1)));
        assertTrue(e.getMessage().contains("run r") && e.getMessage().contains("format 2"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> RunJson.manifest(stored("{\"p\": 1}", "AAPL", Timeframe.D1)));
        assertTrue(e.getMessage().contains("no GA settings"), e.getMessage());
    }

    @Test
    void checkpointsAndResultsRoundTripExactly() {
        List<Checkpoint> checkpoints = new ArrayList<>();
        RunResult result = small(AAPL, 5).build().run(g -> {}, checkpoints::add);
        assertEquals(4, checkpoints.size());
        for (Checkpoint c : checkpoints) {
            String json = RunJson.checkpoint(c);
            Checkpoint back = RunJson.checkpoint(new GenerationRecord(c.stats().generation(), 0, 0, 0, 0, json));
            assertEquals(json, RunJson.checkpoint(back), "the same checkpoint again");
            assertEquals(c.stats(), back.stats());
            assertEquals(c.randomState(), back.randomState());
            for (int i = 0; i < c.population().size(); i++) {
                assertTrue(Arrays.equals(
                        c.population().get(i).genome(), back.population().get(i).genome()));
            }
        }
        assertThrows(
                IllegalArgumentException.class, () -> RunJson.checkpoint(new GenerationRecord(1, 0, 0, 0, 0, null)));

        SeedContext ctx = SeedContext.of(AAPL);
        for (RankedStrategy r : result.top()) {
            StrategyRecord record = RunJson.result(r);
            RecordedResult back = RunJson.result(record);
            assertEquals(r.rank(), back.rank());
            assertEquals(r.strategy(), back.strategy(), "the strategy exactly as ranked");
            assertTrue(Arrays.equals(r.strategy().signals(ctx), back.strategy().signals(ctx)));
            assertEquals(Optional.of(r.fitness().inSample()), back.inSample());
            assertEquals(Optional.of(r.fitness().outOfSample()), back.outOfSample());
            assertEquals(r.fitness().value(), back.fitness(), 0);
            assertEquals(r.accepted(), back.accepted());
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = RunJsonTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
