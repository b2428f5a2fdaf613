package io.seedgrid.storage.shared;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A writer caught mid-write, for {@code SharedFaultTest}: takes a temporary in a series directory the way a write
 * does ({@link Publish#temp}), writes the first bytes of a part into it, says so, then waits to be killed.
 *
 * <p>Arguments: series directory, ready file.
 */
public final class CrashedWriterMain {
    private CrashedWriterMain() {}

    public static void main(String[] args) throws Exception {
        Path temp = Publish.temp(Path.of(args[0]), PartTable.SUFFIX);
        Files.write(temp, "PAR1 half a part".getBytes(StandardCharsets.US_ASCII));
        Path ready = Path.of(args[1]);
        Path partial = Files.writeString(ready.resolveSibling(ready.getFileName() + ".partial"), temp.toString());
        Files.move(partial, ready, StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(120_000);
    }
}
