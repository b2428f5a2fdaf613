package io.seedgrid.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.FitnessFunction;
import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.grid.node.NodeProcess;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.SeedContext;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.plugin.PluginProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every node and coordinator runs one build. The other build here is real, not faked: the test recompiles evolution's
 * {@code FitnessFunction} from its sources with the trade penalty doubled, into a copy of evolution's classes, and
 * runs node processes on that class path. The last test fakes only the fingerprint attribute of an in-JVM node that
 * has no check of its own (an older build), to reach the coordinator's filter.
 */
class BuildFingerprintTest {
    private static final String PENALTY = "(double) (minTrades - trades) / minTrades";

    @TempDir
    static Path temp;

    private static String otherClassPath;
    private static String otherFingerprint;

    @BeforeAll
    static void buildAnother() throws Exception {
        Path evolution = Path.of(FitnessFunction.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path copy = temp.resolve("evolution-classes");
        copy(evolution, copy);
        List<Path> copiedRoots = replace(BuildFingerprint.moduleRoots(), evolution, copy);
        assertEquals(
                BuildFingerprint.local(),
                BuildFingerprint.of(BuildFingerprint.version(), copiedRoots),
                "the same bytes elsewhere are the same build");

        Path source = Path.of(
                "..",
                "evolution",
                "src",
                "main",
                "java",
                "io",
                "seedgrid",
                "evolution",
                "fitness",
                "FitnessFunction.java");
        String text = Files.readString(source);
        assertTrue(text.contains(PENALTY), "the trade penalty this test changes is no longer " + PENALTY);
        Path changed = temp.resolve("src").resolve("FitnessFunction.java");
        Files.createDirectories(changed.getParent());
        Files.writeString(changed, text.replace(PENALTY, "2.0 * (minTrades - trades) / minTrades"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        var errors = new ByteArrayOutputStream();
        int status = javac.run(
                null,
                null,
                errors,
                "--release",
                "21",
                "-g",
                "-proc:none",
                "-cp",
                System.getProperty("java.class.path"),
                "-d",
                copy.toString(),
                changed.toString());
        assertEquals(0, status, errors.toString());

        otherClassPath = String.join(
                File.pathSeparator,
                replace(
                                Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                                        .map(Path::of)
                                        .toList(),
                                evolution,
                                copy)
                        .stream()
                        .map(Path::toString)
                        .toList());
        otherFingerprint = BuildFingerprint.of(BuildFingerprint.version(), copiedRoots);
        assertNotEquals(BuildFingerprint.local(), otherFingerprint);
        assertTrue(otherFingerprint.startsWith(BuildFingerprint.version() + "+"), otherFingerprint);
    }

    @Test
    void aNodeOfAnotherBuildIsRefusedAtJoin() throws Exception {
        try (TestCluster cluster = new TestCluster(47840, 47940)) {
            Ignite a = cluster.startLocal(cluster.config("fp-a").build());
            NodeProcess other = cluster.startChild("fp-other", otherClassPath);
            OptionalInt exit = other.awaitExit(120);
            String log = Files.readString(other.log());
            assertEquals(OptionalInt.of(1), exit, log);
            assertTrue(log.contains("seedgrid node fp-other starting, build fingerprint " + otherFingerprint), log);
            assertTrue(
                    log.contains("seedgrid node fp-other not started: cannot join the grid as node fp-other: refused "
                            + "by the cluster: this node's build fingerprint " + otherFingerprint
                            + " differs from the cluster's "
                            + BuildFingerprint.local()
                            + "; every node and coordinator must run the same seedgrid build"),
                    log);
            assertEquals(1, GridNodes.servers(a).size(), "the other build never joined");
        }
    }

    @Test
    void aCoordinatorOfAnotherBuildIsRefusedAtJoin() throws Exception {
        try (TestCluster cluster = new TestCluster(47860, 47960)) {
            NodeProcess other = cluster.startChild("fp-lone", otherClassPath);
            awaitLine(other, "seedgrid node fp-lone up (");
            GridUnavailableException e = assertThrows(
                    GridUnavailableException.class,
                    () -> cluster.startLocal(cluster.config("fp-coordinator")
                            .client(true)
                            .joinTimeout(Duration.ofSeconds(60))
                            .build()));
            assertEquals(
                    "cannot join the grid as client fp-coordinator: refused by the cluster: this client's build "
                            + "fingerprint " + BuildFingerprint.local() + " differs from the cluster's "
                            + otherFingerprint
                            + "; every node and coordinator must run the same seedgrid build",
                    e.getMessage());
        }
    }

    @Test
    void jobsGoOnlyToNodesOfThisBuild() {
        try (TestCluster cluster = new TestCluster(47880, 47980)) {
            // An older build: it carries another fingerprint and checks nobody, so this build's node gets in.
            IgniteConfiguration older =
                    cluster.config("fp-older").parallelJobs(1).build().configuration();
            Map<String, Object> attributes = new HashMap<>(older.getUserAttributes());
            attributes.put(NodeConfig.ATTR_FINGERPRINT, "0.0.9+000000000000000000000000");
            older.setUserAttributes(attributes);
            older.setPluginProviders(new PluginProvider<?>[0]);
            try (Ignite old = Ignition.start(older)) {
                Ignite current = cluster.startLocal(
                        cluster.config("fp-current").parallelJobs(1).build());
                GridNodes.awaitServers(current, 2, Duration.ofSeconds(30));
                Bars bars = BundledData.load("BTCUSD");
                EvaluationSpec spec =
                        new EvaluationSpec(List.of("EMACrossoverSeed", "RSIFilterSeed"), BacktestSettings.DEFAULT, 5);
                List<double[]> genomes = SingleNodeGridTest.genomes(spec, 12, 21);
                List<Fitness> expected;
                try (var local = new LocalEvaluator(spec.fitnessFunction(), SeedContext.of(bars), 1)) {
                    expected = local.evaluate(genomes);
                }
                try (var grid = GridEvaluator.builder(current, spec, bars).build()) {
                    assertTrue(grid.describe().startsWith("grid, 1 server node"), grid.describe());
                    assertEquals(expected, grid.evaluate(genomes));
                    assertEquals(
                            List.of("fp-current"),
                            List.copyOf(grid.lastBatch()
                                    .orElseThrow()
                                    .evaluationsPerNode()
                                    .keySet()));
                }
                assertEquals(2, GridNodes.servers(old).size(), "both were in the topology");
            }
        }
    }

    private static void awaitLine(NodeProcess node, String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.exists(node.log()) && Files.readString(node.log()).contains(line)) {
                return;
            }
            assertTrue(node.isAlive(), () -> "node ended before '" + line + "': " + read(node.log()));
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + line + "' within 120 s: " + read(node.log()));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<Path> replace(List<Path> paths, Path from, Path to) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            out.add(p.toAbsolutePath().normalize().equals(from.toAbsolutePath().normalize()) ? to : p);
        }
        return out;
    }

    /** Copies a class directory, or extracts a jar, into {@code to}. */
    private static void copy(Path from, Path to) throws IOException {
        if (Files.isDirectory(from)) {
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.toList()) {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                }
            }
            return;
        }
        try (ZipFile jar = new ZipFile(from.toFile())) {
            for (var entry : jar.stream().filter(e -> !e.isDirectory()).toList()) {
                Path target = to.resolve(entry.getName());
                Files.createDirectories(target.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        }
    }
}
