package io.seedgrid.grid;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.ignite.configuration.ClientConnectorConfiguration;
import org.apache.ignite.configuration.DataPageEvictionMode;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.SystemDataRegionConfiguration;
import org.apache.ignite.events.EventType;
import org.apache.ignite.failure.FailureHandler;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.failure.StopNodeOrHaltFailureHandler;
import org.apache.ignite.logger.slf4j.Slf4jLogger;
import org.apache.ignite.spi.collision.fifoqueue.FifoQueueCollisionSpi;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.apache.ignite.spi.failover.always.AlwaysFailoverSpi;
import org.apache.ignite.ssl.SslContextFactory;

/**
 * How one seedgrid grid node joins the cluster: an immutable value whose {@link #configuration()} is the programmatic
 * Ignite configuration.
 *
 * <p>Defaults keep everything on this machine: discovery and communication bind to {@code 127.0.0.1}, the static IP
 * finder lists {@code 127.0.0.1:47500..47509}, and no other Ignite listener (thin client, REST connector) is opened.
 * To open a node to a LAN, set {@link Builder#bindAddress} to the address of the interface the other machines reach
 * (or {@code 0.0.0.0} inside a container) and list every machine's discovery address in
 * {@link Builder#discovery}, e.g. {@code 10.0.0.5:47500..47509,10.0.0.6:47500..47509}; then turn on TLS
 * ({@link Builder#ssl}), because the grid runs code on request of any node that joins.
 *
 * <p>Every node: peer class loading off (all nodes run the same jars), SLF4J logging, a FIFO collision SPI running
 * as many jobs at once as {@link Builder#parallelJobs} (default: the cores), {@link AlwaysFailoverSpi} (a job of a
 * node that leaves is re-run elsewhere), metrics log off, a small in-memory data region for the run's bars and a
 * bounded, evicting one for the cluster's ML seed signals ({@link Builder#signalCacheBytes}). Every node carries its
 * {@link BuildFingerprint} as a node attribute and refuses, at join, nodes and clients of another build.
 */
public final class NodeConfig {
    /** The default discovery list: the ten default discovery ports of this machine. */
    public static final String DEFAULT_DISCOVERY = "127.0.0.1:47500..47509";

    public static final int DEFAULT_DISCOVERY_PORT = 47500;
    public static final int DEFAULT_COMMUNICATION_PORT = 47100;
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** Node attribute: the node's seedgrid name (what reports show). */
    public static final String ATTR_NAME = "seedgrid.node.name";
    /** Node attribute: how many jobs the node runs at once. */
    public static final String ATTR_PARALLEL_JOBS = "seedgrid.node.parallel-jobs";
    /** Node attribute: the node's {@link BuildFingerprint}; the cluster refuses nodes whose fingerprint differs. */
    public static final String ATTR_FINGERPRINT = "seedgrid.node.build-fingerprint";
    /** The data region of the seed signal cache ({@link SharedSignals}): bounded, evicts least recently used pages. */
    static final String SIGNAL_REGION = "seedgrid-signals";

    /** What a node does when Ignite reports a critical failure. */
    public enum FailureMode {
        /** Stop the Ignite node, leave the JVM running: tests and nodes embedded in the CLI. */
        STOP_NODE,
        /** Stop the node, halt the JVM if it cannot: standalone node processes (a supervisor restarts them). */
        STOP_NODE_OR_HALT
    }

    private final String name;
    private final List<String> discovery;
    private final int discoveryPort;
    private final int discoveryPortRange;
    private final int communicationPort;
    private final int communicationPortRange;
    private final String bindAddress;
    private final Path workDir;
    private final boolean client;
    private final int parallelJobs;
    private final FailureMode failureMode;
    private final Duration failureDetectionTimeout;
    private final Duration joinTimeout;
    private final long maxOffHeapBytes;
    private final long signalCacheBytes;
    private final Optional<SslSettings> ssl;
    private final String fingerprint;

