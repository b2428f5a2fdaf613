package io.seedgrid.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.failure.StopNodeOrHaltFailureHandler;
import org.apache.ignite.spi.collision.fifoqueue.FifoQueueCollisionSpi;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.apache.ignite.spi.failover.always.AlwaysFailoverSpi;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
    @Test
    void defaultsKeepTheNodeOnLoopbackWithNoExtraListeners() {
        IgniteConfiguration cfg = NodeConfig.builder().name("n1").build().configuration();
        assertEquals("n1", cfg.getIgniteInstanceName());
        assertEquals("127.0.0.1", cfg.getLocalHost());
        assertFalse(cfg.isPeerClassLoadingEnabled());
        assertFalse(cfg.isClientMode());
        assertInstanceOf(
                OneLineIgniteLogger.class, cfg.getGridLogger(), "Ignite logs through SLF4J, one line per entry");
        assertEquals(0, cfg.getMetricsLogFrequency());
        assertNull(cfg.getClientConnectorConfiguration(), "no thin-client/JDBC port");
        assertNull(cfg.getConnectorConfiguration(), "no REST connector port");
        assertNull(cfg.getSslContextFactory());
        assertInstanceOf(StopNodeFailureHandler.class, cfg.getFailureHandler());
        assertInstanceOf(AlwaysFailoverSpi.class, cfg.getFailoverSpi()[0]);
        FifoQueueCollisionSpi collision = (FifoQueueCollisionSpi) cfg.getCollisionSpi();
        assertEquals(Runtime.getRuntime().availableProcessors(), collision.getParallelJobsNumber());

        TcpDiscoverySpi discovery = (TcpDiscoverySpi) cfg.getDiscoverySpi();
        assertEquals("127.0.0.1", discovery.getLocalAddress());
        assertEquals(
                9, discovery.getLocalPortRange(), "ports 47500..47509 (the getter of the port says 0 until bound)");
        var finder = ((TcpDiscoveryVmIpFinder) discovery.getIpFinder()).getRegisteredAddresses();
        assertEquals(10, finder.size());
        assertTrue(
                finder.stream()
                        .allMatch(a ->
                                a.getHostString().equals("127.0.0.1") && a.getPort() >= 47500 && a.getPort() <= 47509),
                finder.toString());
        TcpCommunicationSpi communication = (TcpCommunicationSpi) cfg.getCommunicationSpi();
        assertEquals("127.0.0.1", communication.getLocalAddress());
        assertEquals(99, communication.getLocalPortRange());
        assertEquals(
                Map.of(
                        NodeConfig.ATTR_NAME,
                        "n1",
                        NodeConfig.ATTR_PARALLEL_JOBS,
                        Runtime.getRuntime().availableProcessors(),
                        NodeConfig.ATTR_FINGERPRINT,
                        BuildFingerprint.local()),
                cfg.getUserAttributes());
        assertInstanceOf(FingerprintCheck.class, cfg.getPluginProviders()[0], "joining nodes are checked");
    }

    @Test
    void lanSettingsAndTls() {
        NodeConfig config = NodeConfig.builder()
                .name("lan-1")
                .bindAddress("10.0.0.5")
                .discovery("10.0.0.5:47500..47509, 10.0.0.6:47500..47509")
                .parallelJobs(3)
                .failureMode(NodeConfig.FailureMode.STOP_NODE_OR_HALT)
                .workDir(Path.of("/tmp/w"))
                .ssl(new NodeConfig.SslSettings(
                        Path.of("/k/node.p12"),
                        "secret-k".toCharArray(),
                        Path.of("/k/trust.jks"),
                        "secret-t".toCharArray()))
                .build();
        IgniteConfiguration cfg = config.configuration();
        assertEquals("10.0.0.5", ((TcpDiscoverySpi) cfg.getDiscoverySpi()).getLocalAddress());
        assertEquals(List.of("10.0.0.5:47500..47509", "10.0.0.6:47500..47509"), config.discovery());
        assertEquals(3, ((FifoQueueCollisionSpi) cfg.getCollisionSpi()).getParallelJobsNumber());
        assertInstanceOf(StopNodeOrHaltFailureHandler.class, cfg.getFailureHandler());
        assertTrue(cfg.getSslContextFactory() != null);
        assertEquals("/tmp/w", cfg.getWorkDirectory());
        assertFalse(config.toString().contains("secret"), config.toString());
        assertFalse(config.ssl().orElseThrow().toString().contains("secret"));
    }

    @Test
    void badSettingsAreRefusedWithTheRuleAndValue() {
        var b = NodeConfig.builder();
        assertEquals(
                "discovery port must lie in [1, 65535] but was 70000",
                assertThrows(IllegalArgumentException.class, () -> b.discoveryPort(70000, 9))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.name("bad name"))
                .getMessage()
                .contains("'bad name'"));
        assertThrows(IllegalArgumentException.class, () -> b.discovery(" , "));
        assertThrows(IllegalArgumentException.class, () -> b.parallelJobs(0));
        assertThrows(IllegalArgumentException.class, () -> b.bindAddress(" "));
    }

    @Test
    void workDirFollowsSeedgridHome() {
        assertEquals(Path.of("/srv/sg/ignite"), NodeConfig.Builder.defaultWorkDir(Map.of("SEEDGRID_HOME", "/srv/sg")));
        assertEquals(Path.of("data/ignite").toAbsolutePath(), NodeConfig.Builder.defaultWorkDir(Map.of()));
    }
}
