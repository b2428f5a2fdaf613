package io.seedgrid.cli;

import static io.seedgrid.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seedgrid.cli.report.Json;
import io.seedgrid.runs.DataSource;
import io.seedgrid.runs.RunJson;
import io.seedgrid.runs.RunManifest;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.market.MarketDiagnosis;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data --diagnose} and {@code --resample} on evolve, backtest and ingest, through the real command line. */
class MarketCliTest {
    static final Bars BTC = BundledData.load("BTCUSD");

    @TempDir
    Path temp;

    @Test
    void diagnoseFlagsTheBundledMinuteBarsAsBounce() throws Exception {
        CliTest.Outcome o = run(
                "data",
                "--diagnose",
                "BTCUSD",
                "--duckdb",
                temp.resolve("s.duckdb").toString(),
                "--json");
        assertEquals(0, o.exit(), o.err());
        JsonNode d = o.json();
        MarketDiagnosis expected = MarketDiagnosis.of(BTC);
        assertEquals("BTCUSD", d.get("symbol").asText());
        assertEquals("1m", d.get("timeframe").asText());
        assertEquals(9_603, d.get("bars").asInt());
        assertEquals("bundled", d.get("source").get("kind").asText(), "nothing stored: the bundled data");
        assertEquals(-0.33, d.get("lag1_autocorrelation").asDouble(), 0.01);
        assertEquals(expected.medianAbsMoveBps(), d.get("median_abs_move_bps").asDouble());
        assertEquals(3, d.get("spread_estimates").size());
        assertEquals("Roll", d.get("spread_estimates").get(0).get("estimator").asText());
        assertEquals(expected.spreads().chosenBps(), d.get("chosen_spread_bps").asDouble());
        assertEquals(
                d.get("chosen_spread_bps").asDouble() / 2, d.get("slippage_bps").asDouble());
        assertTrue(d.get("bounce_dominated").asBoolean());
        assertTrue(
                d.get("warnings").get(0).asText().startsWith("BTCUSD 1m looks dominated by bid-ask bounce"),
                d.toString());

        CliTest.Outcome table = run(
                "data",
                "--diagnose",
                "BTCUSD",
                "--duckdb",
                temp.resolve("s.duckdb").toString());
        assertEquals(0, table.exit(), table.err());
        for (String line : new String[] {
            "lag-1 autocorrelation",
            "zero returns",
            "median |move|",
            "Roll",
            "Corwin-Schultz",
            "Abdi-Ranaldo",
            "chosen spread",
            "implied slippage",
            "bounce-dominated",
            "warning: BTCUSD 1m looks dominated by bid-ask bounce"
        }) {
            assertTrue(table.out().contains(line), line + " in\n" + table.out());
        }
        assertTrue(
                table.out().lines().anyMatch(l -> l.startsWith("  bounce-dominated") && l.contains(" yes ")),
                table.out());
    }

