package io.seedgrid.storage.shared;

import java.io.IOException;
import io.seedgrid.storage.internal.Dirs;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Atomic publication of immutable files: write under a hidden temporary name in the target directory, flush it to
 * disk, then rename it to its final name (an atomic rename within one directory on POSIX file systems and NFS). A
 * reader lists only final names, so it never sees a partial file; a crashed writer leaves only a hidden temporary.
 */
final class Publish {
    static final String TEMP_PREFIX = ".tmp-";

    private Publish() {
    }

    /** A fresh temporary path in {@code dir} (the directory is created if missing). */
    static Path temp(Path dir, String suffix) throws IOException {
        directories(dir);
        return dir.resolve(TEMP_PREFIX + UUID.randomUUID() + suffix);
    }

    /** Flushes {@code temp} and renames it atomically to {@code finalName} in the same directory. */
    static Path commit(Path temp, String finalName) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path target = temp.resolveSibling(finalName);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(temp.getParent());
        return target;
    }

    /** Writes {@code bytes} as {@code dir/finalName}, atomically. */
    static Path write(Path dir, String finalName, byte[] bytes) throws IOException {
        Path temp = temp(dir, ".part");
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return commit(temp, finalName);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes {@code bytes} as {@code dir/finalName} only if no file has that name yet: the compare-and-set of the
     * shared directory. The file is complete before its name appears (a hard link to a flushed temporary, which
     * fails atomically when the name is taken); where the file system has no hard links, a move that refuses to
     * replace is used instead (atomic on local file systems, not across NFS clients).
     *
     * @return true when this call created the file, false when the name was taken
     */
    static boolean create(Path dir, String finalName, byte[] bytes) throws IOException {
        Path temp = temp(dir, ".part");
        Path target = dir.resolve(finalName);
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.createLink(target, temp);
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                if (e instanceof java.nio.file.FileAlreadyExistsException) {
                    return false;
                }
                try {
                    Files.move(temp, target); // no REPLACE_EXISTING: refuses an existing name
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    return false;
                }
            }
            syncDirectory(dir);
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates {@code dir} and its parents, with an error naming the directory. */
    static void directories(Path dir) throws IOException {
        Dirs.create(dir);
    }

    /** Makes the rename durable where the platform allows opening a directory; elsewhere a no-op. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not supported on this platform or file system: the rename itself is still atomic
        }
    }
}
