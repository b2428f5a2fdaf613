package io.seedgrid.cli;

import static io.seedgrid.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.cli.report.Json;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.service.SeedgridService;
import io.seedgrid.service.SeedgridServices;
import io.seedgrid.service.ServiceConfig;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.seedgrid.strategies.NewStrategy;
import io.seedgrid.strategies.StrategyDefinition;
import io.seedgrid.strategies.StrategyRegistries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The strategy commands, signals and serve, driven through the real command line on real stores. */
class StrategiesCliTest {
    static final Bars AAPL = BundledData.load("AAPL");
    static final String QUICK_SEEDS = "EMACrossoverSeed,RSIFilterSeed,SMATrendFilterSeed,BollingerBandsSeed";

    /** Every acceptance criterion switched off: whatever a short run finds is accepted and registered. */
    static final List<String> ACCEPT_ANYTHING = List.of(
            "--min-fitness",
            "-5",
            "--min-oos-sharpe",
            "-100",
            "--oos-confidence",
            "0",
            "--min-oos-trades",
            "0",
            "--no-delay-check",
            "--cost-stress",
            "1",
            "--no-beat-buy-and-hold");

    /** {@code evolve --symbol AAPL} with {@code options}, every acceptance criterion off, plain, JSON on stdout. */
    static CliTest.Outcome evolveAcceptingAnything(String... options) {
        List<String> args = new ArrayList<>(List.of("evolve", "--symbol", "AAPL", "--plain", "--json"));
        args.addAll(ACCEPT_ANYTHING);
        args.addAll(List.of(options));
        return run(args.toArray(String[]::new));
    }

    @TempDir
    Path temp;

    @Test
    void everyNewVerbExplainsItself() {
        assertTrue(run("--help").out().contains("strategies"));
        for (String[] verb : new String[][] {
            {"strategies"},
            {"strategies", "save"},
            {"strategies", "list"},
            {"strategies", "show"},
            {"strategies", "promote"},
            {"strategies", "rollback"},
            {"strategies", "archive"},
            {"signals"},
            {"serve"}
        }) {
            String[] args = Arrays.copyOf(verb, verb.length + 1);
            args[verb.length] = "--help";
            CliTest.Outcome help = run(args);
            assertEquals(0, help.exit(), String.join(" ", verb));
            assertTrue(help.out().contains("Usage: seedgrid " + String.join(" ", verb)), help.out());
        }
        assertTrue(run("strategies", "promote", "--help").out().contains("Default: 1.0"), "gate defaults stated");
        assertTrue(run("serve", "--help").out().contains("127.0.0.1"));
    }

