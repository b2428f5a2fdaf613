package io.seedgrid.cli;

import static io.seedgrid.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.seedgrid.cli.report.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seedgrid validate} through the real command line, on real DuckDB files with the bundled bars. */
class ValidateCliTest {
    @TempDir
    Path temp;

    private String db() {
        return temp.resolve("seedgrid.duckdb").toString();
    }

    @Test
    void aHealthyDeploymentExitsZeroAndItsReportShowsInTheHistory() throws Exception {
        assertEquals(0, run("ingest", "--bundled", "AAPL", "--duckdb", db()).exit());
        CliTest.Outcome o = run("validate", "--duckdb", db(), "--json");
        assertEquals(0, o.exit(), o.err() + o.out());
        JsonNode report = o.json();
        assertTrue(report.get("production_ready").asBoolean());
        assertEquals("PASSED", report.get("overall_status").asText());
        assertEquals(100.0, report.get("business_value_score").asDouble());
        assertEquals(9, report.get("total_tests").asInt());
        assertEquals(9, report.get("passed_tests").asInt());
        assertEquals(0, report.get("failed_tests").size());
        assertEquals("grid", report.get("skipped_tests").get(0).get("check").asText());
        assertEquals("local", report.get("storage_backend").asText());
        assertTrue(report.get("timings").get("total_ms").asLong() > 0);
        assertTrue(report.get("versions").has("java"));
        assertTrue(o.err().contains("seedgrid validate: PRODUCTION READY"), o.err());

        CliTest.Outcome history = run("validate", "--history", "--duckdb", db());
        assertEquals(0, history.exit(), history.err());
        assertTrue(
                history.out().contains(report.get("started_at").asText() + "  READY      score 100.0   9/9  passed"),
                history.out());
        JsonNode past = run("validate", "--history", "--duckdb", db(), "--json").json();
        assertEquals(1, past.size());
        assertEquals(report.get("id").asText(), past.get(0).get("id").asText());
    }

    @Test
    void unreachableStorageIsATableOfFailuresAndExitOne() {
        String url = "jdbc:postgresql://127.0.0.1:" + freePort() + "/seedgrid?password=hunter2";
        CliTest.Outcome o = run("validate", "--storage", "postgres", "--database-url", url);
        assertEquals(1, o.exit(), o.err());
        String out = o.out();
        assertTrue(out.contains("CHECK             STATUS      TIME WEIGHT  EVIDENCE / REASON"), out);
        assertTrue(out.matches("(?s).*\\nstorage \\* +FAILED .*"), out);
        assertTrue(out.matches("(?s).*\\nsignals +SKIPPED .*needs the stored data.*"), out);
        assertTrue(out.contains("verdict: NOT READY"), out);
        assertTrue(out.contains("not ready: critical check failed: storage"), out);
        assertTrue(out.contains("report NOT stored"), out);
        assertFalse(out.contains("hunter2") || o.err().contains("hunter2"), "no password in the output");
    }

    @Test
    void usageAndConfigurationErrorsExitTwo() {
        assertEquals(2, run("validate", "--storage", "mongo").exit());
        CliTest.Outcome shared = run("validate", "--storage", "shared");
        assertEquals(2, shared.exit(), shared.err());
        assertTrue(shared.err().contains("storage configuration: the shared backend needs a directory"), shared.err());
        CliTest.Outcome period = run("validate", "--duckdb", db(), "--every", "soon");
        assertEquals(2, period.exit());
        assertTrue(period.err().contains("period must look like 30s, 15m, 24h"), period.err());
        CliTest.Outcome hook = run("validate", "--duckdb", db(), "--every", "1h", "--webhook", "ftp://example.org/x");
        assertEquals(2, hook.exit());
        assertTrue(hook.err().contains("webhook URL must be an absolute http(s) URL"), hook.err());
        assertEquals(2, run("validate", "--duckdb", db(), "--cycles", "2").exit());
        assertEquals(2, run("validate", "--mode", "grid").exit());
    }

    @Test
    @Tag("slow") // scripts/test --quick leaves it out: two cycles of a wall-clock schedule
    void everyTwoSecondsForTwoCyclesAlertsAndPostsWhenReadinessChanges() throws Exception {
        // An empty store is not ready (no data); the report says so and is stored.
        CliTest.Outcome empty = run("validate", "--duckdb", db(), "--json");
        assertEquals(1, empty.exit());
        assertFalse(empty.json().get("production_ready").asBoolean());
        assertEquals(0, run("ingest", "--bundled", "AAPL", "--duckdb", db()).exit());

        List<JsonNode> posts = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/alerts", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                posts.add(Json.mapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                events.add(exchange.getRequestHeaders().getFirst("X-Seedgrid-Event"));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts";
            CliTest.Outcome o = run("validate", "--duckdb", db(), "--every", "2s", "--cycles", "2", "--webhook", url);
            assertEquals(0, o.exit(), o.err() + o.out());
            assertTrue(o.out().contains("cycle 1: verdict: PRODUCTION READY"), o.out());
            assertTrue(o.out().contains("cycle 2: verdict: PRODUCTION READY"), o.out());
            assertTrue(o.out().contains("previous validation: NOT READY"), "cycle 1 compares with the stored report");
            assertTrue(o.err().contains("seedgrid deployment is PRODUCTION READY again (was not ready)"), o.err());
            assertTrue(o.err().contains("webhook " + url + " answered 200"), o.err());
            assertTrue(o.err().contains("done after 2 cycle(s)"), o.err());
            assertEquals(1, posts.size(), "one change, one POST: " + o.err());
            assertEquals("readiness.restored", events.get(0));
            assertTrue(posts.get(0).get("production_ready").asBoolean());
            assertEquals(100.0, posts.get(0).get("business_value_score").asDouble());
        } finally {
            receiver.stop(0);
        }
        JsonNode history =
                run("validate", "--history", "--duckdb", db(), "--json").json();
        assertEquals(3, history.size(), "every cycle's report is stored");
        assertFalse(history.get(2).get("production_ready").asBoolean());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
