package io.seedgrid.cli;

import static io.seedgrid.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage commands and run recording, on a real DuckDB file and a real shared directory. */
class StorageCliTest {
    @TempDir
    Path temp;

    @Test
    void ingestDataAndHealthOnALocalFile() throws Exception {
        String db = temp.resolve("s.duckdb").toString();
        CliTest.Outcome ingest = run("ingest", "--bundled", "all", "--duckdb", db);
        assertEquals(0, ingest.exit(), ingest.err());
        assertTrue(ingest.out().contains("9603") && ingest.out().contains("252"), ingest.out());
        CliTest.Outcome again = run("ingest", "--bundled", "AAPL", "--duckdb", db, "--json");
        JsonNode result = again.json().get(0);
        assertEquals(0, result.get("stored").asInt(), "re-ingesting stores nothing twice: " + result);
        assertEquals(252, result.get("bars").asInt());

        JsonNode data = run("data", "--duckdb", db, "--json").json();
        assertEquals(2, data.size());
        assertEquals("AAPL", data.get(0).get("symbol").asText());
        assertEquals(252, data.get(0).get("count").asInt());
        assertEquals(9603, data.get(1).get("count").asInt());

        CliTest.Outcome health = run("health", "--duckdb", db, "--json");
        assertEquals(0, health.exit(), health.out());
        assertEquals("HEALTHY", health.json().get("status").asText());
        assertEquals(252 + 9603, health.json().get("bar_count").asLong());
    }