    @Test
    void evolveRegistersItsBestAndTheCommandLineTakesItThroughItsLife() throws Exception {
        String db = temp.resolve("life.duckdb").toString();
        // under the default criteria nothing on AAPL 2013 is accepted, and evolve registers only what it accepts
        CliTest.Outcome honest = run(
                "evolve",
                "--symbol",
                "AAPL",
                "--population",
                "10",
                "--generations",
                "2",
                "--seed",
                "1",
                "--seeds",
                QUICK_SEEDS,
                "--plain",
                "--json",
                "--duckdb",
                db,
                "--out",
                temp.resolve("honest").toString());
        assertEquals(0, honest.exit(), "no edge found is a result: " + honest.err());
        assertTrue(honest.json().get("saved_strategy").isNull(), honest.json().toString());
        assertTrue(honest.err().contains("No strategy accepted: best out-of-sample Sharpe"), honest.err());
        // every criterion is an option: switched off, the best strategy is accepted and registered
        CliTest.Outcome evolve = evolveAcceptingAnything(
                "--population",
                "10",
                "--generations",
                "2",
                "--seed",
                "1",
                "--seeds",
                QUICK_SEEDS,
                "--duckdb",
                db,
                "--out",
                temp.resolve("run").toString());
        assertEquals(0, evolve.exit(), evolve.err());
        JsonNode summary = evolve.json();
        String runId = summary.get("run_id").asText();
        assertEquals("AAPL-1d@1.0.0", summary.get("saved_strategy").asText(), "the best accepted is registered");
        assertTrue(evolve.err().contains("Registered the best accepted strategy as AAPL-1d@1.0.0"), evolve.err());

        JsonNode list = run("strategies", "list", "--json", "--duckdb", db).json();
        assertEquals(1, list.size());
        assertEquals("DRAFT", list.get(0).get("stage").asText());
        assertEquals(runId, list.get(0).get("run_id").asText());

        CliTest.Outcome save = run("strategies", "save", runId, "--rank", "2", "--duckdb", db);
        assertEquals(0, save.exit(), save.err());
        assertTrue(save.out().startsWith("Saved AAPL-1d@"), save.out());
        JsonNode mine = run("strategies", "save", runId, "--rank", "2", "--name", "mine", "--json", "--duckdb", db)
                .json();
        assertEquals("mine@1.0.0", mine.get("id").asText());
        assertEquals(2, mine.get("rank").asInt());

        JsonNode shown = run("strategies", "show", "AAPL-1d@1.0.0", "--json", "--duckdb", db)
                .json();
        assertEquals("CREATED", shown.at("/history/0/kind").asText());
        assertEquals("NOT_LIVE", shown.at("/drift_now/status").asText());
        assertEquals(252, shown.at("/evolved_on/bars").asInt());
        assertTrue(run("strategies", "show", "AAPL-1d", "--duckdb", db).out().contains("lineage    run " + runId));

        CliTest.Outcome testing = run("strategies", "promote", "AAPL-1d@1.0.0", "--duckdb", db);
        assertEquals(0, testing.exit(), testing.err());
        assertTrue(testing.out().contains("DRAFT -> TESTING"), testing.out());
        CliTest.Outcome refused = run("strategies", "promote", "AAPL-1d@1.0.0", "--min-sharpe", "1000", "--duckdb", db);
        assertEquals(1, refused.exit(), refused.out());
        assertTrue(
                refused.err().contains("refused") && refused.err().contains("FAILED out_of_sample_sharpe"),
                refused.err());
        JsonNode refusal = run(
                        "strategies", "promote", "AAPL-1d@1.0.0", "--min-sharpe", "1000", "--json", "--duckdb", db)
                .json();
        assertEquals("out_of_sample_sharpe", refusal.at("/failed_gates/0").asText());
        assertTrue(
                run("strategies", "show", "AAPL-1d@1.0.0", "--duckdb", db).out().contains("REFUSED"));

        assertEquals(
                0, run("strategies", "archive", "mine@1.0.0", "--duckdb", db).exit());
        CliTest.Outcome twice = run("strategies", "archive", "mine@1.0.0", "--duckdb", db);
        assertEquals(2, twice.exit());
        assertTrue(twice.err().contains("archived already"), twice.err());
        assertEquals(
                2, run("strategies", "promote", "mine@1.0.0", "--duckdb", db).exit());
        assertEquals(
                "ARCHIVED",
                run("strategies", "show", "mine", "--json", "--duckdb", db)
                        .json()
                        .get("stage")
                        .asText(),
                "archived stays readable");
        assertEquals(
                1,
                run("strategies", "list", "--stage", "archived", "--json", "--duckdb", db)
                        .json()
                        .size());

        CliTest.Outcome unknown = run("strategies", "show", "nope", "--duckdb", db);
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("no strategy with id or name 'nope'"), unknown.err());
        assertEquals(2, run("strategies", "save", "no-such-run", "--duckdb", db).exit());
        CliTest.Outcome rank = run("strategies", "save", runId, "--rank", "99", "--duckdb", db);
        assertEquals(2, rank.exit());
        assertTrue(rank.err().contains("no strategy ranked 99"), rank.err());
        assertEquals(
                2,
                run("strategies", "save", runId, "--rank", "0", "--duckdb", db).exit());
        CliTest.Outcome rollback = run("strategies", "rollback", "AAPL-1d", "--duckdb", db);
        assertEquals(2, rollback.exit());
        assertTrue(rollback.err().contains("nothing to roll back"), rollback.err());
        assertEquals(
                2, run("strategies", "list", "--stage", "BOGUS", "--duckdb", db).exit());
        assertEquals(2, run("strategies", "promote", "--duckdb", db).exit(), "missing ID: usage error");
    }

    @Test
    void everyVerbGivesARegisteredStrategyTheSameAnswer() throws Exception {
        // all ten seeds on AAPL's 252 bars: evolution may pick ML genes that need more bars than there are; such a
        // seed is silent there, and evolve, strategies show and backtest --strategy agree on what the strategy does
        String db = temp.resolve("same.duckdb").toString();
        CliTest.Outcome evolve = evolveAcceptingAnything(
                "--population",
                "16",
                "--generations",
                "2",
                "--seed",
                "3",
                "--duckdb",
                db,
                "--out",
                temp.resolve("same").toString());
        assertEquals(0, evolve.exit(), evolve.err());
        JsonNode best = evolve.json().get("top").get(0);
        String id = evolve.json().get("saved_strategy").asText();
        JsonNode shown = run("strategies", "show", id, "--json", "--duckdb", db).json();
        CliTest.Outcome backtest = run("backtest", "--strategy", id, "--json", "--duckdb", db);
        assertEquals(0, backtest.exit(), backtest.err());
        JsonNode again = backtest.json();
        assertEquals(id, again.get("registered_strategy").asText());
        assertEquals(
                shown.at("/definition/backtest/fill").asText(),
                again.at("/settings/fill").asText());
        assertEquals(
                shown.at("/definition/backtest/slippage_bps").asDouble(),
                again.at("/settings/slippage_bps").asDouble(),
                0.0,
                "the stored costs, not a new estimate");
        for (String part : new String[] {"in_sample", "out_of_sample"}) {
            for (String field : new String[] {"sharpe", "total_return", "trades", "bars"}) {
                assertEquals(
                        best.get(part).get(field).asDouble(),
                        again.get(part).get(field).asDouble(),
                        1e-12,
                        part + " " + field + ": evolve and backtest --strategy agree");
                assertEquals(
                        best.get(part).get(field).asDouble(),
                        shown.get(part).get(field).asDouble(),
                        1e-12,
                        part + " " + field + ": evolve and the registry agree");
            }
        }
        // an override is an override: one more bar of delay changes the answer, and says so
        JsonNode delayed = run("backtest", "--strategy", id, "--fill", "next-close", "--json", "--duckdb", db)
                .json();
        assertEquals("next-close", delayed.at("/settings/fill").asText());
        assertEquals(
                best.at("/evidence/next_close_out_of_sample_sharpe").asDouble(),
                delayed.at("/out_of_sample/sharpe").asDouble(),
                1e-12);
    }

    static void register(String db, String name, Bars bars) {
        try (Store store = Stores.open(StorageConfig.local(Path.of(db)))) {
            StrategyRegistries.open(store)
                    .save(new NewStrategy(
                            name,
                            new StrategyDefinition(
                                    List.of(new StrategyDefinition.Component(
                                            "EMACrossoverSeed", 1.0, Map.of("fast", 5.0, "slow", 20.0))),
                                    0.3,
                                    0.0,
                                    BacktestSettings.DEFAULT),
                            bars,
                            null,
                            0,
                            "test"));
        }
    }

    @Test
    void signalsOnTheCommandLineEqualThoseServedOverHttp() throws Exception {
        String db = temp.resolve("signals.duckdb").toString();
        assertEquals(0, run("ingest", "--bundled", "AAPL", "--duckdb", db).exit());
        register(db, "aapl-ema", AAPL);

        CliTest.Outcome first = run("signals", "--strategy", "aapl-ema@1.0.0", "--format", "json", "--duckdb", db);
        assertEquals(0, first.exit(), first.err());
        assertEquals(252, first.json().at("/update/stored").asInt());
        assertEquals(252, first.json().get("count").asInt());
        CliTest.Outcome again = run("signals", "--strategy", "aapl-ema", "--symbol", "AAPL", "--json", "--duckdb", db);
        assertEquals(0, again.json().at("/update/stored").asInt(), "idempotent: nothing stored twice");
        assertEquals(0, again.json().get("count").asInt());
        assertTrue(again.err().contains("0 new signal(s) stored"), again.err());

        Path csv = temp.resolve("out/signals.csv");
        CliTest.Outcome export = run(
                "signals",
                "--strategy",
                "aapl-ema",
                "--all",
                "--format",
                "csv",
                "--out",
                csv.toString(),
                "--duckdb",
                db);
        assertEquals(0, export.exit(), export.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("time,signal,position,share", lines.get(0));
        assertEquals(253, lines.size());
        assertTrue(lines.get(1).startsWith(AAPL.endTime(0) + ","), lines.get(1));
        // a file is an export: every stored signal, even when nothing new was computed (it was empty before)
        Path again2 = temp.resolve("out/again.csv");
        assertEquals(
                0,
                run("signals", "--strategy", "aapl-ema", "--format", "csv", "--out", again2.toString(), "--duckdb", db)
                        .exit());
        assertEquals(253, Files.readAllLines(again2).size());
        String recent = run("signals", "--strategy", "aapl-ema", "--since", "2013-12-30", "--duckdb", db)
                .out();
        assertEquals(
                5,
                recent.lines().count(),
                "when positions are taken, what share means, the header and the last" + " two days: " + recent);
        assertTrue(
                recent.startsWith("# positions are decided at each bar's close; the position decided at the close"
                        + " of a bar is taken at the open of the next bar"),
                recent);

        JsonNode cli = run("signals", "--strategy", "aapl-ema", "--all", "--json", "--duckdb", db)
                .json();
        JsonNode http;
        try (Store store = Stores.open(StorageConfig.local(Path.of(db)));
                SeedgridService service =
                        SeedgridServices.start(ServiceConfig.builder().port(0).build(), store)) {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            service.url() + "/strategies/aapl-ema@1.0.0/signals?symbol=AAPL"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            http = Json.mapper().readTree(r.body());
        }
        assertEquals(252, http.get("count").asInt());
        assertEquals(cli.get("signals"), http.get("signals"), "the same signals, positions and times, exactly");
        assertEquals(cli.get("strategy_id"), http.get("strategy_id"));

        CliTest.Outcome badSince = run("signals", "--strategy", "aapl-ema", "--since", "soon", "--duckdb", db);
        assertEquals(2, badSince.exit());
        assertTrue(badSince.err().contains("--since"), badSince.err());
        assertEquals(
                2,
                run("signals", "--strategy", "aapl-ema", "--format", "xml", "--duckdb", db)
                        .exit());
        assertEquals(2, run("signals", "--strategy", "nope", "--duckdb", db).exit());
        CliTest.Outcome noBars = run("signals", "--strategy", "aapl-ema", "--symbol", "MSFT", "--duckdb", db);
        assertEquals(2, noBars.exit());
        assertTrue(noBars.err().contains("ingest"), noBars.err());
        assertEquals(2, run("signals", "--duckdb", db).exit(), "--strategy is required");
    }

    @Test
    @Tag("slow") // scripts/test --quick leaves it out: another JVM ingests
    void followPicksUpBarsIngestedByAnotherProcess() throws Exception {
        Path shared = temp.resolve("shared");
        StorageConfig config = StorageConfig.shared(shared);
        try (Store store = Stores.open(config)) {
            store.bars().writeBars(AAPL.head(240));
            StrategyRegistries.open(store)
                    .save(new NewStrategy(
                            "follow",
                            new StrategyDefinition(
                                    List.of(new StrategyDefinition.Component(
                                            "EMACrossoverSeed", 1.0, Map.of("fast", 5.0, "slow", 20.0))),
                                    0.3,
                                    0.0,
                                    BacktestSettings.DEFAULT),
                            AAPL,
                            null,
                            0,
                            "test"));
        }
        Path csv = temp.resolve("follow.csv");
        AtomicInteger exit = new AtomicInteger(-1);
        Thread follower = new Thread(() -> exit.set(run(
                        "signals",
                        "--strategy",
                        "follow",
                        "--follow",
                        "--interval",
                        "0.05",
                        "--max-polls",
                        "200",
                        "--format",
                        "csv",
                        "--out",
                        csv.toString(),
                        "--storage",
                        "shared",
                        "--shared-dir",
                        shared.toString())
                .exit()));
        follower.start();
        try (Store writer = Stores.open(config)) { // another writer on the shared directory, as a second process
            for (int t = 240; t < 252; t++) {
                writer.bars().writeBars(AAPL.slice(t, t + 1));
                Thread.sleep(30);
            }
        }
        follower.join(60_000);
        assertEquals(0, exit.get());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("time,signal,position,share", lines.get(0));
        assertEquals(1 + 252, lines.size(), "the backfill, then every new bar, each once: " + lines.size());
        assertTrue(lines.get(252).startsWith(AAPL.endTime(251).toString()), lines.get(252));
    }

    @Test
    void serveListensOnLoopbackAndTakesTheTokenFromTheEnvironment() throws Exception {
        String db = temp.resolve("serve.duckdb").toString();
        String token = "cli-token-0123456789abcdef";
        var before = ServeCommand.environment;
        ServeCommand.environment = name -> name.equals(ServiceConfig.TOKEN_ENV) ? token : null;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread server = new Thread(() -> {
            CommandLine cli = SeedgridCommand.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            exit.set(cli.execute("serve", "--port", "0", "--duckdb", db));
        });
        try {
            server.start();
            Matcher url = null;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)")
                        .matcher(out.toString());
                if (m.find()) {
                    url = m;
                    break;
                }
                Thread.sleep(20);
            }
            assertNotNull(url, "no URL in: " + out + err);
            assertTrue(out.toString().contains("need 'Authorization: Bearer <token>'"), out.toString());
            assertTrue(
                    !out.toString().contains(token) && !err.toString().contains(token), "the token is never printed");
            HttpClient client = HttpClient.newHttpClient();
            String base = url.group(1);
            assertEquals(
                    200,
                    client.send(
                                    HttpRequest.newBuilder(URI.create(base + "/health"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode());
            HttpRequest.Builder promote = HttpRequest.newBuilder(URI.create(base + "/strategies/x@1.0.0/promote"))
                    .POST(HttpRequest.BodyPublishers.noBody());
            assertEquals(
                    401,
                    client.send(promote.build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode());
            assertEquals(
                    404,
                    client.send(
                                    promote.header("Authorization", "Bearer " + token)
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode(),
                    "authorised, and the strategy is unknown");
        } finally {
            server.interrupt();
            server.join(30_000);
            ServeCommand.environment = before;
        }
        assertEquals(0, exit.get(), err.toString());
        assertTrue(out.toString().contains("stopping"), out.toString());
    }
}
