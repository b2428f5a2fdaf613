package io.seedgrid.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * POSTs JSON to an HTTP(S) URL: what a scheduled validation does when readiness changes, and what {@link Alerts}
 * does when an alert fires or clears.
 */
public final class Webhook {
    /** Environment variable with the webhook URL, for services configured by environment. */
    public static final String ENV_URL = "SEEDGRID_WEBHOOK_URL";

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    /** What a POST gave: the HTTP status (or -1), the time it took and the error, if any. */
    public record Delivery(URI url, int status, long millis, String error) {
        public boolean ok() {
            return error == null && status >= 200 && status < 300;
        }

        public String line() {
            return ok()
                    ? "webhook " + url + " answered " + status + " in " + millis + " ms"
                    : "webhook " + url + " failed: " + (error != null ? error : "HTTP " + status);
        }
    }

    public Webhook(URI url, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * An absolute http or https URL.
     *
     * @throws IllegalArgumentException naming the value and the rule
     */
    public static URI parse(String text) {
        try {
            URI uri = new URI(Objects.requireNonNull(text, "webhook URL").strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "webhook URL must be an absolute http(s) URL but was '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "webhook URL must be an absolute http(s) URL but was '" + text + "': " + e.getReason(), e);
        }
    }

    public URI url() {
        return url;
    }

    /** POSTs {@code json} with {@code event} in the {@code X-Seedgrid-Event} header; never throws. */
    public Delivery post(String json, String event) {
        long start = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("X-Seedgrid-Event", event)
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                    .build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return new Delivery(url, response.statusCode(), (System.nanoTime() - start) / 1_000_000, null);
        } catch (IOException e) {
            return new Delivery(
                    url,
                    -1,
                    (System.nanoTime() - start) / 1_000_000,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery(url, -1, (System.nanoTime() - start) / 1_000_000, "interrupted");
        }
    }
}
