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
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertEquals(0, run("ingest", "--storage", "shared", "--shared-dir", dir.toString(), "--bundled", "AAPL").exit());
        Path part;
        try (var files = Files.walk(dir)) {
            part = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
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
        Files.writeString(csv, "time,open,high,low,close,volume\n2024-01-01,10,11,9,10,100\n2024-01-02,10,11,9,10,-5\n");
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
        CliTest.Outcome down = run("health", "--storage", "postgres", "--database-url",
                "jdbc:postgresql://127.0.0.1:1/seedgrid?password=hunter2");
        assertEquals(2, down.exit(), "unhealthy: " + down.out());
        assertTrue(down.out().contains("UNHEALTHY"), down.out());
        assertFalse(down.out().contains("hunter2") || down.err().contains("hunter2"), "no password in output");
        CliTest.Outcome evolve = run("evolve", "--storage", "postgres", "--database-url", "jdbc:postgresql://127.0.0.1:1/x");
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
        StringBuilder text = new StringBuilder("time,open,high,low,close,volume\n");
        for (int i = 0; i < aapl.size(); i++) {
            text.append(aapl.endEpochMilli(i)).append(',').append(aapl.open(i)).append(',').append(aapl.high(i))
                    .append(',').append(aapl.low(i)).append(',').append(aapl.close(i)).append(',').append(aapl.volume(i))
                    .append('\n');
        }
        Files.writeString(csv, text);
        assertEquals(0, run("ingest", "--storage", "shared", "--shared-dir", dir.toString(), "--symbol", "XYZ",
                "--file", csv.toString(), "--timeframe", "1d").exit());
        CliTest.Outcome evolve = run("evolve", "--storage", "shared", "--shared-dir", dir.toString(), "--symbol", "XYZ",
                "--population", "10", "--generations", "2", "--plain", "--json", "--out", temp.resolve("r").toString());
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
            assertEquals(summary.get("top").get(0).get("fitness").asDouble(), store.runs().results(runId).get(0).fitness());
        }
    }
}
