package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two writer processes (separate JVMs) publish overlapping bars into one shared directory at the same time while
 * this JVM reads repeatedly. Every read must be a consistent state (whole batches, prefix per writer, latest wins
 * per key); at the end nothing is lost and a later write wins everywhere it writes.
 */
@Tag("slow") // scripts/test --quick leaves it out: two writer JVMs
class SharedConcurrencyTest {
    static final int BATCHES = 24;

    @TempDir
    Path temp;

    @Test
    void twoWriterProcessesAndAReaderSeeConsistentStates() throws Exception {
        Path root = temp.resolve("shared");
        try (Store reader = Stores.open(StorageConfig.shared(root))) {
            Process w1 = writer(root, 1);
            Process w2 = writer(root, 2);
            waitFor(temp.resolve("ready-1"), w1);
            waitFor(temp.resolve("ready-2"), w2);
            Files.createFile(temp.resolve("go"));

            int reads = 0;
            int nonEmpty = 0;
            List<String> problems = new ArrayList<>();
            while (w1.isAlive() || w2.isAlive()) {
                Bars snapshot = reader.bars().readBars(SharedWriterPlan.SYMBOL, SharedWriterPlan.TF);
                reads++;
                nonEmpty += snapshot.size() > 0 ? 1 : 0;
                String problem = SharedWriterPlan.check(snapshot, BATCHES);
                if (problem != null && problems.size() < 5) {
                    problems.add("read " + reads + " (" + snapshot.size() + " bars): " + problem);
                }
                if (reads % 10 == 0) {
                    reader.bars().listSymbols();
                    reader.health();
                }
            }
            assertTrue(w1.waitFor(60, TimeUnit.SECONDS) && w2.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, w1.exitValue(), output(1));
            assertEquals(0, w2.exitValue(), output(2));
            System.out.println("concurrent reads: " + reads + " (" + nonEmpty + " while data was arriving); "
                    + lastLine(1) + "; " + lastLine(2));
            assertEquals(List.of(), problems, "every read is a consistent state");
            assertTrue(nonEmpty >= 3, "the reader overlapped the writers: " + nonEmpty + " non-empty reads");

            // final state: the union of all batches, latest wins, nothing lost
            Bars last = reader.bars().readBars(SharedWriterPlan.SYMBOL, SharedWriterPlan.TF);
            assertNull(SharedWriterPlan.check(last, BATCHES));
            int k = BATCHES - 1;
            int expectedKeys = 100 * k + 150 + 50 * BATCHES; // writer 1 range plus writer 2's own keys
            assertEquals(expectedKeys, last.size(), "no lost bars");
            assertEquals(BATCHES - 1, (int) last.volume(last.size() - 1) % 1000, "writer 2's last batch is there");

            // a write made after both finished wins wherever it writes (causal latest-wins)
            int overwritten = 0;
            long[] t = new long[last.size()];
            int n = 0;
            for (int j = 0; j < last.size(); j += 7) {
                t[n++] = last.endEpochMilli(j);
            }
            double[] p = new double[n];
            double[] v = new double[n];
            Arrays.fill(p, 999.5);
            Arrays.fill(v, 9999);
            Bars later = Bars.of(SharedWriterPlan.SYMBOL, SharedWriterPlan.TF, Arrays.copyOf(t, n), p, p, p, p, v);
            assertEquals(n, reader.bars().writeBars(later));
            Bars after = reader.bars().readBars(SharedWriterPlan.SYMBOL, SharedWriterPlan.TF);
            assertEquals(last.size(), after.size());
            for (int j = 0; j < after.size(); j++) {
                if (j % 7 == 0) {
                    assertEquals(9999, after.volume(j), 0.0, "later write wins at " + j);
                    overwritten++;
                } else {
                    assertEquals(last.volume(j), after.volume(j), 0.0, "untouched at " + j);
                }
            }
            assertEquals(n, overwritten);

            // compaction kept the directory small, and no temporary file was left behind
            Path dir =
                    Files.list(root.resolve("bars")).findFirst().orElseThrow().resolve("1m");
            try (Stream<Path> files = Files.list(dir)) {
                List<String> names = files.map(f -> f.getFileName().toString()).toList();
                System.out.println("part files after " + (2 * BATCHES + 1) + " writes: " + names.size());
                assertTrue(names.size() < 2 * BATCHES, names.toString());
                assertTrue(names.stream().noneMatch(s -> s.startsWith(".tmp-")), names.toString());
            }
        }
    }

    private Process writer(Path root, int id) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                SharedWriterMain.class.getName(),
                root.toString(),
                String.valueOf(id),
                String.valueOf(BATCHES),
                temp.resolve("ready-" + id).toString(),
                temp.resolve("go").toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(temp.resolve("writer-" + id + ".log").toFile());
        return pb.start();
    }

    private void waitFor(Path ready, Process p) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.exists(ready)) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError(
                        "writer did not get ready: " + output(ready.toString().endsWith("1") ? 1 : 2));
            }
            Thread.sleep(10);
        }
    }

    private String output(int id) {
        try {
            return Files.readString(temp.resolve("writer-" + id + ".log"));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private String lastLine(int id) {
        String[] lines = output(id).strip().split("\n");
        return lines[lines.length - 1];
    }
}
