package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.shared.CrashedWriterMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults of the shared backend: damaged files, half-written files, directories it cannot write. */
class SharedFaultTest {
    static final Bars AAPL = BundledData.load("AAPL");
    static final Bars BTC = BundledData.load("BTCUSD");

    @TempDir
    Path temp;

    private static Path onlyPart(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> parts = s.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList();
            assertEquals(1, parts.size(), parts.toString());
            return parts.get(0);
        }
    }

    @Test
    void aCorruptParquetFileDegradesHealthAndIsNamed() throws Exception {
        Path root = temp.resolve("shared");
        try (Store store = Stores.open(StorageConfig.shared(root))) {
            store.bars().writeBars(AAPL);
            store.bars().writeBars(BTC);
            Path btcDir = root.resolve("bars/BTCUSD/1m");
            Path real = onlyPart(btcDir);

            // garbage under a valid part name (an older version than the real part)
            Path garbage = btcDir.resolve("part-0000000000000001-0000000000000000.parquet");
            Files.writeString(garbage, "this is not parquet at all, despite the name");
            StoreHealth h = store.health();
            System.out.println("corrupt file: " + h.summary());
            assertEquals(StoreHealth.Status.DEGRADED, h.status(), h.summary());
            assertTrue(h.error().contains(garbage.toString()), h.error());
            assertEquals(252 + BTC.size(), h.barCount(), "the readable files still count");
            StorageException read =
                    assertThrows(StorageException.class, () -> store.bars().readBars("BTCUSD", Timeframe.M1));
            assertTrue(read.getMessage().contains(garbage.toString()), read.getMessage());
            assertTrue(read.getMessage().contains("unreadable Parquet"), read.getMessage());
            assertEquals(252, store.bars().readBars("AAPL", Timeframe.D1).size(), "other partitions unaffected");
            assertThrows(StorageException.class, store.bars()::listSymbols);

            // a truncated copy of a real part (a torn copy made by some other tool)
            Files.delete(garbage);
            byte[] bytes = Files.readAllBytes(real);
            Path truncated = btcDir.resolve("part-0000000000000002-0000000000000000.parquet");
            Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
            StoreHealth t = store.health();
            assertEquals(StoreHealth.Status.DEGRADED, t.status(), t.summary());
            assertTrue(t.error().contains(truncated.toString()), t.error());

            Files.delete(truncated);
            assertEquals(StoreHealth.Status.HEALTHY, store.health().status());
            StoreContract.assertSameBars(BTC, store.bars().readBars("BTCUSD", Timeframe.M1));
        }
    }

    @Test
    void onlyUnreadableBarFilesIsUnhealthy() throws Exception {
        Path root = temp.resolve("shared");
        try (Store store = Stores.open(StorageConfig.shared(root))) {
            store.bars().writeBars(AAPL);
            Path part = onlyPart(root.resolve("bars/AAPL/1d"));
            Files.writeString(part, "PAR1 broken PAR1");
            StoreHealth h = store.health();
            assertEquals(StoreHealth.Status.UNHEALTHY, h.status(), h.summary());
            assertTrue(h.error().contains(part.toString()), h.error());
        }
    }

    @Test
    void halfWrittenTemporaryFilesAreInvisible() throws Exception {
        Path root = temp.resolve("shared");
        try (Store store = Stores.open(StorageConfig.shared(root))) {
            store.bars().writeBars(AAPL);
            Path dir = root.resolve("bars/AAPL/1d");
            byte[] real = Files.readAllBytes(onlyPart(dir));
            // what a writer that crashed mid-write leaves: a hidden temporary, never renamed
            Files.write(dir.resolve(".tmp-crashed-writer.parquet"), Arrays.copyOf(real, real.length / 3));
            Files.createDirectories(root.resolve("runs/r1"));
            Files.writeString(root.resolve("runs/r1/.tmp-x.part"), "{\"runId\":");
            assertEquals(StoreHealth.Status.HEALTHY, store.health().status());
            StoreContract.assertSameBars(AAPL, store.bars().readBars("AAPL", Timeframe.D1));
            assertEquals(List.of(), store.runs().listRuns(10));
        }
    }

    /**
     * Issue 13: writers killed with SIGKILL mid-write (real processes; each takes its temporary as a write does and
     * is killed while holding it) leave temporaries that health reports and the next write to their series deletes,
     * while a live writer's temporary, in the same directory, is left alone.
     */
    @Test
    void temporariesOfKilledWritersAreReportedThenDeletedByTheNextWriteButALiveWritersAreKept() throws Exception {
        Path root = temp.resolve("shared");
        try (Store store = Stores.open(StorageConfig.shared(root))) {
            store.bars().writeBars(AAPL.head(100));
            Path dir = root.resolve("bars/AAPL/1d");
            Process killed = crashedWriter(dir, temp.resolve("ready-killed"));
            Process alive = crashedWriter(dir, temp.resolve("ready-alive"));
            Path killedTemp = Path.of(awaitReady(temp.resolve("ready-killed"), killed));
            Path aliveTemp = Path.of(awaitReady(temp.resolve("ready-alive"), alive));
            try {
                assertEquals(StoreHealth.Status.HEALTHY, store.health().status());
                assertEquals(List.of(), store.health().warnings(), "a live writer's temporary is no orphan");
                killed.destroyForcibly(); // SIGKILL
                assertTrue(killed.waitFor(30, TimeUnit.SECONDS));

                StoreHealth h = store.health();
                System.out.println("after kill -9 mid-write: " + h.summary());
                assertEquals(StoreHealth.Status.HEALTHY, h.status(), "readers are not affected");
                assertEquals(1, h.warnings().size(), h.warnings()::toString);
                assertTrue(
                        h.warnings()
                                .get(0)
                                .startsWith("1 temporary file(s) left by writers that crashed mid-write"
                                        + " (the oldest " + killedTemp),
                        h.warnings().get(0));
                assertTrue(h.summary().contains("; warning: 1 temporary file(s)"), h.summary());
                StoreContract.assertSameBars(AAPL.head(100), store.bars().readBars("AAPL", Timeframe.D1));

                store.bars().writeBars(AAPL); // the next write to that series
                assertFalse(Files.exists(killedTemp), "the killed writer's temporary is deleted");
                assertTrue(Files.exists(aliveTemp), "the live writer's temporary is kept");
                assertEquals(List.of(), store.health().warnings());
                StoreContract.assertSameBars(AAPL, store.bars().readBars("AAPL", Timeframe.D1));
            } finally {
                killed.destroyForcibly();
                alive.destroyForcibly();
                alive.waitFor(30, TimeUnit.SECONDS);
            }
            // once its writer is gone too, the next write deletes it as well
            store.bars().writeBars(AAPL.head(10));
            assertFalse(Files.exists(aliveTemp));
        }
    }

    private static Process crashedWriter(Path dir, Path ready) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashedWriterMain.class.getName(),
                        dir.toString(),
                        ready.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** The ready file's content once the writer has written it (it holds the temporary's path). */
    private static String awaitReady(Path ready, Process writer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(ready)) {
                String text = Files.readString(ready);
                if (!text.isEmpty()) {
                    return text;
                }
            }
            if (!writer.isAlive()) {
                throw new AssertionError("writer exited with " + writer.exitValue() + " before it was ready");
            }
            Thread.sleep(10);
        }
        throw new AssertionError("writer not ready after 60 s");
    }

    @Test
    void aPathUnderARegularFileCannotBeOpened() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-dir.txt"), "x");
        StorageException e =
                assertThrows(StorageException.class, () -> Stores.open(StorageConfig.shared(file.resolve("shared"))));
        System.out.println("shared under a file: " + e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(file + " is a file, not a directory"), e.getMessage());
        StorageException onFile = assertThrows(StorageException.class, () -> Stores.open(StorageConfig.shared(file)));
        assertTrue(onFile.getMessage().contains("not a directory"), onFile.getMessage());
    }

    /**
     * A directory that exists and reads but cannot be written. Tests run as root, which chmod does not stop, so this
     * uses /proc: root cannot create files there either (ENOENT), like a read-only mount.
     */
    @Test
    void aReadOnlyDirectoryReadsButRefusesWritesWithAClearMessage() {
        try (Store store = Stores.open(StorageConfig.shared(Path.of("/proc")))) {
            assertEquals(0, store.bars().readBars("AAPL", Timeframe.D1).size());
            assertEquals(List.of(), store.bars().listSymbols());
            StoreHealth h = store.health();
            System.out.println("read-only shared dir: " + h.summary());
            assertEquals(StoreHealth.Status.DEGRADED, h.status(), h.summary());
            assertTrue(h.error().contains("not writable"), h.error());
            StorageException e =
                    assertThrows(StorageException.class, () -> store.bars().writeBars(AAPL));
            System.out.println("write to read-only shared dir: " + e.getMessage());
            assertTrue(e.getMessage().contains("/proc"), e.getMessage());
            assertTrue(
                    e.getMessage()
                            .startsWith(
                                    "cannot write bars of AAPL 1d in the shared directory /proc:"
                                            + " cannot create directory /proc/bars/AAPL/1d: the file system refuses new entries in /proc"),
                    e.getMessage());
            assertThrows(
                    StorageException.class, () -> store.runs().saveRun(StoreContract.run("r", "2024-01-01T00:00:00Z")));
            assertThrows(StorageException.class, () -> store.reports().saveReport("r", Instant.now(), "{}"));
        }
    }

    @Test
    void symbolsAndIdsCannotEscapeTheDirectory() throws Exception {
        Path root = temp.resolve("a/b/shared");
        try (Store store = Stores.open(StorageConfig.shared(root))) {
            for (String s : List.of("../../../escaped", "/etc/escaped", "..", ".", "~", "\\..\\x")) {
                store.bars().writeBars(AAPL.head(3).withSymbol(s));
                store.runs().saveRun(new RunRecord(s, Instant.EPOCH, s, Timeframe.D1, 1, RunStatus.RUNNING, "{}"));
                store.reports().saveReport(s, Instant.EPOCH, "{}");
                store.signals().writeSignals(s, s, List.of(new SignalPoint(Instant.EPOCH, 1)));
            }
        }
        try (Stream<Path> all = Files.walk(temp)) {
            List<Path> outside =
                    all.filter(p -> !p.startsWith(root) && !root.startsWith(p)).toList();
            assertEquals(List.of(), outside);
        }
        try (Stream<Path> bars = Files.list(root.resolve("bars"))) {
            List<String> names =
                    bars.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(
                    List.of(
                            "%2E",
                            "%2E%2E", "%2E%2E%2F%2E%2E%2F%2E%2E%2Fescaped", "%2Fetc%2Fescaped", "%5C%2E%2E%5Cx", "%7E"),
                    names);
        }
    }
}
