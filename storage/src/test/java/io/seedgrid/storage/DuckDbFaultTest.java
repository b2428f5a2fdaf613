package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the local backend: places it cannot write, files that are not DuckDB; another process that holds the
 * file too long, one that lets go, and one that keeps using it beside this one.
 */
@Tag("slow") // scripts/test --quick leaves it out: another JVM holds the file
class DuckDbFaultTest {
    @TempDir
    Path temp;

    @Test
    void aPathUnderARegularFileIsAClearError() throws Exception {
        Path file = Files.writeString(temp.resolve("plain.txt"), "x");
        StorageException e = assertThrows(
                StorageException.class, () -> Stores.open(StorageConfig.local(file.resolve("sub/seedgrid.duckdb"))));
        System.out.println("local under a file: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot create directory " + file.resolve("sub")), e.getMessage());
        assertTrue(e.getMessage().contains(file + " is a file, not a directory"), e.getMessage());
    }

    /** Tests run as root, so chmod cannot make a read-only directory; /proc refuses new files even to root. */
    @Test
    void anUnwritableDirectoryIsAClearError() {
        StorageException inProc = assertThrows(
                StorageException.class, () -> Stores.open(StorageConfig.local(Path.of("/proc/seedgrid.duckdb"))));
        System.out.println("local in /proc: " + inProc.getMessage());
        assertTrue(
                inProc.getMessage().startsWith("cannot open the DuckDB file /proc/seedgrid.duckdb"),
                inProc.getMessage());
        StorageException below = assertThrows(
                StorageException.class, () -> Stores.open(StorageConfig.local(Path.of("/proc/seedgrid/x.duckdb"))));
        assertTrue(below.getMessage().startsWith("cannot create directory /proc/seedgrid"), below.getMessage());
    }

    @Test
    void aDirectoryOrAForeignFileIsNotADatabase() throws Exception {
        StorageException dir = assertThrows(StorageException.class, () -> Stores.open(StorageConfig.local(temp)));
        assertTrue(dir.getMessage().contains("is a directory"), dir.getMessage());
        Path garbage = Files.writeString(temp.resolve("garbage.duckdb"), "definitely not a DuckDB file ".repeat(200));
        StorageException foreign =
                assertThrows(StorageException.class, () -> Stores.open(StorageConfig.local(garbage)));
        System.out.println("foreign file: " + foreign.getMessage());
        assertTrue(foreign.getMessage().startsWith("cannot open the DuckDB file " + garbage), foreign.getMessage());
    }

    @Test
    void aProcessHoldingTheFileLongerThanTheWaitIsNamedInAClearError() throws Exception {
        Path db = temp.resolve("held.duckdb");
        Process holder = holder("hold", db, temp.resolve("never"));
        Duration wait = Duration.ofSeconds(1);
        try {
            long start = System.nanoTime();
            StorageException e = assertThrows(
                    StorageException.class,
                    () -> Stores.open(StorageConfig.local(db).withDuckdbLockWait(wait)));
            long waited = (System.nanoTime() - start) / 1_000_000;
            System.out.println("held by another process (" + waited + " ms): " + e.getMessage());
            assertTrue(waited >= wait.toMillis(), "gave up after " + waited + " ms, before the wait");
            assertTrue(
                    e.getMessage()
                            .contains("in use by another process (PID " + holder.pid() + ": "
                                    + LocalHolderMain.class.getName() + " hold "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("DUCKDB_LOCK_WAIT (now 1000 ms)"), e.getMessage());
            assertTrue(e.getMessage().contains("shared or postgres"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        } finally {
            holder.destroy();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (Store store = Stores.open(StorageConfig.local(db))) {
            assertEquals(
                    252, store.bars().readBars("AAPL", Timeframe.D1).size(), "the holder's committed write survived");
        }
    }

    @Test
    void anOperationWaitsForAHolderThatLetsGo() throws Exception {
        Path db = temp.resolve("taken.duckdb");
        Path release = temp.resolve("release");
        Process holder = holder("hold", db, release);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertThrows(
                    StorageException.class,
                    () -> Stores.open(StorageConfig.local(db).withDuckdbLockWait(Duration.ZERO)),
                    "held: no wait, no store");
            Future<Integer> opened = pool.submit(() -> {
                try (Store store = Stores.open(StorageConfig.local(db))) {
                    return store.bars().readBars("AAPL", Timeframe.D1).size();
                }
            });
            Thread.sleep(300); // let it wait a while; it cannot get in before the release below
            assertFalse(opened.isDone(), "opened while the file was held");
            Files.createFile(release);
            assertEquals(252, opened.get(60, TimeUnit.SECONDS), "opened once the holder let go");
        } finally {
            pool.shutdownNow();
            holder.destroy();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
    }

    /**
     * A process that keeps using the store (as the service or a signal follow does) does not lock this one out: both
     * read and write the same file throughout, and the other process kept working meanwhile.
     */
    @Test
    void twoProcessesTakeTurnsOnOneFile() throws Exception {
        Path db = temp.resolve("shared by two.duckdb");
        Process holder = holder("busy", db, null);
        try (Store store = Stores.open(StorageConfig.local(db))) {
            int before = store.signals().readSignals("holder", "AAPL", null).size();
            Bars btc = BundledData.load("BTCUSD");
            for (int k = 0; k < 4; k++) {
                assertEquals(2_400, store.bars().writeBars(btc.slice(k * 2_400, (k + 1) * 2_400)), "batch " + k);
                assertEquals(252, store.bars().readBars("AAPL", Timeframe.D1).size());
            }
            RunRecord run = new RunRecord(
                    "beside-the-holder",
                    Instant.parse("2024-01-01T00:00:00Z"),
                    "BTCUSD",
                    Timeframe.M1,
                    1,
                    RunStatus.RUNNING,
                    "{}");
            store.runs().saveRun(run);
            for (int g = 0; g < 5; g++) {
                store.runs().saveGeneration(run.runId(), new GenerationRecord(g, g, g, 10, 5, null));
                Thread.sleep(100); // as an evolve between generations
            }
            store.runs().updateRunStatus(run.runId(), RunStatus.COMPLETED, null);
            assertEquals(9_600, store.bars().readBars("BTCUSD", Timeframe.M1).size());
            assertEquals(5, store.runs().generations(run.runId()).size());
            assertEquals(
                    RunStatus.COMPLETED,
                    store.runs().findRun(run.runId()).orElseThrow().status());
            int after = store.signals().readSignals("holder", "AAPL", null).size();
            System.out.println("the other process wrote " + (after - before) + " signals meanwhile");
            assertTrue(holder.isAlive(), () -> log(temp));
            assertTrue(after > before, "the other process kept working: " + before + " -> " + after);
        } finally {
            holder.destroy();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
    }

    /** Starts {@link LocalHolderMain} in {@code mode} on {@code db} and waits until it is ready. */
    private Process holder(String mode, Path db, Path release) throws Exception {
        Path ready = temp.resolve("ready-" + mode + "-" + System.nanoTime());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m",
                LocalHolderMain.class.getName(),
                mode,
                db.toString(),
                ready.toString()));
        if (release != null) {
            command.add(release.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("holder.log").toFile());
        // the class path in the environment keeps the command line short enough for the OS to report it whole
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        Process holder = builder.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.exists(ready)) {
            assertTrue(holder.isAlive() && System.currentTimeMillis() < deadline, () -> log(temp));
            Thread.sleep(10);
        }
        return holder;
    }

    private static String log(Path temp) {
        try {
            return Files.readString(temp.resolve("holder.log"));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
