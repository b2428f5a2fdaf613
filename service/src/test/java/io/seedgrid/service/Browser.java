package io.seedgrid.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Headless Chromium driven by Debian's chromedriver over the W3C WebDriver protocol (plain HTTP with java.net.http):
 * open pages, run scripts in them, click, type, take screenshots. Fails, never skips, when the browser is missing.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = onPath("chromium");
    static final String DRIVER = onPath("chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String session;

    Browser(Path profile, int width, int height) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(DRIVER))) {
            throw new AssertionError("the browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                    + DRIVER + "): scripts/test installs them; or apt-get install chromium chromium-driver");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder(DRIVER, "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling("chromedriver.log").toFile())
                .start();
        base = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                if (call("GET", "/status", null).path("value").path("ready").asBoolean()) {
                    break;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (System.nanoTime() > deadline) {
                driver.destroyForcibly();
                throw new AssertionError("chromedriver did not start within 20 s");
            }
            Thread.sleep(100);
        }
        ObjectNode caps = JSON.createObjectNode();
        ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
        always.put("browserName", "chrome");
        ObjectNode options = always.putObject("goog:chromeOptions");
        options.put("binary", CHROMIUM);
        var args = options.putArray("args");
        for (String a : List.of(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height)) {
            args.add(a);
        }
        JsonNode created = call("POST", "/session", caps);
        session = created.path("value").path("sessionId").asText(null);
        if (session == null) {
            driver.destroyForcibly();
            throw new AssertionError("chromedriver did not start a session: " + created);
        }
        call(
                "POST",
                "/session/" + session + "/timeouts",
                JSON.createObjectNode().put("script", 30_000).put("pageLoad", 30_000));
    }

    /** {@code name} on the PATH (where scripts/test installs it), else Debian's place for it. */
    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return "/usr/bin/" + name;
    }

    void open(String url) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/url", JSON.createObjectNode().put("url", url));
    }

    /** Runs {@code script} (a function body; {@code arguments} are given) and returns its value. */
    JsonNode js(String script, Object... arguments) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        var args = body.putArray("args");
        for (Object a : arguments) {
            args.add(JSON.valueToTree(a));
        }
        JsonNode v = call("POST", "/session/" + session + "/execute/sync", body).path("value");
        if (v.isObject() && v.has("error")) {
            throw new AssertionError("script failed: " + v);
        }
        return v;
    }

    String text(String css) throws IOException, InterruptedException {
        return js("var e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css)
                .asText(null);
    }

    /** Clicks the element like a user (WebDriver element click). */
    void click(String css) throws IOException, InterruptedException {
        call("POST", "/session/" + session + "/element/" + element(css) + "/click", JSON.createObjectNode());
    }

    /** Types into the element like a user, after clearing it. */
    void type(String css, String text) throws IOException, InterruptedException {
        String id = element(css);
        call("POST", "/session/" + session + "/element/" + id + "/clear", JSON.createObjectNode());
        call(
                "POST",
                "/session/" + session + "/element/" + id + "/value",
                JSON.createObjectNode().put("text", text));
    }

    private String element(String css) throws IOException, InterruptedException {
        JsonNode v = call(
                        "POST",
                        "/session/" + session + "/element",
                        JSON.createObjectNode().put("using", "css selector").put("value", css))
                .path("value");
        if (!v.isObject() || v.size() == 0 || v.has("error")) {
            throw new AssertionError("no element " + css + ": " + v);
        }
        return v.elements().next().asText();
    }

    void size(int width, int height) throws IOException, InterruptedException {
        call(
                "POST",
                "/session/" + session + "/window/rect",
                JSON.createObjectNode().put("width", width).put("height", height));
    }

    /** A PNG of the whole page (the window is stretched to the page's height for it). */
    void screenshot(Path file) throws IOException, InterruptedException {
        int width = js("return window.outerWidth;").asInt();
        int height = js("return Math.min(6000, document.documentElement.scrollHeight + 140);")
                .asInt();
        int before = js("return window.outerHeight;").asInt();
        size(width, Math.max(height, 400));
        Thread.sleep(300); // charts redraw on resize
        String png = call("GET", "/session/" + session + "/screenshot", null)
                .path("value")
                .asText();
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(png));
        size(width, before);
    }

    /** Waits up to {@code timeout} for {@code condition}; fails saying {@code what}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (IOException | InterruptedException e) {
            // the driver goes anyway
        } finally {
            driver.destroy();
            try {
                if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                driver.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
