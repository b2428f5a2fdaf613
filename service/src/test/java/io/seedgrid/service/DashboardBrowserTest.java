package io.seedgrid.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.storage.StorageConfig;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.Stores;
import io.seedgrid.storage.StrategyStage;
import io.seedgrid.strategies.GateConfig;
import io.seedgrid.strategies.NewStrategy;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.StrategyDefinition;
import io.seedgrid.strategies.StrategyRegistries;
import io.seedgrid.strategies.StrategyRegistry;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser: headless Chromium (Debian's, through chromedriver) against the real service on
 * loopback with runs it computed itself. The runs list shows a run; its page draws the charts (canvases with pixels
 * drawn and the data points counted); the form refuses bad input with the service's words and starts a run whose
 * progress advances on the page through server-sent events; a promotion without the token is refused on the page,
 * with it the stage changes, and a gate's refusal is shown in words. Screenshots of the main pages go to
 * {@code target/dashboard-screenshots/}.
 */
@Tag("slow") // scripts/test --quick leaves it out: a browser and two evolution runs
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    static final String TOKEN = "browser-token-0123456789";
    static final Path SHOTS = Path.of("target", "dashboard-screenshots");
    /** STAGING needs an out-of-sample Sharpe above 50: no strategy has one, so the gate refuses, in words. */
    static final GateConfig GATES =
            GateConfig.DEFAULT.toBuilder().minOutOfSampleSharpe(50).build();

    @TempDir
    static Path temp;

    static Store store;
    static SeedgridService service;
    static Http http;
    static Browser browser;
    static String completedRun;
    static RegisteredStrategy strategy;

    @BeforeAll
    static void start() throws Exception {
        store = Stores.open(StorageConfig.local(temp.resolve("dashboard.duckdb")));
        Bars aapl = BundledData.load("AAPL");
        store.bars().writeBars(aapl);
        service = SeedgridServices.start(
                ServiceConfig.builder()
                        .port(0)
                        .apiToken(TOKEN)
                        .evaluationThreads(2)
                        .gates(GATES)
                        .build(),
                store);
        http = new Http(service.url());
        completedRun = runToEnd("{\"symbol\":\"AAPL\",\"seeds\":[\"EMACrossoverSeed\",\"RSIFilterSeed\","
                + "\"BollingerBandsSeed\"],\"population\":24,\"generations\":4,\"seed\":3,\"save_best\":false}");
        StrategyRegistry registry = StrategyRegistries.open(store);
        strategy = registry.save(new NewStrategy(
                "dash-ema",
                new StrategyDefinition(
                        List.of(new StrategyDefinition.Component(
                                "EMACrossoverSeed", 1.0, Map.of("fast", 12.0, "slow", 26.0))),
                        0.3,
                        0.0,
                        BacktestSettings.DEFAULT),
                aapl,
                null,
                0,
                "test"));
        store.reports().saveReport("validation-test-1", Instant.parse("2014-01-02T03:04:05Z"), VALIDATION_REPORT);
        browser = new Browser(temp.resolve("chromium-profile"), 1280, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (service != null) {
            service.close();
        }
        if (store != null) {
            store.close();
        }
    }

    static String runToEnd(String body) throws InterruptedException {
        Http.Answer submitted = http.post("/runs", body, TOKEN);
        assertEquals(202, submitted.status(), submitted.body());
        String id = submitted.json().path("run_id").asText();
        Browser.await(
                "run " + id + " to complete",
                Duration.ofMinutes(3),
                () -> "COMPLETED"
                        .equals(http.get("/runs/" + id).json().path("status").asText()));
        return id;
    }

    static String url(String page) {
        return service.url() + "/#/" + page;
    }

    /** Loads a page of the dashboard afresh and waits until it has drawn. */
    static void show(String page) throws Exception {
        String key = page.contains("/") ? page.substring(0, page.indexOf('/')) : page;
        browser.open("about:blank");
        browser.open(url(page));
        awaitJs(
                "page " + page + " drawn",
                "return document.getElementById('main').getAttribute('data-ready') === '" + key + "';");
    }

    /** Empties the token field, as a user who has not typed it. */
    static void noToken() throws Exception {
        browser.js("sessionStorage.removeItem('seedgrid-token'); document.getElementById('token').value = '';");
    }

    static void awaitJs(String what, String script) throws InterruptedException {
        Browser.await(what, Duration.ofSeconds(60), () -> {
            try {
                return browser.js(script).asBoolean();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Canvas pixels that are not background, over a chart's canvases: the lines and marks drawn. */
    static int drawnPixels(String chart) throws Exception {
        return browser.js(
                        "var n = 0; document.querySelectorAll('figure[data-chart=\"' + arguments[0] + '\"] canvas')"
                                + ".forEach(function (c) { var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                                + " for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) { n++; } } }); return n;",
                        chart)
                .asInt();
    }

    static int points(String chart) throws Exception {
        JsonNode v = browser.js(
                "var f = document.querySelector('figure[data-chart=\"' + arguments[0] + '\"]');"
                        + " return f ? Number(f.getAttribute('data-points')) : -1;",
                chart);
        return v.asInt();
    }

    @Test
    @Order(1)
    void theRunsListShowsTheRun() throws Exception {
        show("runs");
        String table = browser.text("main table");
        assertTrue(table.contains(completedRun), table);
        assertTrue(table.contains("COMPLETED"), table);
        assertTrue(table.contains("EMACrossoverSeed, RSIFilterSeed, BollingerBandsSeed"), table);
        browser.screenshot(SHOTS.resolve("runs.png"));
    }

    @Test
    @Order(2)
    void theRunPageDrawsItsCharts() throws Exception {
        JsonNode report = http.get("/runs/" + completedRun + "/report").json();
        show("runs/" + completedRun);
        assertEquals(4, points("fitness"), "a point per generation");
        assertTrue(drawnPixels("fitness") > 500, "the fitness lines are drawn");
        int bars = report.path("best").path("time").size();
        assertEquals(252, bars, "every AAPL bar");
        for (String chart : List.of("equity", "drawdown", "price")) {
            assertEquals(bars, points(chart), chart);
            assertTrue(drawnPixels(chart) > 1000, chart + " is drawn");
        }
        int trades = report.path("best").path("trades").size();
        assertEquals(
                String.valueOf(trades),
                browser.js("return document.querySelector('figure[data-chart=price]')"
                                + ".getAttribute('data-trades');")
                        .asText());
        String page = browser.text("main");
        assertTrue(
                page.contains("out_of_sample_significance") && page.contains("beats_buy_and_hold"),
                "every acceptance criterion is listed");
        assertTrue(page.contains("UTC"), "times say their zone");
        assertTrue(points("heat-map") > 1, "a heat map of two genes");
        browser.screenshot(SHOTS.resolve("run.png"));

        browser.size(420, 900); // a narrow window: the page reflows, wide tables scroll inside themselves
        Thread.sleep(400);
        assertTrue(
                browser.js("return document.documentElement.scrollWidth <= window.innerWidth + 1;")
                        .asBoolean(),
                "no sideways scrolling of the page in a narrow window");
        assertTrue(drawnPixels("equity") > 500, "the equity chart is redrawn at the narrow width");
        browser.screenshot(SHOTS.resolve("run-narrow.png"));
        browser.size(1280, 900);
    }

    @Test
    @Order(3)
    void theFormRefusesInTheServicesWordsAndStartsARunWhoseProgressAdvancesLive() throws Exception {
        show("new-run");
        noToken();
        browser.screenshot(SHOTS.resolve("new-run.png"));
        browser.type("#f-symbol", "BTCUSD");
        browser.type("#f-population", "30");
        browser.type("#f-generations", "40");
        browser.click("input[value=RSIFilterSeed]");
        // an ML seed trains for each new genome: the run lasts seconds, long enough for the page to show it advance
        browser.click("input[value=LinearSVCClassifierSeed]");
        browser.click("form.run button[type=submit]");
        awaitJs(
                "a write without the token refused",
                "return document.getElementById('form-result').textContent" + ".indexOf('401') >= 0;");

        browser.type("#token", TOKEN);
        browser.type("#f-population", "1");
        browser.click("form.run button[type=submit]");
        awaitJs(
                "the population refused",
                "return document.getElementById('f-population-error').textContent"
                        + ".indexOf('population must lie in [2, ') === 0;");
        assertEquals(
                "true",
                browser.js("return document.getElementById('f-population').getAttribute(" + "'aria-invalid');")
                        .asText());
        browser.screenshot(SHOTS.resolve("new-run-refused.png"));

        browser.type("#f-population", "100");
        double reportsBefore = requests("/runs/{id}/report");
        browser.click("form.run button[type=submit]");
        awaitJs(
                "the run page",
                "return location.hash.indexOf('#/runs/api-') === 0 && document.getElementById('main')"
                        + ".getAttribute('data-ready') === 'runs';");
        String runId = URLDecoder.decode(
                browser.js("return location.hash.substring(7);").asText(), StandardCharsets.UTF_8);
        browser.js("window.__samePage = true;");
        Set<Integer> seen = new LinkedHashSet<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        String status;
        do {
            seen.add(points("fitness"));
            status = browser.js("var s = document.querySelector('#run-status .pill'); return s ? s.textContent : '';")
                    .asText();
            Thread.sleep(150);
        } while (!"COMPLETED".equals(status) && System.nanoTime() < deadline);
        assertEquals("COMPLETED", status, "the run ends on the page without a reload");
        assertTrue(browser.js("return window.__samePage === true;").asBoolean(), "the page was never reloaded");
        List<Integer> counts = new ArrayList<>(seen);
        counts.remove(Integer.valueOf(-1));
        assertTrue(counts.size() >= 3, "generations appeared one batch after another while it ran: " + counts);
        awaitJs(
                "the charts of the finished run",
                "return !!document.querySelector('figure[data-chart=equity] canvas');");
        assertEquals(40, points("fitness"));
        assertTrue(
                requests("/runs/{id}/report") - reportsBefore <= 2,
                "the page asked for the report once, and once"
                        + " more when the run ended: the rest came pushed, no polling");
        assertEquals(
                "COMPLETED", http.get("/runs/" + runId).json().path("status").asText());
        browser.screenshot(SHOTS.resolve("run-after-live.png"));
    }

    /** Requests the service counted on {@code route}, from /metrics. */
    static double requests(String route) {
        double n = 0;
        for (String line : http.get("/metrics").body().split("\n")) {
            if (line.startsWith("seedgrid_http_requests_total{") && line.contains("route=\"" + route + "\"")) {
                n += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return n;
    }

    @Test
    @Order(4)
    void aPromotionNeedsTheTokenThenChangesTheStageAndAGateRefusesInWords() throws Exception {
        String page = "strategies/" + URLEncoder.encode(strategy.id(), StandardCharsets.UTF_8);
        show(page);
        noToken();
        assertEquals("DRAFT", browser.text("#stage-value"));
        browser.click("#do-promote");
        awaitJs(
                "the refusal without a token",
                "return document.getElementById('action-result').textContent".concat(".indexOf('401') >= 0;"));
        assertTrue(browser.text("#action-result").contains("Authorization: Bearer"), browser.text("#action-result"));
        assertEquals("DRAFT", browser.text("#stage-value"));
        assertEquals(
                StrategyStage.DRAFT,
                StrategyRegistries.open(store).get(strategy.id()).stage());

        browser.type("#token", TOKEN);
        browser.click("#do-promote");
        awaitJs(
                "the stage to change",
                "return document.getElementById('main').getAttribute('data-ready') ==="
                        + " 'strategies' && document.getElementById('stage-value').textContent === 'TESTING';");
        assertTrue(browser.text("#action-result").contains("is now TESTING"), browser.text("#action-result"));
        assertEquals(
                StrategyStage.TESTING,
                StrategyRegistries.open(store).get(strategy.id()).stage());

        browser.click("#do-promote");
        awaitJs(
                "the gate's refusal",
                "return document.getElementById('action-result').textContent" + ".indexOf('Refused') >= 0;");
        String refusal = browser.text("#action-result");
        assertTrue(
                refusal.contains("out_of_sample_sharpe") && refusal.contains("FAILED") && refusal.contains("50.000"),
                refusal);
        assertEquals("TESTING", browser.text("#stage-value"));
        assertTrue(points("equity") == 252 && drawnPixels("equity") > 1000, "the strategy's equity chart");
        browser.screenshot(SHOTS.resolve("strategy.png"));
        show("strategies");
        assertTrue(browser.text("main").contains(strategy.id()));
        browser.screenshot(SHOTS.resolve("strategies.png"));
    }

    @Test
    @Order(5)
    void validationAndClusterPagesSayWhatIsKnown() throws Exception {
        show("validation");
        String text = browser.text("main");
        assertTrue(
                text.contains("2014-01-02 03:04:05 UTC") && text.contains("NOT READY") && text.contains("72.5"), text);
        assertTrue(text.contains("lookahead") && text.contains("no seed reads a later bar"), text);
        browser.screenshot(SHOTS.resolve("validation.png"));
        show("cluster");
        text = browser.text("main");
        assertTrue(text.contains("no compute grid attached") && text.contains("this service"), text);
        assertTrue(text.contains(String.valueOf(Runtime.getRuntime().availableProcessors())), text);
        assertFalse(text.contains("Loading"), text);
        browser.screenshot(SHOTS.resolve("cluster.png"));
    }

    @Test
    @Order(6)
    void aStandaloneReportDrawsTheSameChartsOfflineFromAFile() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> view = Http.JSON.readValue(
                http.get("/runs/" + completedRun + "/report").body(), Map.class);
        Path file = temp.resolve("report.html").toAbsolutePath();
        Files.writeString(file, Charts.page("seedgrid run " + completedRun, view, "Written by the test."));
        browser.open("about:blank");
        browser.open(file.toUri().toString());
        awaitJs("the report drawn", "return !!document.querySelector('figure[data-chart=price] canvas');");
        for (String chart : List.of("fitness", "equity", "drawdown", "price")) {
            assertTrue(drawnPixels(chart) > 500, chart + " is drawn in the file");
        }
        assertEquals(252, points("equity"));
        assertEquals(
                0,
                browser.js("return performance.getEntriesByType('resource').length;")
                        .asInt(),
                "the file fetches nothing: scripts and styles are inside it");
        browser.screenshot(SHOTS.resolve("report-file.png"));
    }

    /** A stored validation report in the shape validate stores (io.seedgrid.validation.ReportJson). */
    static final String VALIDATION_REPORT = """
            {"id":"validation-test-1","started_at":"2014-01-02T03:04:05Z","finished_at":"2014-01-02T03:04:35Z",
             "overall_status":"DEGRADED","business_value_score":72.5,"production_ready":false,
             "not_ready_because":["score 72.5 below 80"],"thresholds":{"business_value_score":80,"pass_rate":0.9},
             "total_tests":2,"passed_tests":1,"pass_rate":0.5,"failed_tests":[],"skipped_tests":[],
             "checks":[{"name":"lookahead","title":"No look-ahead","status":"PASSED","critical":true,"weight":20,
                        "millis":812,"evidence":"no seed reads a later bar","reason":"","details":{}},
                       {"name":"grid","title":"Grid","status":"FAILED","critical":false,"weight":10,"millis":5000,
                        "evidence":"","reason":"no node joined within 5 s","details":{}}],
             "storage_backend":"local","storage":{"backend":"local","location":"/secret/path.duckdb",
             "source":"default","others":[]}}
            """;
}
