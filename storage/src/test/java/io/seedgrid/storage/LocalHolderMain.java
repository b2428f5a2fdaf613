package io.seedgrid.storage;

import java.nio.file.Files;
import java.nio.file.Path;

/** Holds a local (DuckDB) store open until killed, for {@link DuckDbFaultTest}. Arguments: DuckDB file, ready file. */
public final class LocalHolderMain {
    private LocalHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Store store = Stores.open(StorageConfig.local(Path.of(args[0])))) {
            store.bars().writeBars(io.seedgrid.seeds.bars.BundledData.load("AAPL"));
            Files.createFile(Path.of(args[1]));
            Thread.sleep(120_000);
        }
    }
}
