package io.seedgrid.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seedgrid.seeds.bars.Timeframe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults of the local backend: places it cannot write, files that are not DuckDB, a file another process holds. */
@Tag("slow") // scripts/test --quick leaves it out: another JVM holds the file
class DuckDbFaultTest {
    @TempDir
    Path temp;

    @Test
    void aPathUnderARegularFileIsAClearError() throws Exception {
        Path file = Files.writeString(temp.resolve("plain.txt"), "x");
        StorageException e = assertThrows(StorageException.class,
                () -> Stores.open(StorageConfig.local(file.resolve("sub/seedgrid.duckdb"))));
        System.out.println("local under a file: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot create directory " + file.resolve("sub")), e.getMessage());
        assertTrue(e.getMessage().contains(file + " is a file, not a directory"), e.getMessage());
    }

    /** Tests run as root, so chmod cannot make a read-only directory; /proc refuses new files even to root. */
    @Test
    void anUnwritableDirectoryIsAClearError() {
        StorageException inProc = assertThrows(StorageException.class,
                () -> Stores.open(StorageConfig.local(Path.of("/proc/seedgrid.duckdb"))));
        System.out.println("local in /proc: " + inProc.getMessage());
        assertTrue(inProc.getMessage().startsWith("cannot open the DuckDB file /proc/seedgrid.duckdb"), inProc.getMessage());
        StorageException below = assertThrows(StorageException.class,
                () -> Stores.open(StorageConfig.local(Path.of("/proc/seedgrid/x.duckdb"))));
        assertTrue(below.getMessage().startsWith("cannot create directory /proc/seedgrid"), below.getMessage());
    }

    @Test
    void aDirectoryOrAForeignFileIsNotADatabase() throws Exception {
        StorageException dir = assertThrows(StorageException.class,
                () -> Stores.open(StorageConfig.local(temp)));
        assertTrue(dir.getMessage().contains("is a directory"), dir.getMessage());
        Path garbage = Files.writeString(temp.resolve("garbage.duckdb"), "definitely not a DuckDB file ".repeat(200));
        StorageException foreign = assertThrows(StorageException.class,
                () -> Stores.open(StorageConfig.local(garbage)));
        System.out.println("foreign file: " + foreign.getMessage());
        assertTrue(foreign.getMessage().startsWith("cannot open the DuckDB file " + garbage), foreign.getMessage());
    }

    @Test
    void aFileHeldByAnotherProcessSaysSo() throws Exception {
        Path db = temp.resolve("held.duckdb");
        Path ready = temp.resolve("ready");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), LocalHolderMain.class.getName(), db.toString(), ready.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("holder.log").toFile()).start();
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.exists(ready)) {
                assertTrue(holder.isAlive() && System.currentTimeMillis() < deadline, () -> log(temp));
                Thread.sleep(10);
            }
            StorageException e = assertThrows(StorageException.class, () -> Stores.open(StorageConfig.local(db)));
            System.out.println("held by another process: " + e.getMessage());
            assertTrue(e.getMessage().contains("in use by another process (PID " + holder.pid() + ")"), e.getMessage());
            assertTrue(e.getMessage().contains("shared or postgres"), e.getMessage());
        } finally {
            holder.destroy();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (Store store = Stores.open(StorageConfig.local(db))) {
            assertEquals(252, store.bars().readBars("AAPL", Timeframe.D1).size(), "the holder's committed write survived");
        }
    }

    private static String log(Path temp) {
        try {
            return Files.readString(temp.resolve("holder.log"));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