    private NodeConfig(Builder b) {
        this.name = b.name;
        this.discovery = b.discovery;
        this.discoveryPort = b.discoveryPort;
        this.discoveryPortRange = b.discoveryPortRange;
        this.communicationPort = b.communicationPort;
        this.communicationPortRange = b.communicationPortRange;
        this.bindAddress = b.bindAddress;
        this.workDir = b.workDir;
        this.client = b.client;
        this.parallelJobs = b.parallelJobs;
        this.failureMode = b.failureMode;
        this.failureDetectionTimeout = b.failureDetectionTimeout;
        this.joinTimeout = b.joinTimeout;
        this.maxOffHeapBytes = b.maxOffHeapBytes;
        this.signalCacheBytes = b.signalCacheBytes;
        this.ssl = b.ssl;
        this.fingerprint = BuildFingerprint.local();
    }

    /** A builder with the defaults: see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.discovery = discovery;
        b.discoveryPort = discoveryPort;
        b.discoveryPortRange = discoveryPortRange;
        b.communicationPort = communicationPort;
        b.communicationPortRange = communicationPortRange;
        b.bindAddress = bindAddress;
        b.workDir = workDir;
        b.client = client;
        b.parallelJobs = parallelJobs;
        b.failureMode = failureMode;
        b.failureDetectionTimeout = failureDetectionTimeout;
        b.joinTimeout = joinTimeout;
        b.maxOffHeapBytes = maxOffHeapBytes;
        b.signalCacheBytes = signalCacheBytes;
        b.ssl = ssl;
        return b;
    }

    public String name() {
        return name;
    }

    public List<String> discovery() {
        return discovery;
    }

    public int discoveryPort() {
        return discoveryPort;
    }

    public int communicationPort() {
        return communicationPort;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public Path workDir() {
        return workDir;
    }

    public boolean client() {
        return client;
    }

    public int parallelJobs() {
        return parallelJobs;
    }

    public Duration joinTimeout() {
        return joinTimeout;
    }

    public Optional<SslSettings> ssl() {
        return ssl;
    }

    /** Off-heap bytes this node gives the cluster's cache of seed signals (its share of the partitions). */
    public long signalCacheBytes() {
        return signalCacheBytes;
    }

