package io.seedgrid.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.cli.report.Json;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Drives the real command line with captured output, as a user would. */
class CliTest {
    @TempDir
    Path temp;

    record Outcome(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return Json.mapper().readTree(out);
        }
    }

    /**
     * Bars {@code from} (inclusive) to {@code to} of {@code bars} written to {@code file} as an OHLCV CSV (times in
     * epoch milliseconds): what {@code ingest --file} and {@code --data} read.
     */
    static Path writeCsv(Path file, Bars bars, int from, int to) throws IOException {
        StringBuilder text = new StringBuilder("time,open,high,low,close,volume\n");
        for (int i = from; i < to; i++) {
            text.append(bars.endEpochMilli(i))
                    .append(',')
                    .append(bars.open(i))
                    .append(',')
                    .append(bars.high(i))
                    .append(',')
                    .append(bars.low(i))
                    .append(',')
                    .append(bars.close(i))
                    .append(',')
                    .append(bars.volume(i))
                    .append('\n');
        }
        return Files.writeString(file, text);
    }

    static Outcome run(String... args) {
        CommandLine cli = SeedgridCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void aFailureWithJsonAskedForIsAJsonObjectOnStdoutToo() throws Exception {
        Outcome o = run("evolve", "--symbol", "NOPE", "--json");
        assertEquals(2, o.exit());
        JsonNode error = o.json();
        assertEquals(2, error.get("exit_code").asInt());
        assertEquals("seedgrid evolve", error.get("command").asText());
        assertTrue(error.get("error").asText().contains("no bundled data for symbol 'NOPE'"), o.out());
        assertTrue(o.err().contains("no bundled data for symbol 'NOPE'"), "the line on stderr stays: " + o.err());
    }

    @Test
    void everyVerbExplainsItself() {
        Outcome top = run("--help");
        assertEquals(0, top.exit());
        for (String verb : new String[] {"evolve", "backtest", "seeds", "gate", "bench"}) {
            assertTrue(top.out().contains(verb), verb);
            Outcome help = run(verb, "--help");
            assertEquals(0, help.exit(), verb);
            assertTrue(help.out().contains("Usage: seedgrid " + verb), help.out());
        }
        assertTrue(run("evolve", "--help").out().contains("Default: 10"), "defaults are stated");
    }

    @Test
    void everyCommandListGivesWholeSentences() {
        for (String[] command : new String[][] {{}, {"strategies"}, {"check"}}) {
            String[] args = Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            String help = run(args).out();
            // Rows of the "Commands:" list: a name at indent 2, its summary wrapped onto deeper-indented lines.
            Map<String, String> rows = new LinkedHashMap<>();
            String name = null;
            for (String line : help.substring(help.indexOf("Commands:\n") + 10).split("\n")) {
                if (line.isBlank()) {
                    break;
                }
                if (line.startsWith("  ") && !line.startsWith("   ")) {
                    name = line.strip().split(" +", 2)[0];
                    rows.put(name, line.strip().split(" +", 2)[1]);
                } else {
                    rows.merge(name, line.strip(), (a, b) -> a + " " + b);
                }
            }
            CommandLine cli = SeedgridCommand.commandLine();
            for (String c : command) {
                cli = cli.getSubcommands().get(c);
            }
            assertEquals(cli.getSubcommands().keySet(), rows.keySet(), help);
            rows.forEach((verb, summary) -> assertTrue(summary.matches(".*[.?!]"), verb + ": " + summary));
        }
    }

    @Test
    void everyHelpTextIsAValidFormatString() {
        // picocli formats help texts and warns on stderr (its tracer, not our writers) about a bad one: check them all.
        List<CommandLine> all = new ArrayList<>(List.of(SeedgridCommand.commandLine()));
        for (int i = 0; i < all.size(); i++) {
            all.addAll(all.get(i).getSubcommands().values());
        }
        for (CommandLine cli : all) {
            var usage = cli.getCommandSpec().usageMessage();
            List<String> texts = new ArrayList<>(List.of(usage.description()));
            texts.addAll(List.of(usage.header()));
            texts.addAll(List.of(usage.footer()));
            cli.getCommandSpec().options().forEach(o -> texts.addAll(List.of(o.description())));
            cli.getCommandSpec().positionalParameters().forEach(p -> texts.addAll(List.of(p.description())));
            for (String text : texts) {
                assertDoesNotThrow(
                        () -> String.format(text), cli.getCommandSpec().qualifiedName() + ": " + text);
            }
        }
        assertTrue(run("strategies", "--help").out().contains("max drawdown < 20% and data"));
    }

    @Test
    void anUnknownVerbIsAUsageErrorEvenWithHelp() {
        for (String[] args : new String[][] {{"nope", "--help"}, {"--help", "nope"}, {"nope"}}) {
            Outcome o = run(args);
            assertEquals(2, o.exit(), String.join(" ", args));
            assertTrue(o.err().contains("'nope'"), o.err());
            assertFalse(o.out().contains("Usage:"), "no help on stdout: " + o.out());
        }
        Outcome sub = run("strategies", "nope", "--help");
        assertEquals(2, sub.exit());
        assertTrue(sub.err().contains("'nope'"), sub.err());
    }

    @Test
    void errorsNameTheWholeCommand() {
        Outcome unknown = run(
                "strategies",
                "show",
                "nope",
                "--duckdb",
                temp.resolve("s.duckdb").toString());
        assertEquals(2, unknown.exit());
        assertTrue(
                unknown.err().startsWith("seedgrid strategies show: no strategy with id or name 'nope'"),
                unknown.err());
        Outcome lookahead = run("check", "lookahead", "--symbol", "NOPE");
        assertEquals(2, lookahead.exit());
        assertTrue(lookahead.err().startsWith("seedgrid check lookahead: "), lookahead.err());
    }

    @Test
    void aReportThatCannotBeWrittenIsAFailureNotBadInput() throws Exception {
        Path out = temp.resolve("run");
        Files.createDirectories(out.resolve("report.json").resolve("in-the-way")); // a rename onto it must fail
        Outcome o = run(
                "evolve",
                "--symbol",
                "AAPL",
                "--seeds",
                "EMACrossoverSeed",
                "--population",
                "4",
                "--generations",
                "1",
                "--no-save",
                "--plain",
                "--out",
                out.toString());
        assertEquals(1, o.exit(), o.err());
        assertTrue(o.err().contains("seedgrid evolve failed: cannot write " + out.resolve("report.json")), o.err());
        assertFalse(o.err().contains("\tat "), "one line, no stack trace: " + o.err());
    }

    @Test
    void seedsListsTheRegistryAsJson() throws Exception {
        Outcome o = run("seeds", "--json");
        assertEquals(0, o.exit(), o.err());
        JsonNode seeds = o.json();
        assertEquals(Seeds.all().size(), seeds.size());
        JsonNode ema = seeds.get(0);
        assertEquals("EMACrossoverSeed", ema.get("name").asText());
        assertEquals("MOMENTUM", ema.get("type").asText());
        assertEquals("fast", ema.get("genes").get(0).get("name").asText());
        assertEquals(2, ema.get("genes").get(0).get("min").asInt());
        assertTrue(run("seeds").out().contains("IchimokuCloudSeed"));
    }

    @Test
    void gateTableFollowsTheGuide() throws Exception {
        JsonNode table =
                run("gate", "--symbol", "AAPL", "--bars", "49", "--json").json();
        assertEquals(49, table.get("data_points").asInt());
        for (JsonNode row : table.get("seeds")) {
            String expected = switch (row.get("seed").asText()) {
                case "EMACrossoverSeed", "StochasticOscillatorSeed", "VolatilityScalingSeed", "RSIFilterSeed" ->
                    "DEPLOY_IMMEDIATE";
                case "LinearSVCClassifierSeed", "PCATreeQuantileSeed" -> "DELAY_DEPLOYMENT";
                default -> "DEPLOY_CAUTIOUS";
            };
            assertEquals(expected, row.get("recommendation").asText(), row.toString());
            // the guide: threshold_met = not INSUFFICIENT_DATA; eligible = evolved here (DELAY_DEPLOYMENT is not)
            assertTrue(row.get("threshold_met").asBoolean(), row.toString());
            assertEquals(
                    !expected.equals("DELAY_DEPLOYMENT"), row.get("eligible").asBoolean(), row.toString());
        }
        for (JsonNode row :
                run("gate", "--symbol", "AAPL", "--bars", "10", "--json").json().get("seeds")) {
            boolean insufficient = row.get("recommendation").asText().equals("INSUFFICIENT_DATA");
            assertEquals(!insufficient, row.get("threshold_met").asBoolean(), row.toString());
            assertFalse(row.get("eligible").asBoolean(), row.toString());
        }
        assertTrue(
                run("gate", "--symbol", "AAPL", "--bars", "49")
                        .out()
                        .contains("DEPLOY_CAUTIOUS     50        yes  yes"),
                "the table's MET and ELIGIBLE columns");
        Outcome bad = run("gate", "--symbol", "AAPL", "--bars", "999");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--bars must lie in [0, 252] but was 999"), bad.err());
    }

    @Test
    void backtestMatchesAnIndependentRecalculationOfItsSignal() throws Exception {
        Bars aapl = BundledData.load("AAPL");
        Seed ema = Seeds.byName("EMACrossoverSeed");
        double[] signal = ema.signals(SeedContext.of(aapl), new double[] {12, 26});
        int n = aapl.size();
        int split = n - (int) Math.round(n * 0.3);
        for (String fill : new String[] {"next-open", "close"}) {
            JsonNode o = run(
                            "backtest",
                            "--seeds",
                            "EMACrossoverSeed",
                            "--genes",
                            "fast=12,slow=26",
                            "--symbol",
                            "AAPL",
                            "--entry",
                            "0.2",
                            "--exit",
                            "0",
                            "--fee-bps",
                            "0",
                            "--slippage-bps",
                            "0",
                            "--oos-fraction",
                            "0.3",
                            "--fill",
                            fill,
                            "--json")
                    .json();
            assertEquals(
                    12,
                    o.get("strategy")
                            .get("seeds")
                            .get(0)
                            .get("genes")
                            .get("fast")
                            .asInt());
            assertEquals(fill, o.get("settings").get("fill").asText());
            // Recompute the long-only backtest from the seed's signal with a loop written here, not the Backtest class:
            // the position decided at the close of t is held from the open of t+1 (next-open) or that close (close).
            double equity = 1;
            double held = 0; // in effect before bar t's fill
            double decided = 0; // decided at the last close
            int trades = 0;
            for (int t = 1; t < n; t++) {
                double next = decided == 0 ? (signal[t] >= 0.2 ? 1 : 0) : (signal[t] > 0 ? 1 : 0);
                double r;
                if (fill.equals("next-open")) {
                    r = (1 + held * (aapl.open(t) / aapl.close(t - 1) - 1))
                                    * (1 + decided * (aapl.close(t) / aapl.open(t) - 1))
                            - 1;
                    if (decided == 1 && held == 0 && t >= split) {
                        trades++;
                    }
                    held = decided;
                } else {
                    r = held * (aapl.close(t) / aapl.close(t - 1) - 1);
                    if (next == 1 && held == 0 && t >= split) {
                        trades++;
                    }
                    held = next;
                }
                if (t >= split) {
                    equity *= 1 + r;
                }
                decided = next;
            }
            JsonNode oos = o.get("out_of_sample");
            assertEquals(equity - 1, oos.get("total_return").asDouble(), 1e-12, fill);
            assertEquals(trades, oos.get("trades").asInt(), fill);
            assertTrue(trades > 0, "the strategy trades out of sample");
        }

        Outcome human =
                run("backtest", "--seeds", "EMACrossoverSeed", "--genes", "fast=12,slow=26", "--symbol", "AAPL");
        assertEquals(0, human.exit(), human.err());
        assertTrue(human.out().contains("out-of-sample"), human.out());
    }

    @Test
    void evolveWritesReportsAndJsonSummary() throws Exception {
        Path out = temp.resolve("run");
        Outcome o = run(
                "evolve",
                "--symbol",
                "AAPL",
                "--population",
                "12",
                "--generations",
                "3",
                "--seed",
                "5",
                "--out",
                out.toString(),
                "--json",
                "--plain");
        assertEquals(0, o.exit(), o.err());
        JsonNode summary = o.json();
        assertEquals("AAPL", summary.get("data").get("symbol").asText());
        assertEquals(5, summary.get("random_seed").asLong());
        assertEquals(3, summary.get("generations").size());
        JsonNode best = summary.get("top").get(0);
        assertTrue(
                best.get("in_sample").has("sharpe") && best.get("out_of_sample").has("sharpe"));
        assertTrue(best.get("strategy").get("seeds").get(0).has("genes"));
        assertTrue(o.err().contains("generation 3:"), "human progress goes to stderr with --json");
        JsonNode written = Json.mapper().readTree(Files.readString(out.resolve("report.json")));
        assertEquals(summary.get("top"), written.get("top"));
        String html = Files.readString(out.resolve("report.html"));
        // the dashboard's charts, inlined (uPlot and charts.js), drawing the run's figures carried as JSON
        assertTrue(html.contains("uPlot") && html.contains("SeedgridCharts.run(") && !html.contains("src=\"http"));
        String open = "<script id=\"run-data\" type=\"application/json\">";
        String data = html.substring(html.indexOf(open) + open.length());
        JsonNode view = Json.mapper().readTree(data.substring(0, data.indexOf("</script>")));
        assertEquals(
                summary.path("data").path("bars").asInt(),
                view.path("best").path("time").size());
        assertEquals(summary.path("top").size(), view.path("top").size());
        assertEquals(3, view.path("generations").size());
        // Same seed, same run: the JSON summaries agree on everything but the run id, time and durations.
        JsonNode again = run(
                        "evolve",
                        "--symbol",
                        "AAPL",
                        "--population",
                        "12",
                        "--generations",
                        "3",
                        "--seed",
                        "5",
                        "--out",
                        temp.resolve("again").toString(),
                        "--json",
                        "--plain")
                .json();
        assertEquals(summary.get("top"), again.get("top"));
    }

    @Test
    void aWalkForwardReportDrawsItsFoldsAndTheStitchedEquity() throws Exception {
        Path out = temp.resolve("wf-report");
        Outcome o = run(
                "evolve",
                "--symbol",
                "AAPL",
                "--walk-forward",
                "2",
                "--population",
                "8",
                "--generations",
                "2",
                "--seeds",
                "EMACrossoverSeed",
                "--seed",
                "3",
                "--out",
                out.toString(),
                "--json",
                "--plain");
        assertEquals(0, o.exit(), o.err());
        JsonNode summary = o.json();
        String html = Files.readString(out.resolve("report.html"));
        String open = "<script id=\"run-data\" type=\"application/json\">";
        String data = html.substring(html.indexOf(open) + open.length());
        JsonNode view = Json.mapper().readTree(data.substring(0, data.indexOf("</script>")));
        assertEquals("walk-forward", view.path("mode").asText());
        assertEquals(2, view.path("folds").size());
        assertEquals(
                summary.path("folds").get(1).path("out_of_sample_start").asText(),
                view.path("folds").get(1).path("out_of_sample_start").asText());
        int stitched = summary.path("stitched_out_of_sample").path("bars").asInt();
        assertEquals(stitched, view.path("stitched").path("time").size(), "one point per stitched bar");
        assertEquals(4, view.path("generations").size(), "2 folds of 2 generations");
    }

    @Test
    void badInputGetsOneClearLineAndExitTwo() throws Exception {
        Path csv = temp.resolve("bad.csv");
        Files.writeString(
                csv, "time,open,high,low,close,volume\n2024-01-01,10,11,9,10,100\n2024-01-02,10,9,11,10,100\n");
        Outcome badCsv = run("evolve", "--data", csv.toString());
        assertEquals(2, badCsv.exit());
        assertTrue(badCsv.err().contains("bad.csv:3: high 9.0 is below low 11.0"), badCsv.err());
        assertFalse(badCsv.err().contains("\tat "), "no stack trace for bad input");

        Outcome missing = run("evolve", "--data", temp.resolve("nope.csv").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());

        Outcome population = run("evolve", "--population", "1");
        assertEquals(2, population.exit());
        assertTrue(population.err().contains("population size must be >= 2 but was 1"), population.err());

        Outcome symbol = run("evolve", "--symbol", "NOPE");
        assertEquals(2, symbol.exit());
        assertTrue(symbol.err().contains("no bundled data for symbol 'NOPE'"), symbol.err());

        Outcome gene = run("backtest", "--seeds", "EMACrossoverSeed", "--genes", "fast=1");
        assertEquals(2, gene.exit());
        assertTrue(gene.err().contains("gene fast must lie in [2, 50] but was 1.0"), gene.err());

        assertEquals(2, run("evolve", "--no-such-option").exit());
    }

    @Test
    void seedChecksReportPerSeedAndTheirExitCodeFollows() throws Exception {
        Outcome lookahead = run(
                "check",
                "lookahead",
                "--symbol",
                "AAPL",
                "--seeds",
                "EMACrossoverSeed,LinearSVCClassifierSeed",
                "--genomes",
                "2",
                "--cuts",
                "2",
                "--json");
        assertEquals(0, lookahead.exit(), lookahead.out());
        JsonNode reports = lookahead.json();
        assertEquals(2, reports.size());
        assertEquals("LinearSVCClassifierSeed", reports.get(1).get("seed").asText());
        assertEquals(0, reports.get(1).get("leaks").size());
        Outcome recursive =
                run("check", "recursive", "--symbol", "BTCUSD", "--seeds", "BollingerBandsSeed", "--genomes", "1");
        assertEquals(0, recursive.exit(), recursive.out());
        assertTrue(
                recursive.out().contains("BollingerBandsSeed")
                        && recursive.out().contains("agrees within"),
                recursive.out());
        // On 300 bars a 200-bar EMA cannot forget its start: the check says so and exits 1.
        Outcome tooShort = run(
                "check",
                "recursive",
                "--symbol",
                "BTCUSD",
                "--bars",
                "300",
                "--seeds",
                "SMATrendFilterSeed",
                "--genomes",
                "3");
        assertEquals(1, tooShort.exit(), tooShort.out());
        assertTrue(tooShort.out().contains("NO AGREEMENT"), tooShort.out());
    }

    @Test
    void csvDataIsLoadedWithItsTimeframeInferred() throws Exception {
        Bars aapl = BundledData.load("AAPL");
        StringBuilder csv = new StringBuilder("date,open,high,low,close,volume\n");
        for (int i = 0; i < aapl.size(); i++) {
            csv.append(aapl.endTime(i).toString(), 0, 10)
                    .append(',')
                    .append(aapl.open(i))
                    .append(',')
                    .append(aapl.high(i))
                    .append(',')
                    .append(aapl.low(i))
                    .append(',')
                    .append(aapl.close(i))
                    .append(',')
                    .append(aapl.volume(i))
                    .append('\n');
        }
        Path file = temp.resolve("aapl.csv");
        Files.writeString(file, csv);
        JsonNode fromFile = run(
                        "backtest", "--data", file.toString(), "--symbol", "AAPL", "--seeds", "RSIFilterSeed", "--json")
                .json();
        JsonNode bundled = run("backtest", "--symbol", "AAPL", "--seeds", "RSIFilterSeed", "--json")
                .json();
        assertEquals("1d", fromFile.get("timeframe").asText());
        assertEquals(bundled.get("in_sample"), fromFile.get("in_sample"));
        assertEquals(bundled.get("out_of_sample"), fromFile.get("out_of_sample"));
    }
}
