package io.seedgrid.storage;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;

/**
 * Another process on a local (DuckDB) store, for {@link DuckDbFaultTest}: stores the bundled AAPL bars, creates the
 * ready file, then until killed either
 * <ul>
 *   <li>{@code busy}: keeps using the store as a service or a signal follow does, every 20 ms reading the bars and
 *       writing one more signal of strategy "holder" (so another process can see it kept working), or</li>
 *   <li>{@code hold RELEASE}: holds the file open outside seedgrid (as an old seedgrid or the duckdb shell would)
 *       until the file RELEASE appears, then lets go.</li>
 * </ul>
 * Arguments: mode, DuckDB file, ready file[, RELEASE].
 */
public final class LocalHolderMain {
    private LocalHolderMain() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        Bars aapl = BundledData.load("AAPL");
        try (Store store = Stores.open(StorageConfig.local(file))) {
            store.bars().writeBars(aapl);
        }
        if (args[0].equals("hold")) {
            try (Connection held = DriverManager.getConnection("jdbc:duckdb:" + file)) {
                Files.createFile(Path.of(args[2]));
                while (!Files.exists(Path.of(args[3]))) {
                    Thread.sleep(10);
                }
            }
            Thread.sleep(120_000);
            return;
        }
        try (Store store = Stores.open(StorageConfig.local(file))) {
            Files.createFile(Path.of(args[2]));
            for (int i = 0; ; i++) {
                if (store.bars().readBars("AAPL", Timeframe.D1).size() != aapl.size()) {
                    throw new IllegalStateException("lost bars");
                }
                store.signals()
                        .writeSignals(
                                "holder", "AAPL", List.of(new SignalPoint(Instant.EPOCH.plusSeconds(60L * i), i % 2)));
                Thread.sleep(20);
            }
        }
    }
}
