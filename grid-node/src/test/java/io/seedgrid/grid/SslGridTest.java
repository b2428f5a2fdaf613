package io.seedgrid.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.evolution.fitness.GenomeEvaluatorContract;
import io.seedgrid.evolution.fitness.LocalEvaluator;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.SeedContext;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes with TLS between them (mutual: Ignite asks the peer for its certificate) evaluate like local. */
@Tag("slow") // scripts/test --quick leaves it out: a two-node grid with TLS
class SslGridTest {
    @TempDir
    Path keys;

    @Test
    void twoNodesOverTls() throws Exception {
        Path store = keys.resolve("node.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "seedgrid",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=seedgrid-test",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "test-pass")
                .redirectErrorStream(true)
                .start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        keytool.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, keytool.exitValue(), "keytool");
        var ssl = new NodeConfig.SslSettings(store, "test-pass".toCharArray(), store, "test-pass".toCharArray());

        try (TestCluster cluster = new TestCluster(47680, 47780)) {
            Ignite a = cluster.startLocal(
                    cluster.config("tls-a").ssl(ssl).parallelJobs(1).build());
            cluster.startLocal(cluster.config("tls-b").ssl(ssl).parallelJobs(1).build());
            GridNodes.awaitServers(a, 2, Duration.ofSeconds(30));
            Bars bars = BundledData.load("BTCUSD");
            EvaluationSpec spec =
                    new EvaluationSpec(List.of("EMACrossoverSeed", "RSIFilterSeed"), BacktestSettings.DEFAULT, 5);
            List<double[]> genomes = GenomeEvaluatorContract.genomes(spec, 12, 9);
            List<Fitness> expected;
            try (var local = new LocalEvaluator(spec.fitnessFunction(), SeedContext.of(bars), 1)) {
                expected = local.evaluate(genomes);
            }
            try (var grid = GridEvaluator.builder(a, spec, bars).build()) {
                assertEquals(expected, grid.evaluate(genomes));
                assertEquals(
                        List.of("tls-a", "tls-b"),
                        List.copyOf(grid.lastBatch()
                                .orElseThrow()
                                .evaluationsPerNode()
                                .keySet()));
            }
        }
        Files.deleteIfExists(store);
    }
}
