package io.seedgrid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.seedgrid.cli.report.Json;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seedgrid replay} on the bundled AAPL bars, as the README walks it: a first evolution on the history, the
 * version's life through SHADOW and every canary step, re-evolutions on the schedule, alerts to a real receiver; then
 * the usual commands on the replay store ({@code strategies list|compare}, {@code signals}) and {@code evolve --every}.
 */
class ReplayCliTest {
    @TempDir
    Path temp;

    static final String[] LIFE = {
        "replay",
        "--symbol",
        "AAPL",
        "--from",
        "2013-06-03",
        "--bars",
        "60",
        "--lenient",
        "--min-canary-bars",
        "5",
        "--min-shadow-bars",
        "5",
        "--name",
        "aapl",
        "--seeds",
        "EMACrossoverSeed,RSIFilterSeed,SMATrendFilterSeed,BollingerBandsSeed",
        "--seed",
        "2",
        "--population",
        "10",
        "--generations",
        "2",
        "--evolve-every",
        "30d"
    };

    @Test
    void aReplayedLifeOnTheBundledDataThenTheStoreAsAnyOther() throws Exception {
        List<JsonNode> posts = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            posts.add(Json.mapper()
                    .readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String db = temp.resolve("replay.duckdb").toString();
            List<String> args = new ArrayList<>(List.of(LIFE));
            args.addAll(List.of(
                    "--into",
                    db,
                    "--json",
                    "--webhook",
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
            CliTest.Outcome replay = CliTest.run(args.toArray(String[]::new));
            assertEquals(0, replay.exit(), replay.err());
            String life = replay.err();
            assertTrue(life.contains("replay of AAPL 1d"), life);
            assertTrue(
                    life.contains("aapl@1.0.0 from run reevolve-aapl-20130531-000000-initial (initial) is in SHADOW"),
                    life);
            for (String step : List.of(
                    "aapl@1.0.0 passed its shadow gates: CANARY",
                    "aapl@1.0.0 passed its 10% step: it carries 25% of aapl's capital",
                    "aapl@1.0.0 passed its 25% step: it carries 50% of aapl's capital",
                    "aapl@1.0.0 passed its 50% step: it carries 100% of aapl's capital",
                    "aapl@1.0.0 passed its 100% step: in PRODUCTION",
                    "re-evolving aapl (schedule)")) {
                assertTrue(life.contains(step), step + " in\n" + life);
            }
            JsonNode summary = replay.json();
            assertEquals(60, summary.get("replayed_bars").asInt());
            Bars aapl = BundledData.load("AAPL");
            int history = 0;
            while (aapl.endTime(history).isBefore(Instant.parse("2013-06-03T00:00:00Z"))) {
                history++;
            }
            assertEquals(history, summary.get("history_bars").asInt(), "the bars before 3 June 2013");
            assertEquals(
                    aapl.close(history + 59) / aapl.close(history - 1) - 1,
                    summary.at("/buy_and_hold/return").asDouble(),
                    1e-9,
                    "buy and hold over the replayed bars");
            JsonNode first = summary.at("/versions/0");
            assertEquals("aapl@1.0.0", first.get("id").asText());
            assertEquals("initial", first.get("trigger").asText());
            JsonNode second = summary.at("/versions/1");
            assertEquals("schedule", second.get("trigger").asText(), summary.toString());
            assertEquals("aapl@1.0.0", second.get("parent_id").asText());
            assertTrue(second.get("live_bars").asInt() > 0, second.toString());
            assertTrue(Files.exists(Path.of(db)));

            // the replay store, read with the usual commands
            CliTest.Outcome list = CliTest.run("strategies", "list", "--duckdb", db);
            assertTrue(list.out().contains("SHARE"), list.out());
            CliTest.Outcome compare =
                    CliTest.run("strategies", "compare", second.get("id").asText(), "aapl@1.0.0", "--duckdb", db);
            assertEquals(0, compare.exit(), compare.err());
            assertTrue(
                    compare.out().contains("common live bars") && compare.out().contains("paired t"), compare.out());
            JsonNode cmp = CliTest.run(
                            "strategies", "compare", second.get("id").asText(), "aapl@1.0.0", "--json", "--duckdb", db)
                    .json();
            assertTrue(cmp.get("common_bars").asInt() >= 5, cmp.toString());
            CliTest.Outcome csv =
                    CliTest.run("signals", "--strategy", "aapl@1.0.0", "--all", "--format", "csv", "--duckdb", db);
            List<String> lines = csv.out().lines().toList();
            assertEquals("time,signal,position,share", lines.get(0));
            assertTrue(
                    lines.stream()
                            .skip(1)
                            .map(l -> l.substring(l.lastIndexOf(',') + 1))
                            .distinct()
                            .toList()
                            .containsAll(List.of("0.0", "0.1", "0.25", "0.5", "1.0")),
                    csv.out());

            // a second replay into the same store is refused (it would replay bars twice)
            CliTest.Outcome again = CliTest.run(args.toArray(String[]::new));
            assertEquals(2, again.exit(), again.err());
            assertTrue(again.err().contains("--fresh"), again.err());
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void badOptionsAreRefusedBeforeTheReplayStoreIsMade() {
        Path db = temp.resolve("never.duckdb");
        for (String[] bad : new String[][] {
            {"--from", "garbage"}, {"--evolve-every", "soon"}, {"--speed", "-1"}, {"--webhook", "ftp://x"}
        }) {
            CliTest.Outcome o = CliTest.run("replay", "--symbol", "AAPL", "--into", db.toString(), bad[0], bad[1]);
            assertEquals(2, o.exit(), String.join(" ", bad) + ": " + o.err());
            assertTrue(o.err().startsWith("seedgrid replay: "), o.err());
            assertFalse(Files.exists(db), String.join(" ", bad) + " made the replay store");
        }
        assertTrue(CliTest.run("replay", "--symbol", "AAPL", "--into", db.toString(), "--from", "garbage")
                .err()
                .contains("--from must be an ISO-8601 instant"));
    }

    @Test
    void evolveEveryReevolvesARegisteredStrategyWithItsOwnSettings() throws Exception {
        String db = temp.resolve("every.duckdb").toString();
        List<String> args = new ArrayList<>(List.of(LIFE));
        args.set(6, "30"); // 30 bars: the first version's life, then stop
        args.addAll(List.of("--into", db));
        assertEquals(0, CliTest.run(args.toArray(String[]::new)).exit());
        CliTest.Outcome every = CliTest.run(
                "evolve", "--every", "1d", "--name", "aapl", "--max-polls", "1", "--poll", "0.1", "--duckdb", db);
        assertEquals(0, every.exit(), every.err());
        assertTrue(every.out().contains("re-evolving aapl now, then every PT24H"), every.out());
        // the run repeats the settings the replay's first run recorded, on the newest stored bars
        try (Store store = Stores.open(StorageConfig.local(Path.of(db)))) {
            RunRecord run = store.runs().listRuns(50).stream()
                    .filter(r -> r.runId().endsWith("-schedule"))
                    .filter(r -> r.createdAt().isAfter(Instant.parse("2020-01-01T00:00:00Z")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(every.out()));
            JsonNode config = Json.mapper().readTree(run.configJson());
            assertEquals(10, config.at("/ga/population_size").asInt());
            assertEquals(2, config.at("/ga/generations").asInt());
            assertEquals(2, config.at("/ga/random_seed").asInt());
            assertEquals("lifecycle", config.at("/origin").asText(), "recorded through the run manifest");
            assertEquals("aapl", config.at("/save/name").asText());
            assertEquals("schedule", config.at("/save/trigger").asText());
            assertEquals(
                    store.bars()
                            .readBars("AAPL", Timeframe.D1)
                            .endTime(store.bars().readBars("AAPL", Timeframe.D1).size() - 1)
                            .toString(),
                    config.at("/bars/last_bar").asText(),
                    "the newest stored bar");
            assertTrue(every.out().contains(run.runId()), every.out());
        }
        CliTest.Outcome unknown = CliTest.run("evolve", "--every", "1d", "--name", "nope", "--duckdb", db);
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("no strategy is named 'nope'"), unknown.err());
        assertEquals(2, CliTest.run("evolve", "--every", "1d", "--duckdb", db).exit(), "--every needs --name");
    }
}
