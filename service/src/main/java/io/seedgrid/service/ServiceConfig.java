package io.seedgrid.service;

import io.seedgrid.strategies.GateConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP service's settings. Defaults: 127.0.0.1:8080 (nothing listens beyond loopback unless a host is given),
 * no API token (every write answers 401), one evolution run at a time with two more queued, evaluation threads one
 * per core, runs of at most 1,000 strategies per generation and 500 generations, the default gates, the system
 * clock, {@link HttpLimits#DEFAULT}.
 *
 * @param host              interface to listen on (e.g. {@code 127.0.0.1}, {@code 0.0.0.0} to listen everywhere)
 * @param port              TCP port, 0 for any free one
 * @param apiToken          the bearer token writes need, or empty: writes are refused. Never logged
 * @param maxRunningRuns    evolution runs computing at once (>= 1)
 * @param maxQueuedRuns     runs waiting for a slot (>= 0); beyond, POST /runs answers 429
 * @param evaluationThreads threads each run evaluates genomes on (>= 1)
 * @param maxPopulation     largest population a run may ask for
 * @param maxGenerations    most generations a run may ask for
 * @param gates             the promotion gates
 * @param clock             for lifecycle timestamps (runs and their leases keep the system's real time)
 * @param limits            what one client may take: timeouts, body size, requests at once
 * @param monitor           the live loop it watches over (alerts on /metrics and /alerts, ticked on a timer when
 *                          it has a period), or empty: no loop, no alerts
 */
public record ServiceConfig(
        String host,
        int port,
        Optional<String> apiToken,
        int maxRunningRuns,
        int maxQueuedRuns,
        int evaluationThreads,
        int maxPopulation,
        int maxGenerations,
        GateConfig gates,
        Clock clock,
        HttpLimits limits,
        Optional<LifecycleMonitor> monitor) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** The environment variable the command line reads the token from. */
    public static final String TOKEN_ENV = "SEEDGRID_API_TOKEN";
    /** Shortest token accepted: a short token is a guessable one. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public ServiceConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be an interface name or address but was '" + host + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must lie in [0, 65535] but was " + port);
        }
        Objects.requireNonNull(apiToken, "apiToken");
        apiToken.ifPresent(t -> {
            if (t.length() < MIN_TOKEN_LENGTH || t.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException("the API token must be at least " + MIN_TOKEN_LENGTH
                        + " printable ASCII characters without spaces (its value is not shown)");
            }
        });
        atLeast("maxRunningRuns", maxRunningRuns, 1);
        atLeast("maxQueuedRuns", maxQueuedRuns, 0);
        atLeast("evaluationThreads", evaluationThreads, 1);
        atLeast("maxPopulation", maxPopulation, 2);
        atLeast("maxGenerations", maxGenerations, 1);
        Objects.requireNonNull(gates, "gates");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(monitor, "monitor");
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + " but was " + value);
        }
    }

    /** Whether {@link #host} is a loopback address (only this machine can connect). */
    public boolean loopbackOnly() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() { // the token stays out of logs
        return "ServiceConfig[host=" + host + ", port=" + port + ", apiToken=" + (apiToken.isPresent() ? "***" : "none")
                + ", maxRunningRuns=" + maxRunningRuns + ", maxQueuedRuns=" + maxQueuedRuns + ", evaluationThreads="
                + evaluationThreads + ", maxPopulation=" + maxPopulation + ", maxGenerations=" + maxGenerations
                + ", gates=" + gates + ", limits=" + limits + ", monitor="
                + monitor.map(m -> "every " + m.every().map(Object::toString).orElse("(driven elsewhere)"))
                        .orElse("none")
                + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.apiToken = apiToken.orElse(null);
        b.maxRunningRuns = maxRunningRuns;
        b.maxQueuedRuns = maxQueuedRuns;
        b.evaluationThreads = evaluationThreads;
        b.maxPopulation = maxPopulation;
        b.maxGenerations = maxGenerations;
        b.gates = gates;
        b.clock = clock;
        b.limits = limits;
        b.monitor = monitor.orElse(null);
        return b;
    }

    /** Settings with the defaults above. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String apiToken;
        private int maxRunningRuns = 1;
        private int maxQueuedRuns = 2;
        private int evaluationThreads = Runtime.getRuntime().availableProcessors();
        private int maxPopulation = 1_000;
        private int maxGenerations = 500;
        private GateConfig gates = GateConfig.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private HttpLimits limits = HttpLimits.DEFAULT;
        private LifecycleMonitor monitor;

        private Builder() {}

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        /** The bearer token writes need; null or blank: none, writes are refused. */
        public Builder apiToken(String value) {
            apiToken = value == null || value.isBlank() ? null : value;
            return this;
        }

        public Builder maxRunningRuns(int value) {
            maxRunningRuns = value;
            return this;
        }

        public Builder maxQueuedRuns(int value) {
            maxQueuedRuns = value;
            return this;
        }

        public Builder evaluationThreads(int value) {
            evaluationThreads = value;
            return this;
        }

        public Builder maxPopulation(int value) {
            maxPopulation = value;
            return this;
        }

        public Builder maxGenerations(int value) {
            maxGenerations = value;
            return this;
        }

        public Builder gates(GateConfig value) {
            gates = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public Builder limits(HttpLimits value) {
            limits = value;
            return this;
        }

        /** The live loop to watch over (null: none). */
        public Builder monitor(LifecycleMonitor value) {
            monitor = value;
            return this;
        }

        public ServiceConfig build() {
            return new ServiceConfig(
                    host,
                    port,
                    Optional.ofNullable(apiToken),
                    maxRunningRuns,
                    maxQueuedRuns,
                    evaluationThreads,
                    maxPopulation,
                    maxGenerations,
                    gates,
                    clock,
                    limits,
                    Optional.ofNullable(monitor));
        }
    }
}
