package io.seedgrid.cli;

import static io.seedgrid.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.seedgrid.strategies.NewStrategy;
import io.seedgrid.strategies.StrategyDefinition;
import io.seedgrid.strategies.StrategyRegistries;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the default local backend the service and a signal follow keep running, each in its own process, while the
 * command line ingests, evolves and promotes on the same DuckDB file; the service and the follow see what it wrote.
 */
@Tag("slow") // scripts/test --quick leaves it out: two more JVMs
class LocalSharingCliTest {
    static final Bars AAPL = BundledData.load("AAPL");

    @TempDir
    Path temp;

    @Test
    void theServiceAndAFollowRunWhileTheCommandLineIngestsEvolvesAndPromotes() throws Exception {
        Path db = temp.resolve("seedgrid.duckdb");
        try (Store store = Stores.open(StorageConfig.local(db))) {
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
                            AAPL.head(240),
                            null,
                            0,
                            "test"));
        }
        Path csv = temp.resolve("follow.csv");
        Process follower = seedgrid(
                "follow",
                "signals",
                "--strategy",
                "follow",
                "--follow",
                "--interval",
                "0.05",
                "--format",
                "csv",
                "--out",
                csv.toString(),
                "--duckdb",
                db.toString());
        Process service = seedgrid("serve", "serve", "--port", "0", "--duckdb", db.toString());
        try {
            Pattern listening = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
            await(() -> listening.matcher(log("serve")).find(), "the service to listen", follower, service);
            Matcher url = listening.matcher(log("serve"));
            assertTrue(url.find());
            String base = url.group(1);
            await(() -> lines(csv) == 1 + 240, "the follow's backfill", follower, service);

            Path more = temp.resolve("aapl-rest.csv");
            CliTest.writeCsv(more, AAPL, 240, AAPL.size());
            CliTest.Outcome ingest = run(
                    "ingest",
                    "--symbol",
                    "AAPL",
                    "--timeframe",
                    "1d",
                    "--file",
                    more.toString(),
                    "--duckdb",
                    db.toString());
            assertEquals(0, ingest.exit(), ingest.err());
            assertTrue(ingest.out().contains("12 stored, 0 unchanged"), ingest.out());

            CliTest.Outcome evolve = StrategiesCliTest.evolveAcceptingAnything(
                    "--population",
                    "10",
                    "--generations",
                    "2",
                    "--seed",
                    "1",
                    "--seeds",
                    StrategiesCliTest.QUICK_SEEDS,
                    "--duckdb",
                    db.toString(),
                    "--out",
                    temp.resolve("run").toString());
            assertEquals(0, evolve.exit(), evolve.err());
            assertEquals("AAPL-1d@1.0.0", evolve.json().get("saved_strategy").asText());
            assertEquals(252, evolve.json().at("/data/bars").asInt(), "evolved on the ingested bars too");

            CliTest.Outcome promote = run("strategies", "promote", "AAPL-1d@1.0.0", "--duckdb", db.toString());
            assertEquals(0, promote.exit(), promote.err());
            assertTrue(promote.out().contains("DRAFT -> TESTING"), promote.out());

            HttpResponse<String> shown = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(base + "/strategies/AAPL-1d@1.0.0"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, shown.statusCode(), shown.body());
            assertTrue(shown.body().contains("\"TESTING\""), "the running service sees the promotion: " + shown.body());
            await(() -> lines(csv) == 1 + 252, "the follow to signal the ingested bars", follower, service);
            assertTrue(follower.isAlive() && service.isAlive(), "both kept running");
        } finally {
            for (Process p : List.of(follower, service)) {
                p.destroy();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
        }
        List<String> signals = Files.readAllLines(csv);
        assertEquals("time,signal,position,share", signals.get(0));
        assertTrue(signals.get(252).startsWith(AAPL.endTime(251).toString()), signals.get(252));
    }

    /** Starts {@code seedgrid args...} in its own JVM, output in {@code <name>.log}. */
    private Process seedgrid(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")
                        || a.startsWith("--enable-native-access")
                        || a.startsWith("--sun-misc"))
                .toList());
        command.addAll(
                List.of("-Xmx384m", "-cp", System.getProperty("java.class.path"), SeedgridCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve(name + ".log").toFile())
                .start();
    }

    private String log(String name) {
        try {
            return Files.readString(temp.resolve(name + ".log"));
        } catch (Exception e) {
            return "";
        }
    }

    private static int lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Polls {@code done} until true, failing with both logs when a process dies or a minute passes. */
    private void await(BooleanSupplier done, String what, Process... processes) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!done.getAsBoolean()) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    fail("a process stopped while waiting for " + what + ":\n" + log("follow") + "\n" + log("serve"));
                }
            }
            if (System.currentTimeMillis() > deadline) {
                fail("no " + what + " within a minute:\n" + log("follow") + "\n" + log("serve"));
            }
            Thread.sleep(20);
        }
    }
}
