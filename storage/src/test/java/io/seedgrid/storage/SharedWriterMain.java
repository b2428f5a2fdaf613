package io.seedgrid.storage;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A writer process for {@link SharedConcurrencyTest}: opens the shared store, says it is ready, waits for the go
 * file, then publishes its batches of {@link SharedWriterPlan} one after the other.
 *
 * <p>Arguments: shared directory, writer (1 or 2), batches, ready file, go file.
 */
public final class SharedWriterMain {
    private SharedWriterMain() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int writer = Integer.parseInt(args[1]);
        int batches = Integer.parseInt(args[2]);
        Path ready = Path.of(args[3]);
        Path go = Path.of(args[4]);
        try (Store store = Stores.open(StorageConfig.shared(root))) {
            Files.createFile(ready);
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.exists(go)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("no go file after 60 s");
                }
                Thread.sleep(5);
            }
            long start = System.nanoTime();
            for (int k = 0; k < batches; k++) {
                int written = store.bars().writeBars(SharedWriterPlan.batch(writer, k, batches));
                System.out.println("writer " + writer + " batch " + k + ": " + written + " bars");
            }
            System.out.printf("writer %d done in %.0f ms%n", writer, (System.nanoTime() - start) / 1e6);
        }
    }
}
