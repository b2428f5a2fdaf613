package io.seedgrid.storage.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Creating directories with errors that say why, naming the path in the way. */
public final class Dirs {
    private Dirs() {}

    /**
     * Creates {@code dir} and its parents.
     *
     * @throws IOException whose message is one line: "cannot create directory D: F is a file, not a directory",
     *                     "...: the file system refuses new entries in P (No such file or directory)", ...
     */
    public static void create(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create directory " + dir + ": " + why(dir, e), e);
        }
    }

    /** The operating system's reason in words ("No such file or directory", "Permission denied", ...). */
    public static String reason(IOException e) {
        return e instanceof NoSuchFileException
                ? "No such file or directory"
                : e instanceof AccessDeniedException
                        ? "Permission denied"
                        : e instanceof FileSystemException fse && fse.getReason() != null
                                ? fse.getReason()
                                : e.getClass().getSimpleName() + (e.getMessage() != null ? " " + e.getMessage() : "");
    }

    /** Why {@code dir} could not be created, from the first existing ancestor and the error. */
    static String why(Path dir, IOException e) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            return existing + " is a file, not a directory";
        }
        String reason = reason(e);
        return existing == null ? reason : "the file system refuses new entries in " + existing + " (" + reason + ")";
    }
}