    /** The build this node computes with ({@link BuildFingerprint#local()}): what other nodes must match. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The Ignite configuration of this node (a new object each call). */
    public IgniteConfiguration configuration() {
        IgniteConfiguration cfg = new IgniteConfiguration();
        cfg.setIgniteInstanceName(name);
        cfg.setClientMode(client);
        cfg.setPeerClassLoadingEnabled(false);
        cfg.setGridLogger(new OneLineIgniteLogger(new Slf4jLogger()));
        cfg.setWorkDirectory(workDir.toAbsolutePath().toString());
        cfg.setLocalHost(bindAddress);
        cfg.setMetricsLogFrequency(0);
        cfg.setFailureDetectionTimeout(failureDetectionTimeout.toMillis());
        cfg.setClientFailureDetectionTimeout(Math.max(failureDetectionTimeout.toMillis(), 10_000));
        cfg.setFailureHandler(failureHandler());
        cfg.setUserAttributes(Map.of(ATTR_NAME, name, ATTR_PARALLEL_JOBS, parallelJobs, ATTR_FINGERPRINT, fingerprint));
        cfg.setPluginProviders(new FingerprintCheck(fingerprint));
        cfg.setIncludeEventTypes(EventType.EVT_NODE_JOINED, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
        // No listener we do not use: thin clients/JDBC (10800) and the binary REST connector (11211) stay closed.
        cfg.setClientConnectorConfiguration((ClientConnectorConfiguration) null);
        cfg.setConnectorConfiguration(null);

        TcpDiscoveryVmIpFinder finder = new TcpDiscoveryVmIpFinder();
        finder.setAddresses(discovery);
        TcpDiscoverySpi discoverySpi = new TcpDiscoverySpi();
        discoverySpi.setIpFinder(finder);
        discoverySpi.setLocalAddress(bindAddress);
        discoverySpi.setLocalPort(discoveryPort);
        discoverySpi.setLocalPortRange(discoveryPortRange);
        if (client) {
            discoverySpi.setJoinTimeout(joinTimeout.toMillis());
        }
        cfg.setDiscoverySpi(discoverySpi);

        TcpCommunicationSpi communication = new TcpCommunicationSpi();
        communication.setLocalAddress(bindAddress);
        communication.setLocalPort(communicationPort);
        communication.setLocalPortRange(communicationPortRange);
        cfg.setCommunicationSpi(communication);

        FifoQueueCollisionSpi collision = new FifoQueueCollisionSpi();
        collision.setParallelJobsNumber(parallelJobs);
        cfg.setCollisionSpi(collision);
        cfg.setFailoverSpi(new AlwaysFailoverSpi());

        // The run's bars live in a REPLICATED cache: a small in-memory region, no persistence.
        DataStorageConfiguration storage = new DataStorageConfiguration();
        DataRegionConfiguration region = new DataRegionConfiguration();
        region.setName("seedgrid-default");
        region.setInitialSize(Math.min(maxOffHeapBytes, 32L << 20));
        region.setMaxSize(maxOffHeapBytes);
        region.setPersistenceEnabled(false);
        storage.setDefaultDataRegionConfiguration(region);
        // Seed signals: a bounded region that drops the least recently used pages when full (a dropped signal is
        // trained again, with the same values). RANDOM_LRU, not RANDOM_2_LRU: the latter can fail to find pages to
        // evict when every entry spans several pages (IGNITE-24992), and a signal of 10k bars spans about 20.
        DataRegionConfiguration signals = new DataRegionConfiguration();
        signals.setName(SIGNAL_REGION);
        signals.setInitialSize(Math.min(signalCacheBytes, 16L << 20));
        signals.setMaxSize(signalCacheBytes);
        signals.setPersistenceEnabled(false);
        signals.setPageEvictionMode(DataPageEvictionMode.RANDOM_LRU);
        signals.setEmptyPagesPoolSize(SharedSignals.EMPTY_PAGES_POOL);
        storage.setDataRegionConfigurations(signals);
        storage.setSystemDataRegionConfiguration(
                new SystemDataRegionConfiguration().setInitialSize(16L << 20).setMaxSize(64L << 20));
        cfg.setDataStorageConfiguration(storage);

        ssl.ifPresent(s -> cfg.setSslContextFactory(s.contextFactory()));
        return cfg;
    }

    private FailureHandler failureHandler() {
        return switch (failureMode) {
            case STOP_NODE -> new StopNodeFailureHandler();
            case STOP_NODE_OR_HALT -> new StopNodeOrHaltFailureHandler();
        };
    }

    /** Words for logs: never the SSL passwords. */
    @Override
    public String toString() {
        return (client ? "client " : "server ") + name + " bind " + bindAddress + ", discovery port " + discoveryPort
                + "+" + discoveryPortRange + " via " + discovery + ", communication port " + communicationPort + "+"
                + communicationPortRange + ", " + parallelJobs + " parallel jobs, work dir " + workDir
                + (ssl.isPresent() ? ", TLS on" : ", TLS off") + ", build " + fingerprint;
    }

    /**
     * TLS between nodes: a keystore with this node's key and certificate, and a truststore with the certificates it
     * trusts (e.g. the cluster's CA). Stores are PKCS12 or JKS files; passwords are held as char arrays and never
     * printed.
     */
    public record SslSettings(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword) {
        public SslSettings {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(trustStore, "trustStore");
            keyStorePassword = keyStorePassword == null ? new char[0] : keyStorePassword.clone();
            trustStorePassword = trustStorePassword == null ? new char[0] : trustStorePassword.clone();
        }

        /** Environment variable holding the keystore password. */
        public static final String ENV_KEYSTORE_PASSWORD = "SEEDGRID_SSL_KEYSTORE_PASSWORD";
        /** Environment variable holding the truststore password. */
        public static final String ENV_TRUSTSTORE_PASSWORD = "SEEDGRID_SSL_TRUSTSTORE_PASSWORD";

        /** Stores given by path, passwords from {@value #ENV_KEYSTORE_PASSWORD} / {@value #ENV_TRUSTSTORE_PASSWORD}. */
        public static SslSettings fromEnv(Path keyStore, Path trustStore, Map<String, String> env) {
            return new SslSettings(
                    keyStore,
                    chars(env.get(ENV_KEYSTORE_PASSWORD)),
                    trustStore,
                    chars(env.get(ENV_TRUSTSTORE_PASSWORD)));
        }

        private static char[] chars(String s) {
            return s == null ? new char[0] : s.toCharArray();
        }

        SslContextFactory contextFactory() {
            SslContextFactory factory = new SslContextFactory();
            factory.setKeyStoreFilePath(keyStore.toAbsolutePath().toString());
            factory.setKeyStorePassword(keyStorePassword.clone());
            factory.setKeyStoreType(storeType(keyStore));
            factory.setTrustStoreFilePath(trustStore.toAbsolutePath().toString());
            factory.setTrustStorePassword(trustStorePassword.clone());
            factory.setTrustStoreType(storeType(trustStore));
            factory.setProtocol("TLSv1.3");
            return factory;
        }

        private static String storeType(Path store) {
            return store.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        }

        @Override
        public char[] keyStorePassword() {
            return keyStorePassword.clone();
        }

        @Override
        public char[] trustStorePassword() {
            return trustStorePassword.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SslSettings s
                    && keyStore.equals(s.keyStore)
                    && trustStore.equals(s.trustStore)
                    && Arrays.equals(keyStorePassword, s.keyStorePassword)
                    && Arrays.equals(trustStorePassword, s.trustStorePassword);
        }

        @Override
        public int hashCode() {
            return Objects.hash(keyStore, trustStore);
        }

        @Override
        public String toString() {
            return "SslSettings[keyStore=" + keyStore + ", trustStore=" + trustStore + ", passwords hidden]";
        }
    }

    /**
     * Settings of a node. Defaults: name {@code <$HOSTNAME>-<pid>}, discovery {@value #DEFAULT_DISCOVERY}, discovery port
     * {@value #DEFAULT_DISCOVERY_PORT} (+9), communication port {@value #DEFAULT_COMMUNICATION_PORT} (+99), bind
     * {@value #DEFAULT_BIND}, work dir {@code $SEEDGRID_HOME/ignite} (or {@code ./data/ignite}), server mode,
     * parallel jobs = available cores, {@link FailureMode#STOP_NODE}, failure detection 10 s, client join timeout
     * 30 s, 256 MiB off-heap at most for the run's bars and 256 MiB for the seed signal cache, no TLS.
     */
    public static final class Builder {
        private String name = defaultName(System.getenv());
        private List<String> discovery = List.of(DEFAULT_DISCOVERY);
        private int discoveryPort = DEFAULT_DISCOVERY_PORT;
        private int discoveryPortRange = 9;
        private int communicationPort = DEFAULT_COMMUNICATION_PORT;
        private int communicationPortRange = 99;
        private String bindAddress = DEFAULT_BIND;
        private Path workDir = defaultWorkDir(System.getenv());
        private boolean client;
        private int parallelJobs = Runtime.getRuntime().availableProcessors();
        private FailureMode failureMode = FailureMode.STOP_NODE;
        private Duration failureDetectionTimeout = Duration.ofSeconds(10);
        private Duration joinTimeout = Duration.ofSeconds(30);
        private long maxOffHeapBytes = 256L << 20;
        private long signalCacheBytes = 256L << 20;
        private Optional<SslSettings> ssl = Optional.empty();

        private Builder() {}

        /** {@code <host>-<pid>}: unique per machine, and readable in reports. */
        static String defaultName(Map<String, String> env) {
            String host = env.getOrDefault("HOSTNAME", "node").replaceAll("[^A-Za-z0-9._-]", "");
            if (host.isEmpty()) {
                host = "node";
            }
            host = host.length() > 40 ? host.substring(0, 40) : host;
            return host + "-" + ProcessHandle.current().pid();
        }

        /** {@code $SEEDGRID_HOME/ignite}, or {@code ./data/ignite} (the rule of the storage module's SeedgridHome). */
        static Path defaultWorkDir(Map<String, String> env) {
            String home = env.get("SEEDGRID_HOME");
            Path base = home == null || home.isBlank() ? Path.of("data") : Path.of(home);
            return base.resolve("ignite").toAbsolutePath().normalize();
        }

        /** The node's name: Ignite instance name and what reports show; unique per JVM, best unique per cluster. */
        public Builder name(String name) {
            if (name == null || name.isBlank() || name.length() > 64 || !name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException(
                        "node name must be 1 to 64 of A-Z a-z 0-9 . _ - but was '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /** Discovery addresses, e.g. {@code host:47500..47509}; at least one. */
        public Builder discovery(List<String> addresses) {
            List<String> list = addresses.stream()
                    .map(String::strip)
                    .filter(a -> !a.isEmpty())
                    .toList();
            if (list.isEmpty()) {
                throw new IllegalArgumentException(
                        "at least one discovery address is needed, e.g. " + DEFAULT_DISCOVERY);
            }
            this.discovery = list;
            return this;
        }

        /** Comma-separated discovery addresses. */
        public Builder discovery(String commaSeparated) {
            return discovery(Arrays.asList(
                    Objects.requireNonNull(commaSeparated, "discovery").split(",")));
        }

        public Builder discoveryPort(int port, int range) {
            this.discoveryPort = port(port, "discovery port");
            this.discoveryPortRange = range(range, "discovery port range");
            return this;
        }

        public Builder communicationPort(int port, int range) {
            this.communicationPort = port(port, "communication port");
            this.communicationPortRange = range(range, "communication port range");
            return this;
        }

        /** The address discovery and communication listen on: {@code 127.0.0.1}, a LAN address, or {@code 0.0.0.0}. */
        public Builder bindAddress(String address) {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("bind address must not be blank");
            }
            this.bindAddress = address.strip();
            return this;
        }

        public Builder workDir(Path dir) {
            this.workDir =
                    Objects.requireNonNull(dir, "workDir").toAbsolutePath().normalize();
            return this;
        }

        /** Join as a client: computes nothing, holds no data, needs a server node to join. */
        public Builder client(boolean client) {
            this.client = client;
            return this;
        }

        public Builder parallelJobs(int jobs) {
            if (jobs < 1) {
                throw new IllegalArgumentException("parallel jobs must be >= 1 but was " + jobs);
            }
            this.parallelJobs = jobs;
            return this;
        }

        public Builder failureMode(FailureMode mode) {
            this.failureMode = Objects.requireNonNull(mode, "failureMode");
            return this;
        }

        /** How long a silent node is given before it is dropped (and its jobs fail over). */
        public Builder failureDetectionTimeout(Duration timeout) {
            this.failureDetectionTimeout = positive(timeout, "failure detection timeout");
            return this;
        }

        /** How long a client waits for a server node to answer before it gives up (servers never wait). */
        public Builder joinTimeout(Duration timeout) {
            this.joinTimeout = positive(timeout, "join timeout");
            return this;
        }

        public Builder maxOffHeapBytes(long bytes) {
            if (bytes < (64L << 20)) {
                throw new IllegalArgumentException("max off-heap must be >= 64 MiB but was " + bytes + " bytes");
            }
            this.maxOffHeapBytes = bytes;
            return this;
        }

        /** Off-heap bytes for this node's share of the seed signal cache; when full, old signals are dropped. */
        public Builder signalCacheBytes(long bytes) {
            // Ignite keeps the free-pages pool (which a signal must fit in) below a tenth of the region.
            if (bytes < (64L << 20)) {
                throw new IllegalArgumentException("signal cache must be >= 64 MiB but was " + bytes + " bytes");
            }
            this.signalCacheBytes = bytes;
            return this;
        }

        public Builder ssl(SslSettings settings) {
            this.ssl = Optional.of(Objects.requireNonNull(settings, "ssl"));
            return this;
        }

        public Builder noSsl() {
            this.ssl = Optional.empty();
            return this;
        }

        public NodeConfig build() {
            return new NodeConfig(this);
        }

        private static int port(int port, String what) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(what + " must lie in [1, 65535] but was " + port);
            }
            return port;
        }

        private static int range(int range, String what) {
            if (range < 0 || range > 1000) {
                throw new IllegalArgumentException(what + " must lie in [0, 1000] but was " + range);
            }
            return range;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive but was " + d);
            }
            return d;
        }
    }
}