    @Test
    void diagnoseResampledBarsAndRefuseWhatCannotBe() throws Exception {
        String db = temp.resolve("s.duckdb").toString();
        JsonNode d = run("data", "--diagnose", "BTCUSD", "--resample", "15m", "--duckdb", db, "--json")
                .json();
        assertEquals("15m", d.get("timeframe").asText());
        assertEquals(641, d.get("bars").asInt());
        assertEquals("15m", d.get("source").get("resample").asText());
        assertEquals(
                MarketDiagnosis.of(BTC.resample(Timeframe.M15)).lag1Autocorrelation(),
                d.get("lag1_autocorrelation").asDouble());

        CliTest.Outcome finer = run("data", "--diagnose", "AAPL", "--resample", "15m", "--duckdb", db);
        assertEquals(2, finer.exit());
        assertTrue(
                finer.err()
                        .contains("cannot resample AAPL 1d bars to 15m: the target timeframe must be coarser than "
                                + "the bars' own"),
                finer.err());
        CliTest.Outcome unknown = run("data", "--diagnose", "BTCUSD", "--resample", "2h", "--duckdb", db);
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("timeframe must be one of 1m, 5m, 15m, 1h, 1d but was '2h'"), unknown.err());
        CliTest.Outcome alone = run("data", "--resample", "15m", "--duckdb", db);
        assertEquals(2, alone.exit());
        assertTrue(alone.err().contains("--timeframe and --resample go with --diagnose SYMBOL"), alone.err());
        CliTest.Outcome nothing = run("data", "--diagnose", "NOPE", "--duckdb", db);
        assertEquals(2, nothing.exit());
        assertTrue(nothing.err().contains("no bundled data for symbol 'NOPE'"), nothing.err());
    }

    @Test
    void ingestStoresResampledBarsUnderTheCoarserTimeframe() throws Exception {
        String db = temp.resolve("s.duckdb").toString();
        CliTest.Outcome refused = run("ingest", "--bundled", "all", "--resample", "15m", "--duckdb", db);
        assertEquals(2, refused.exit(), "AAPL is daily: " + refused.err());
        assertTrue(refused.err().contains("cannot resample AAPL 1d bars to 15m"), refused.err());
        assertEquals(
                0, run("data", "--duckdb", db, "--json").json().size(), "all or nothing: BTCUSD was not stored either");

        JsonNode ingested = run("ingest", "--bundled", "BTCUSD", "--resample", "15m", "--duckdb", db, "--json")
                .json()
                .get(0);
        assertEquals("M15", ingested.get("timeframe").asText(), "ingest's JSON names timeframes by their constant");
        assertEquals(641, ingested.get("stored").asInt());
        assertEquals(9_603, ingested.get("rows_read").asInt());

        // A CSV of minute bars, resampled on the way in.
        Path csv = temp.resolve("btc.csv");
        CliTest.writeCsv(csv, BTC, 0, 120);
        assertEquals(
                0,
                run(
                                "ingest",
                                "--symbol",
                                "XBT",
                                "--file",
                                csv.toString(),
                                "--timeframe",
                                "1m",
                                "--resample",
                                "1h",
                                "--duckdb",
                                db)
                        .exit());
        try (Store store = Stores.open(StorageConfig.local(Path.of(db)))) {
            Bars hours = store.bars().readBars("XBT", Timeframe.H1);
            Bars expected = BTC.head(120).resample(Timeframe.H1);
            assertEquals(expected.size(), hours.size());
            for (int i = 0; i < hours.size(); i++) {
                assertEquals(expected.close(i), hours.close(i));
                assertEquals(expected.high(i), hours.high(i));
            }
            assertTrue(store.bars().readBars("XBT", Timeframe.M1).size() == 0, "only the resampled bars are stored");
        }

        // The stored 15m bars are what --diagnose finds first.
        JsonNode d =
                run("data", "--diagnose", "BTCUSD", "--duckdb", db, "--json").json();
        assertEquals("stored", d.get("source").get("kind").asText());
        assertEquals("15m", d.get("timeframe").asText());
        assertEquals(641, d.get("bars").asInt());
    }

    @Test
    void backtestOnResampledBarsEqualsBacktestOnTheSameBarsFromAFile() throws Exception {
        Bars quarter = BTC.resample(Timeframe.M15);
        Path csv = temp.resolve("q.csv");
        CliTest.writeCsv(csv, quarter, 0, quarter.size());
        String[] strategy = {"--seeds", "EMACrossoverSeed", "--genes", "fast=5,slow=20", "--json"};
        CliTest.Outcome resampled =
                run(concat(new String[] {"backtest", "--symbol", "BTCUSD", "--resample", "15m"}, strategy));
        assertEquals(0, resampled.exit(), resampled.err());
        JsonNode fromFile = run(concat(
                        new String[] {"backtest", "--data", csv.toString(), "--symbol", "BTCUSD", "--timeframe", "15m"},
                        strategy))
                .json();
        JsonNode a = resampled.json();
        assertEquals("15m", a.get("timeframe").asText());
        assertEquals(fromFile.get("in_sample"), a.get("in_sample"));
        assertEquals(fromFile.get("out_of_sample"), a.get("out_of_sample"));
        for (String verb : new String[] {"backtest", "bench", "evolve", "ingest", "data"}) {
            assertTrue(run(verb, "--help").out().contains("--resample=TF"), verb + " --help names --resample");
        }
        assertTrue(run("data", "--help").out().contains("--diagnose=SYMBOL"));
    }

    @Test
    void anEvolveRunRecordsItsResampleSoAResumeReloadsTheSameBars() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("shared"));
        CliTest.Outcome evolve = run(
                "evolve",
                "--symbol",
                "BTCUSD",
                "--resample",
                "15m",
                "--seeds",
                "EMACrossoverSeed",
                "--population",
                "8",
                "--generations",
                "2",
                "--seed",
                "3",
                "--plain",
                "--json",
                "--storage",
                "shared",
                "--shared-dir",
                dir.toString(),
                "--out",
                temp.resolve("r").toString());
        assertEquals(0, evolve.exit(), evolve.err());
        JsonNode summary = evolve.json();
        assertEquals(641, summary.get("data").get("bars").asInt());
        String runId = summary.get("run_id").asText();
        try (Store store = Stores.open(StorageConfig.shared(dir))) {
            var recorded = store.runs().findRun(runId).orElseThrow();
            assertEquals(Timeframe.M15, recorded.timeframe());
            JsonNode source = Json.mapper().readTree(recorded.configJson()).get("data_source");
            assertEquals("bundled", source.get("kind").asText());
            assertEquals("1m", source.get("timeframe").asText());
            assertEquals("15m", source.get("resample").asText());
            // What evolve --resume does with it: the same 641 bars.
            RunManifest manifest = RunJson.manifest(recorded);
            assertEquals(
                    DataSource.bundled("BTCUSD", Timeframe.M1).resampledTo(Optional.of(Timeframe.M15)),
                    manifest.data());
            Bars again = manifest.loadBars(store.bars());
            assertEquals(Timeframe.M15, again.timeframe());
            assertEquals(BTC.resample(Timeframe.M15).size(), again.size());
            assertEquals(BTC.resample(Timeframe.M15).close(100), again.close(100));
            // A run recorded before --resample existed has no such field: it reloads the bars as they were.
            ObjectNode before = (ObjectNode) Json.mapper().readTree(recorded.configJson());
            ((ObjectNode) before.get("data_source")).remove("resample");
            ((ObjectNode) before.get("bars"))
                    .put("first_bar", BTC.endTime(0).toString())
                    .put("last_bar", BTC.endTime(BTC.size() - 1).toString())
                    .put("count", BTC.size());
            RunManifest old = RunJson.manifest(new RunRecord(
                    runId, recorded.createdAt(), "BTCUSD", Timeframe.M1, 3, RunStatus.COMPLETED, before.toString()));
            assertEquals(Optional.empty(), old.data().resample());
            assertEquals(9_603, old.loadBars(store.bars()).size());
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