    @Test
    void healthAllCoversEveryConfiguredBackendAndTheWorstDecidesTheExitCode() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("shared"));
        String db = temp.resolve("s.duckdb").toString();
        CliTest.Outcome both = run("health", "--all", "--duckdb", db, "--shared-dir", dir.toString(), "--json");
        assertEquals(0, both.exit(), both.out());
        assertEquals(2, both.json().size());
        assertEquals("local", both.json().get(0).get("backend").asText());
        assertEquals("shared", both.json().get(1).get("backend").asText());
        // A corrupt Parquet part in the shared folder: shared turns degraded or unhealthy, and names the file.
        assertEquals(
                0,
                run("ingest", "--storage", "shared", "--shared-dir", dir.toString(), "--bundled", "AAPL")
                        .exit());
        Path part;
        try (var files = Files.walk(dir)) {
            part = files.filter(p -> p.toString().endsWith(".parquet"))
                    .findFirst()
                    .orElseThrow();
        }
        Files.writeString(part, "not parquet");
        CliTest.Outcome broken = run("health", "--all", "--duckdb", db, "--shared-dir", dir.toString());
        assertTrue(broken.exit() >= 1, broken.out());
        assertTrue(broken.out().contains(part.getFileName().toString()), broken.out());
    }

    @Test
    void aBadCsvStoresNothingAndSaysWhere() throws Exception {
        String db = temp.resolve("s.duckdb").toString();
        Path csv = temp.resolve("bad.csv");
        Files.writeString(
                csv, "time,open,high,low,close,volume\n2024-01-01,10,11,9,10,100\n2024-01-02,10,11,9,10,-5\n");
        CliTest.Outcome bad = run("ingest", "--symbol", "XYZ", "--file", csv.toString(), "--duckdb", db);
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("bad.csv:3: negative volume -5.0"), bad.err());
        assertEquals(0, run("data", "--duckdb", db, "--json").json().size(), "nothing of the file was stored");
    }

    @Test
    void unreachableOrUnknownStorageGivesOneClearLine() {
        CliTest.Outcome unknown = run("data", "--storage", "mongo");
        assertEquals(2, unknown.exit(), unknown.err());
        assertTrue(unknown.err().contains("local") && unknown.err().contains("postgres"), unknown.err());
        CliTest.Outcome down = run(
                "health",
                "--storage",
                "postgres",
                "--database-url",
                "jdbc:postgresql://127.0.0.1:1/seedgrid?password=hunter2");
        assertEquals(2, down.exit(), "unhealthy: " + down.out());
        assertTrue(down.out().contains("UNHEALTHY"), down.out());
        assertFalse(down.out().contains("hunter2") || down.err().contains("hunter2"), "no password in output");
        CliTest.Outcome evolve =
                run("evolve", "--storage", "postgres", "--database-url", "jdbc:postgresql://127.0.0.1:1/x");
        assertEquals(1, evolve.exit());
        assertTrue(evolve.err().startsWith("seedgrid evolve: storage: "), evolve.err());
        assertFalse(evolve.err().contains("\tat "), "no stack trace");
    }

    @Test
    void evolveReadsStoredBarsAndRecordsItsRunOnTheSharedBackend() throws Exception {
        Path dir = temp.resolve("shared");
        Files.createDirectories(dir);
        // A stored symbol no bundled data has: the AAPL bars under another name.
        Path csv = temp.resolve("xyz.csv");
        var aapl = BundledData.load("AAPL");
        CliTest.writeCsv(csv, aapl, 0, aapl.size());
        assertEquals(
                0,
                run(
                                "ingest",
                                "--storage",
                                "shared",
                                "--shared-dir",
                                dir.toString(),
                                "--symbol",
                                "XYZ",
                                "--file",
                                csv.toString(),
                                "--timeframe",
                                "1d")
                        .exit());
        CliTest.Outcome evolve = run(
                "evolve",
                "--storage",
                "shared",
                "--shared-dir",
                dir.toString(),
                "--symbol",
                "XYZ",
                "--population",
                "10",
                "--generations",
                "2",
                "--plain",
                "--json",
                "--out",
                temp.resolve("r").toString());
        assertEquals(0, evolve.exit(), evolve.err());
        JsonNode summary = evolve.json();
        assertEquals("XYZ", summary.get("data").get("symbol").asText());
        assertEquals(252, summary.get("data").get("bars").asInt());
        String runId = summary.get("run_id").asText();
        try (Store store = Stores.open(StorageConfig.shared(dir))) {
            var recorded = store.runs().findRun(runId).orElseThrow();
            assertEquals(RunStatus.COMPLETED, recorded.status());
            assertEquals(Timeframe.D1, recorded.timeframe());
            assertEquals(2, store.runs().generations(runId).size());
            assertEquals(summary.get("top").size(), store.runs().results(runId).size());
            assertEquals(
                    summary.get("top").get(0).get("fitness").asDouble(),
                    store.runs().results(runId).get(0).fitness());
        }
    }

    // ---------------------------------------------------------------- issue 13: ingest trusts what it is told

    private static String row(Object time) {
        return time + ",10,11,9,10,100\n";
    }

    /** Hourly bars of 2024-01-02 and 03. */
    private Path hourlyCsv() throws Exception {
        StringBuilder text = new StringBuilder("time,open,high,low,close,volume\n");
        for (int i = 0; i < 48; i++) {
            text.append(row(Instant.parse("2024-01-02T00:00:00Z").plus(Duration.ofHours(i))));
        }
        return Files.writeString(temp.resolve("hourly.csv"), text);
    }

    @Test
    void futureBarsAreRefusedNamingLineAndTimeAndNothingIsStored() throws Exception {
        String db = temp.resolve("s.duckdb").toString();
        Path csv = Files.writeString(
                temp.resolve("future.csv"),
                "time,open,high,low,close,volume\n" + row("2024-01-02") + row("2024-01-03") + row("2100-06-01"));
        CliTest.Outcome future = run("ingest", "--symbol", "FUT", "--file", csv.toString(), "--duckdb", db);
        assertEquals(2, future.exit(), future.out());
        assertTrue(
                future.err().contains("future.csv:4: bar time 2100-06-01T00:00:00Z is in the future: it is "),
                future.err());
        assertEquals(0, run("data", "--duckdb", db, "--json").json().size(), "nothing stored");
    }

    @Test
    void gapsAreReportedByIngestShownByDataAndStoredAnyway() throws Exception {
        String db = temp.resolve("s.duckdb").toString();
        var aapl = BundledData.load("AAPL");
        StringBuilder text = new StringBuilder("date,open,high,low,close,volume\n");
        for (int i = 0; i < aapl.size(); i++) { // the first 100 bars 13 years earlier
            text.append(aapl.endTime(i).minus(Duration.ofDays(i < 100 ? 13 * 365 : 0)))
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
        Path csv = Files.writeString(temp.resolve("holed.csv"), text);
        Instant after = aapl.endTime(99).minus(Duration.ofDays(13 * 365));
        CliTest.Outcome ingest = run("ingest", "--symbol", "HOLED", "--file", csv.toString(), "--duckdb", db);
        assertEquals(0, ingest.exit(), ingest.err());
        assertTrue(
                ingest.out()
                        .contains(
                                "warning: HOLED 1d has 1 gap longer than 5 days; runs treat each gap as one bar step\n"
                                        + "warning: gap of 13.0 years from " + after + " to " + aapl.endTime(100)),
                ingest.out());
        assertEquals(
                0,
                run("ingest", "--bundled", "all", "--duckdb", db).out().split("warning", -1).length - 1,
                "the bundled data has no gaps");

        CliTest.Outcome data = run("data", "--duckdb", db);
        assertTrue(data.out().contains("GAPS  LONGEST GAP"), data.out());
        String holed = data.out()
                .lines()
                .filter(l -> l.startsWith("HOLED"))
                .findFirst()
                .orElseThrow();
        assertTrue(holed.endsWith("    1  13.0 years from " + after + " to " + aapl.endTime(100)), holed);
        JsonNode json = run("data", "--duckdb", db, "--json").json();
        JsonNode gaps = json.get(2).get("gaps");
        assertEquals("HOLED", json.get(2).get("symbol").asText());
        assertEquals(1, gaps.get("count").asInt());
        assertEquals(after.toString(), gaps.get("longest").get(0).get("after").asText());
        assertEquals(100, gaps.get("longest").get(0).get("bar").asInt());
        assertEquals(0, json.get(0).get("gaps").get("count").asInt(), "AAPL");
        assertEquals(0, json.get(1).get("gaps").get("count").asInt(), "BTCUSD");
    }

    @Test
    void anHourlyFileWithoutATimeframeIsStoredAsHourlyAndAContradictedTimeframeIsRefused() throws Exception {
        String db = temp.resolve("s.duckdb").toString();
        Path csv = hourlyCsv();
        CliTest.Outcome told =
                run("ingest", "--symbol", "HR", "--file", csv.toString(), "--timeframe", "1d", "--duckdb", db);
        assertEquals(2, told.exit(), told.out());
        assertTrue(
                told.err()
                        .contains("hourly.csv: the bars are 1 h apart (median of 47 intervals): that is 1h bars, "
                                + "not the stated 1d"),
                told.err());
        assertEquals(0, run("data", "--duckdb", db, "--json").json().size());
        CliTest.Outcome inferred = run("ingest", "--symbol", "HR", "--file", csv.toString(), "--duckdb", db);
        assertEquals(0, inferred.exit(), inferred.err());
        JsonNode data = run("data", "--duckdb", db, "--json").json();
        assertEquals("H1", data.get(0).get("timeframe").asText(), "stored as 1h, not 1d");
        assertEquals(48, data.get(0).get("count").asInt());
        // --data infers the same way, through the same code
        CliTest.Outcome backtest = run(
                "backtest",
                "--data",
                csv.toString(),
                "--seeds",
                "EMACrossoverSeed",
                "--genes",
                "fast=3,slow=6",
                "--json");
        assertEquals(0, backtest.exit(), backtest.err());
        assertEquals("1h", backtest.json().get("timeframe").asText());
        CliTest.Outcome contradicted =
                run("backtest", "--data", csv.toString(), "--timeframe", "1d", "--seeds", "EMACrossoverSeed");
        assertEquals(2, contradicted.exit());
        assertTrue(contradicted.err().contains("that is 1h bars, not the stated 1d"), contradicted.err());
    }

    @Test
    void epochNumbersBetweenSecondsAndMillisecondsAreRefusedNamingTheLine() throws Exception {
        String db = temp.resolve("s.duckdb").toString();
        long year9999 = Instant.parse("9999-01-01T00:00:00Z").getEpochSecond();
        StringBuilder text = new StringBuilder("time,open,high,low,close,volume\n");
        for (int i = 0; i < 48; i++) {
            text.append(row(year9999 + 3600L * i));
        }
        Path csv = Files.writeString(temp.resolve("y9999.csv"), text);
        CliTest.Outcome o =
                run("ingest", "--symbol", "Y", "--file", csv.toString(), "--timeframe", "1h", "--duckdb", db);
        assertEquals(2, o.exit(), o.out());
        assertTrue(
                o.err()
                        .contains("y9999.csv:2: epoch number 253370764800 is ambiguous: as seconds it is "
                                + "9999-01-01T00:00:00Z, as milliseconds 1978-01-11T12:46:04.800Z"),
                o.err());
        assertEquals(0, run("data", "--duckdb", db, "--json").json().size());
    }

    @Test
    void badInputIsNamedForWhatItIsAndEchoedInputIsCut() throws Exception {
        String db = temp.resolve("s.duckdb").toString();
        Path wideHeader = Files.writeString(temp.resolve("wide.csv"), "h".repeat(2_000_000) + "\n1\n");
        CliTest.Outcome wide = run("ingest", "--symbol", "W", "--file", wideHeader.toString(), "--duckdb", db);
        assertEquals(2, wide.exit());
        assertTrue(wide.err().contains("wide.csv:1: line is longer than 1000000 characters"), wide.err());
        assertTrue(wide.err().length() < 300, () -> wide.err().length() + " characters of error");
        CliTest.Outcome symbol = run(
                "ingest", "--symbol", "S".repeat(10_000), "--file", hourlyCsv().toString(), "--duckdb", db);
        assertEquals(2, symbol.exit());
        assertTrue(
                symbol.err().contains("S".repeat(80) + "... (10000 characters)'"),
                () -> symbol.err().substring(0, 300));
        assertTrue(symbol.err().length() < 300, () -> symbol.err().length() + " characters of error");

        Path duplicate = Files.writeString(
                temp.resolve("dup.csv"),
                "time,open,high,low,close,close,volume\n"
                        + "2024-01-02,10,11,9,10,10.5,100\n2024-01-03,10,11,9,10,10.5,100\n");
        CliTest.Outcome dup = run("ingest", "--symbol", "D", "--file", duplicate.toString(), "--duckdb", db);
        assertEquals(2, dup.exit(), dup.out());
        assertTrue(dup.err().contains("dup.csv:1: header names column 'close' twice (columns 5 and 6)"), dup.err());

        Path binary = Files.write(
                temp.resolve("binary.csv"),
                concat(
                        "time,open,high,low,close,volume\n2024-01-02,10,11,9,10,100\n",
                        new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0x81, 'x', '\n'}));
        CliTest.Outcome bin = run("ingest", "--symbol", "B", "--file", binary.toString(), "--duckdb", db);
        assertEquals(2, bin.exit());
        assertTrue(bin.err().contains("binary.csv:3: not UTF-8 text"), bin.err());

        CliTest.Outcome dir = run("ingest", "--symbol", "X", "--file", temp.toString(), "--duckdb", db);
        assertEquals(2, dir.exit());
        assertTrue(dir.err().contains("--file " + temp + ": a directory, not a regular file"), dir.err());
        CliTest.Outcome zero = run("evolve", "--data", "/dev/zero");
        assertEquals(2, zero.exit());
        assertTrue(
                zero.err().contains("--data /dev/zero: not a regular file but a device, pipe or socket"), zero.err());
        assertEquals(0, run("data", "--duckdb", db, "--json").json().size(), "nothing of any of them was stored");
    }

    @Test
    void anOrphanedTemporaryIsAHealthWarningUntilTheNextWriteToItsSeriesDeletesIt() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("shared"));
        String[] shared = {"--storage", "shared", "--shared-dir", dir.toString()};
        assertEquals(
                0,
                run(concat(new String[] {"ingest", "--bundled", "AAPL"}, shared))
                        .exit());
        // what a writer on another machine, killed mid-write two hours ago, left behind
        Path orphan = Files.writeString(
                dir.resolve("bars/AAPL/1d/.tmp-0b1c2d3e-0000-4000-8000-000000000000.parquet"), "PAR1 half");
        Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        CliTest.Outcome health = run(concat(new String[] {"health"}, shared));
        assertEquals(0, health.exit(), "a warning, not a fault: " + health.out());
        assertTrue(
                health.out().contains("HEALTHY shared")
                        && health.out()
                                .contains("; warning: 1 temporary file(s) left by "
                                        + "writers that crashed mid-write (the oldest " + orphan),
                health.out());
        JsonNode json = run(concat(new String[] {"health", "--json"}, shared)).json();
        assertEquals(1, json.get("warnings").size(), json.toString());
        assertEquals(
                0,
                run(concat(new String[] {"ingest", "--bundled", "AAPL"}, shared))
                        .exit());
        assertFalse(Files.exists(orphan), "the next write to AAPL 1d deleted it");
        assertEquals(
                0,
                run(concat(new String[] {"health", "--json"}, shared))
                        .json()
                        .get("warnings")
                        .size());
    }

    private static byte[] concat(String text, byte[] bytes) {
        byte[] head = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(head, head.length + bytes.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        return all;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
